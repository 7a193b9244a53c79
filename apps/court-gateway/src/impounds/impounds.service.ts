import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/contracts';
import { Clock, Principal, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { AlertActionsService } from '../alerts/alert-actions.service';
import { AlertCallers } from '../alerts/alert-callers';
import { AlertQueriesService } from '../alerts/alert-queries.service';
import { AlertRepository } from '../alerts/alert.repository';
import { AlertAction, AlertOutcome, AlertState } from '../alerts/domain/alert-lifecycle';
import { AlertCaller, assertMayAct } from '../alerts/domain/alert-permissions';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { RosterService } from '../roster/roster.service';
import { Seizure } from '../seizures/seizure.entity';
import { SeizureRepository } from '../seizures/seizure.repository';
import { CUSTODY_TARGET, custodyFigures, CustodyState, CustodyTransition, yuan } from './custody';
import { EndCustodyDto, ImpoundView, RecordImpoundDto, StorageYardView } from './impound.dto';
import { Impound, ImpoundPaper, ImpoundPhoto, PlaceSource } from './impound.entity';
import { ImpoundRepository } from './impound.repository';
import { PAPERS_FONT, STORAGE_YARDS } from './impounds.tokens';
import { CleanPhoto, cleanPhoto, NotAnImageError } from './photo';
import { PAPER_TITLE, PaperFacts, PaperKind, PapersFont, renderPaper } from './papers';
import { StorageYard } from './yards';

/** An uploaded photo as the HTTP layer hands it over. */
export interface UploadedPhoto {
  originalname: string;
  buffer: Buffer;
}

/** How far ahead of the server's clock a phone's seizure time may be (clock skew), not more. */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * 扣押: records a car impounded on scene (record, photos, papers and the alert's resolution as
 * seized, in one transaction), its custody until release or auction, and the fee warning. The
 * alert's rules decide who may act (../alerts/domain/alert-permissions); ./custody decides days
 * and fees; ./photo what of a picture is kept; ./papers what is printed.
 */
@Injectable()
export class ImpoundsService {
  private readonly log = new Logger(ImpoundsService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly impounds: ImpoundRepository,
    private readonly alerts: AlertRepository,
    private readonly alertActions: AlertActionsService,
    private readonly alertQueries: AlertQueriesService,
    private readonly callers: AlertCallers,
    private readonly seizures: SeizureRepository,
    private readonly roster: RosterService,
    private readonly clock: Clock,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    @Inject(STORAGE_YARDS) private readonly yards: StorageYard[],
    @Inject(PAPERS_FONT) private readonly font: PapersFont,
  ) {}

  yardViews(): StorageYardView[] {
    return this.yards.map(yardView);
  }

  async record(alertId: string, dto: RecordImpoundDto, uploads: UploadedPhoto[], by?: Principal): Promise<ImpoundView> {
    if (uploads.length > this.env.IMPOUND_PHOTO_MAX_COUNT) throw new DomainError(ErrorCode.ImpoundTooManyPhotos, { field: 'photos', params: { max: this.env.IMPOUND_PHOTO_MAX_COUNT } });
    if ((dto.lat === undefined) !== (dto.lon === undefined)) throw new DomainError(ErrorCode.ImpoundLatLonTogether, { field: dto.lat === undefined ? 'lat' : 'lon' });
    // Pictures are checked and stripped before the transaction: a bad one refuses the whole record.
    const photos: CleanPhoto[] = [];
    for (const [i, upload] of uploads.entries()) {
      try {
        photos.push(await cleanPhoto(upload.buffer));
      } catch (error) {
        if (!(error instanceof NotAnImageError)) throw error;
        throw new DomainError(ErrorCode.ImpoundPhotoNotImage, { field: `photos[${i}]`, params: { index: i + 1, name: upload.originalname || 'unnamed' } });
      }
    }
    await this.tx.run(async () => {
      const alert = await this.alerts.lockById(alertId);
      if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id: alertId } });
      const caller = await this.callers.of(by, dto.officerId);
      assertMayAct(alert, caller);
      if (await this.impounds.findByAlert(alertId)) throw new DomainError(ErrorCode.ImpoundAlreadyRecorded, { params: { id: alertId } });
      if (alert.state !== AlertState.OnScene) throw new DomainError(ErrorCode.ImpoundNeedsOnScene, { params: { id: alertId, state: alert.state } });
      const yard = this.yards.find((y) => y.id === dto.yardId);
      if (!yard) throw new DomainError(ErrorCode.ImpoundYardUnknown, { field: 'yardId', params: { yardId: dto.yardId, known: this.yards.map((y) => y.id).join(', ') || '—' } });
      const now = this.clock.now();
      const seizedAt = dto.seizedAt ? new Date(dto.seizedAt) : now;
      if (seizedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) throw new DomainError(ErrorCode.ImpoundSeizedInFuture, { field: 'seizedAt', params: { seizedAt: dto.seizedAt ?? '' } });
      if (seizedAt < alert.openedAt) throw new DomainError(ErrorCode.ImpoundSeizedBeforeAlert, { field: 'seizedAt', params: { seizedAt: dto.seizedAt ?? '', openedAt: alert.openedAt.toISOString() } });
      const place = placeOf(dto, photos);
      const seal = (await this.seizures.findById(alert.seizureId))!;
      const impound: Impound = {
        id: randomUUID(), alertId, seizureId: alert.seizureId, seizedAt, placeName: place.name, placeLat: place.lat, placeLon: place.lon, placeSource: place.source,
        keysCount: dto.keysCount, registrationCertificate: dto.registrationCertificate, vehicleCondition: dto.vehicleCondition, odometerKm: dto.odometerKm,
        drivenBy: dto.drivenBy, yardId: yard.id, yardName: yard.name, yardAddress: yard.address, dailyRateFen: yard.dailyRateFen,
        estimatedValueFen: dto.estimatedValueYuan === undefined ? null : Math.round(dto.estimatedValueYuan * 100), debtorResponse: dto.debtorResponse,
        note: dto.note ?? null, recordedBy: await this.nameOf(caller, by), recordedAt: now, custodyState: CustodyState.InCustody,
        custodyEndedAt: null, custodyEndedBy: null, custodyEndNote: null, feeWarnedAt: null,
      };
      const facts = this.factsOf(seal, impound, photos.length);
      const papers: ImpoundPaper[] = [];
      for (const kind of Object.values(PaperKind)) papers.push({ impoundId: impound.id, kind, pdf: await renderPaper(kind, facts, this.font), generatedAt: now });
      const stored: ImpoundPhoto[] = photos.map((p, i) => ({ impoundId: impound.id, n: i + 1, contentType: p.contentType, data: p.data }));
      await this.impounds.insert(impound, stored, papers);
      // The car is taken: the alert ends as seized, in this transaction (the lifecycle and its SLA figures decide).
      await this.alertActions.act(alertId, AlertAction.Resolve, { officerId: dto.officerId, outcome: AlertOutcome.Seized, note: `扣押 → ${yard.name}` }, by);
    });
    this.log.log(`impound recorded for alert ${alertId}: ${photos.length} photo(s), yard ${dto.yardId}`);
    return this.get(alertId, by);
  }

  /** The record of an alert, for whoever may see the alert (404 / 403 as the alert). */
  async get(alertId: string, by?: Principal): Promise<ImpoundView> {
    await this.alertQueries.get(alertId, await this.alertQueries.callerOf(by));
    const impound = await this.impounds.findByAlert(alertId);
    if (!impound) throw new DomainError(ErrorCode.ImpoundNotFound, { params: { id: alertId } });
    return (await this.views([impound]))[0];
  }

  /** Records by custody state; team-bound callers see their team's only. */
  async list(state: CustodyState | undefined, by: Principal | undefined, limit = 200): Promise<ImpoundView[]> {
    const caller = await this.alertQueries.callerOf(by);
    const rows = await this.impounds.list(state, caller.confinedTeam, limit);
    return this.views(rows);
  }

  async photo(alertId: string, n: number, by?: Principal): Promise<{ contentType: string; data: Buffer }> {
    const impound = await this.visible(alertId, by);
    const photo = await this.impounds.photo(impound.id, n);
    if (!photo) throw new DomainError(ErrorCode.ImpoundPhotoNotFound, { params: { id: alertId, n } });
    return photo;
  }

  async paper(alertId: string, kind: PaperKind, by?: Principal): Promise<{ pdf: Buffer; filename: string }> {
    const impound = await this.visible(alertId, by);
    const pdf = await this.impounds.paper(impound.id, kind);
    if (!pdf) throw new DomainError(ErrorCode.ImpoundNotFound, { params: { id: alertId } });
    return { pdf, filename: `${kind}-${alertId}.pdf` };
  }

  /** Release or hand to auction: custody ends, fees stop at that day. */
  async endCustody(alertId: string, transition: CustodyTransition, dto: EndCustodyDto, by?: Principal): Promise<ImpoundView> {
    await this.tx.run(async () => {
      const alert = await this.alerts.findById(alertId);
      if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id: alertId } });
      const caller = await this.callers.of(by, dto.officerId);
      assertMayAct(alert, caller);
      const impound = await this.impounds.lockByAlert(alertId);
      if (!impound) throw new DomainError(ErrorCode.ImpoundNotFound, { params: { id: alertId } });
      if (impound.custodyState !== CustodyState.InCustody) throw new DomainError(ErrorCode.ImpoundCustodyEnded, { params: { id: alertId, state: impound.custodyState } });
      impound.custodyState = CUSTODY_TARGET[transition];
      impound.custodyEndedAt = this.clock.now();
      impound.custodyEndedBy = await this.nameOf(caller, by);
      impound.custodyEndNote = dto.note ?? null;
      await this.impounds.save(impound);
    });
    return this.get(alertId, by);
  }

  /** The car's estimated value (from an appraisal, later than the seizure): the fee warning is measured against it. */
  async estimate(alertId: string, valueYuan: number, by?: Principal): Promise<ImpoundView> {
    await this.tx.run(async () => {
      const alert = await this.alerts.findById(alertId);
      if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id: alertId } });
      assertMayAct(alert, await this.callers.of(by));
      const impound = await this.impounds.lockByAlert(alertId);
      if (!impound) throw new DomainError(ErrorCode.ImpoundNotFound, { params: { id: alertId } });
      impound.estimatedValueFen = Math.round(valueYuan * 100);
      impound.feeWarnedAt = null;
      await this.impounds.save(impound);
    });
    return this.get(alertId, by);
  }

  /**
   * Marks cars whose fees reached the warning share (once each), for /metrics and the log; the
   * views compute the warning live. Run by the scheduler; tests call it on the manual clock.
   */
  async raiseFeeWarnings(): Promise<number> {
    const now = this.clock.now();
    return this.tx.run(async () => {
      let raised = 0;
      for (const impound of await this.impounds.claimUnwarned(500)) {
        const figures = custodyFigures(impound, now, this.env.IMPOUND_FEE_WARNING_SHARE);
        if (!figures.feeWarning) continue;
        impound.feeWarnedAt = now;
        await this.impounds.save(impound);
        raised++;
        this.log.warn(`custody fees of alert ${impound.alertId} reached ${yuan(figures.feesFen)} yuan after ${figures.days} days at ${impound.yardName}: ${Math.round(figures.feeShareOfValue! * 100)}% of the estimated value`);
      }
      return raised;
    });
  }

  private async visible(alertId: string, by?: Principal): Promise<Impound> {
    await this.alertQueries.get(alertId, await this.alertQueries.callerOf(by));
    const impound = await this.impounds.findByAlert(alertId);
    if (!impound) throw new DomainError(ErrorCode.ImpoundNotFound, { params: { id: alertId } });
    return impound;
  }

  private async views(rows: Impound[]): Promise<ImpoundView[]> {
    const now = this.clock.now();
    const seals = new Map<string, Seizure>((await this.seizures.findByIds([...new Set(rows.map((r) => r.seizureId))])).map((s) => [s.id, s]));
    const counts = await this.impounds.photoCounts(rows.map((r) => r.id));
    return rows.map((i) => {
      const seal = seals.get(i.seizureId);
      const figures = custodyFigures(i, i.custodyEndedAt ?? now, this.env.IMPOUND_FEE_WARNING_SHARE);
      const base = `/api/v1/alerts/${i.alertId}/impound`;
      return {
        id: i.id, alertId: i.alertId, seizureId: i.seizureId, caseNumber: seal?.caseNumber ?? '', plate: seal?.plate ?? '',
        seizedAt: i.seizedAt.toISOString(), place: { name: i.placeName, lat: i.placeLat, lon: i.placeLon, source: i.placeSource },
        keysCount: i.keysCount, registrationCertificate: i.registrationCertificate, vehicleCondition: i.vehicleCondition, odometerKm: i.odometerKm,
        drivenBy: i.drivenBy, yard: { id: i.yardId, name: i.yardName, address: i.yardAddress, dailyRateYuan: yuan(i.dailyRateFen) },
        estimatedValueYuan: i.estimatedValueFen === null ? null : yuan(i.estimatedValueFen), debtorResponse: i.debtorResponse, note: i.note,
        recordedBy: i.recordedBy, recordedAt: i.recordedAt.toISOString(),
        photos: Array.from({ length: counts.get(i.id) ?? 0 }, (_, k) => ({ n: k + 1, url: `${base}/photos/${k + 1}` })),
        papers: Object.values(PaperKind).map((kind) => ({ kind, title: PAPER_TITLE[kind], url: `${base}/papers/${kind}.pdf` })),
        custody: {
          state: i.custodyState, days: figures.days, feesYuan: yuan(figures.feesFen), feeWarning: figures.feeWarning, feeShareOfValue: figures.feeShareOfValue,
          feeWarningShare: this.env.IMPOUND_FEE_WARNING_SHARE, endedAt: i.custodyEndedAt?.toISOString() ?? null, endedBy: i.custodyEndedBy, endNote: i.custodyEndNote,
        },
      };
    });
  }

  private factsOf(seal: Seizure, i: Impound, photos: number): PaperFacts {
    const vehicle = [seal.vehicleBrand, seal.vehicleModel, seal.vehicleColor].filter(Boolean).join(' ') || null;
    const place = i.placeName ?? (i.placeLat !== null ? `北纬 ${i.placeLat}，东经 ${i.placeLon}（照片定位）` : '（未记录）');
    return {
      courtName: this.env.COURT_NAME, trafficPoliceUnit: this.env.TRAFFIC_POLICE_UNIT, caseNumber: seal.caseNumber, ownerName: seal.ownerName, plate: seal.plate,
      vin: seal.vin, vehicle, sealedAt: seal.sealedAt, seizedAt: i.seizedAt, place, keysCount: i.keysCount, registrationCertificate: i.registrationCertificate,
      vehicleCondition: i.vehicleCondition, odometerKm: i.odometerKm, drivenBy: i.drivenBy, yardName: i.yardName, yardAddress: i.yardAddress,
      dailyRateFen: i.dailyRateFen, debtorResponse: i.debtorResponse, photos, recordedBy: i.recordedBy, note: i.note, timeZone: this.env.COURT_TIMEZONE,
    };
  }

  /** Who recorded, as printed on the papers: the roster officer's name and badge, else the account. */
  private async nameOf(caller: AlertCaller, by: Principal | undefined): Promise<string> {
    if (caller.actingAs.kind === 'officer') {
      const officer = await this.roster.officerById(caller.actingAs.officer.id);
      if (officer) return `${officer.name} (${officer.badge})`;
    }
    return by?.name ?? 'desk';
  }
}

/** The place given wins; else the first photo with a GPS position; else none. */
function placeOf(dto: RecordImpoundDto, photos: CleanPhoto[]): { name: string | null; lat: number | null; lon: number | null; source: PlaceSource } {
  if (dto.placeName !== undefined || dto.lat !== undefined) return { name: dto.placeName ?? null, lat: dto.lat ?? null, lon: dto.lon ?? null, source: 'given' };
  const located = photos.find((p) => p.gps);
  if (located) return { name: null, lat: located.gps!.lat, lon: located.gps!.lon, source: 'photo' };
  return { name: null, lat: null, lon: null, source: 'none' };
}

function yardView(y: StorageYard): StorageYardView {
  return { id: y.id, name: y.name, address: y.address, dailyRateYuan: yuan(y.dailyRateFen) };
}
