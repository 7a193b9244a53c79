import { Injectable, Logger } from '@nestjs/common';
import { createEnvelope, EventType, DomainError, ErrorCode, maskPlate, ReasonCode, reasonPart, WatchlistExportPage } from '@app/contracts';
import { Clock, EventOutbox, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { COURT_PRODUCER } from '../config/court-gateway.env';
import { SealDispositionView } from '../dispositions/disposition.dto';
import { SealDispositionsRepository } from '../dispositions/seal-dispositions.repository';
import { RegisterSeizureDto, ReleaseSeizureDto, RenewSeizureDto, SeizureView } from './seizure.dto';
import { Seizure, SeizureStatus } from './seizure.entity';
import { SealEndedHooks } from './seal-ended.hooks';
import { resolveRenewal, resolveSealTerm } from './seal-term';
import { SeizureRepository } from './seizure.repository';

@Injectable()
export class SeizuresService {
  private readonly log = new Logger(SeizuresService.name);

  constructor(
    private readonly seizures: SeizureRepository,
    private readonly outbox: EventOutbox,
    private readonly sealEnded: SealEndedHooks,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly dispositions: SealDispositionsRepository,
  ) {}

  /**
   * Stores the seal and its SeizureRegistered event in one transaction. Registering the same
   * case and plate again returns the existing active seal instead of a second one.
   */
  async register(dto: RegisterSeizureDto): Promise<{ seizure: SeizureView; created: boolean }> {
    const now = this.clock.now();
    const term = resolveSealTerm(now, dto.sealedAt, dto.expiresAt);
    if ('problem' in term) throw term.problem;

    const result = await this.tx.run(async () => {
      await this.seizures.lockRegistration(dto.caseNumber, dto.plate);
      const existing = await this.seizures.activeOf(dto.caseNumber, dto.plate);
      if (existing && existing.expiresAt > now) return { seizure: existing, created: false };
      // Lapsed but not yet swept by the expiry job: it is expired, and this is a new seal.
      if (existing) {
        await this.seizures.markExpired(existing.id, now);
        await this.sealEnded.ended(existing.id, reasonPart(ReasonCode.SealExpired));
      }
      const seizure = await this.seizures.save(
        Object.assign(new Seizure(), {
          id: randomUUID(),
          caseNumber: dto.caseNumber,
          plate: dto.plate,
          plateColor: dto.plateColor ?? null,
          vin: dto.vin ?? null,
          vehicleColor: dto.vehicleColor ?? null,
          vehicleBrand: dto.vehicleBrand ?? null,
          vehicleModel: dto.vehicleModel ?? null,
          vehicleType: dto.vehicleType ?? null,
          ownerName: dto.ownerName ?? null,
          tribunal: dto.tribunal ?? null,
          livelihood: dto.livelihood ?? false,
          sealedAt: term.sealedAt,
          expiresAt: term.expiresAt,
          status: SeizureStatus.Active,
          releasedAt: null,
          releaseReason: null,
          createdAt: now,
          renewedAt: null,
          expiredAt: null,
        }),
      );
      const event = createEnvelope(
        EventType.SeizureRegistered,
        {
          seizureId: seizure.id,
          caseNumber: seizure.caseNumber,
          plate: seizure.plate,
          plateColor: seizure.plateColor ?? undefined,
          vin: seizure.vin ?? undefined,
          vehicleColor: seizure.vehicleColor ?? undefined,
          vehicleBrand: seizure.vehicleBrand ?? undefined,
          vehicleModel: seizure.vehicleModel ?? undefined,
          vehicleType: seizure.vehicleType ?? undefined,
          tribunal: seizure.tribunal ?? undefined,
          livelihood: seizure.livelihood,
          sealedAt: seizure.sealedAt.toISOString(),
          expiresAt: seizure.expiresAt.toISOString(),
        },
        { producer: COURT_PRODUCER, occurredAt: now, correlationId: seizure.id },
      );
      await this.outbox.append(event);
      return { seizure, created: true };
    });
    if (result.created) {
      this.log.log(`sealed ${maskPlate(result.seizure.plate)} for case ${result.seizure.caseNumber} (seizure ${result.seizure.id})`);
    }
    return { seizure: toView(result.seizure), created: result.created };
  }

  /** Lifts the seal: the plate leaves the watchlist and any open alert for it is cancelled. */
  async release(id: string, dto: ReleaseSeizureDto): Promise<SeizureView> {
    const now = this.clock.now();
    const seizure = await this.tx.run(async () => {
      const found = await this.seizures.lockById(id);
      if (!found) throw new DomainError(ErrorCode.SeizureNotFound, { params: { id } });
      if (found.status === SeizureStatus.Released) throw new DomainError(ErrorCode.SeizureAlreadyReleased, { params: { id, releasedAt: found.releasedAt?.toISOString() } });
      if (found.status === SeizureStatus.Expired) throw new DomainError(ErrorCode.SeizureExpiredNothingToRelease, { params: { id, expiresAt: found.expiresAt.toISOString() } });
      found.status = SeizureStatus.Released;
      found.releasedAt = now;
      found.releaseReason = dto.reason ?? null;
      await this.seizures.save(found);
      await this.sealEnded.ended(found.id, dto.reason ? reasonPart(ReasonCode.SealReleasedBecause, { note: dto.reason }) : reasonPart(ReasonCode.SealReleased));
      const event = createEnvelope(
        EventType.SeizureReleased,
        { seizureId: found.id, plate: found.plate, releasedAt: now.toISOString(), reason: dto.reason },
        { producer: COURT_PRODUCER, occurredAt: now, correlationId: found.id },
      );
      await this.outbox.append(event);
      return found;
    });
    this.log.log(`released ${maskPlate(seizure.plate)} (seizure ${seizure.id})`);
    return toView(seizure);
  }

  /** 续封: the seal gets a new term and the traffic side a SeizureRenewed with the new expiry. */
  async renew(id: string, dto: RenewSeizureDto): Promise<SeizureView> {
    const now = this.clock.now();
    const seizure = await this.tx.run(async () => {
      const found = await this.seizures.lockById(id);
      if (!found) throw new DomainError(ErrorCode.SeizureNotFound, { params: { id } });
      if (found.status !== SeizureStatus.Active) throw new DomainError(ErrorCode.SeizureNotActiveForRenewal, { params: { id, status: found.status } });
      const term = resolveRenewal(now, found.expiresAt, dto.expiresAt);
      // A lapsed seal is a state conflict (the code's kind), a bad date is bad input.
      if ('problem' in term) throw term.problem;
      found.expiresAt = term.expiresAt;
      found.renewedAt = now;
      await this.seizures.save(found);
      const event = createEnvelope(
        EventType.SeizureRenewed,
        { seizureId: found.id, plate: found.plate, expiresAt: found.expiresAt.toISOString(), renewedAt: now.toISOString() },
        { producer: COURT_PRODUCER, occurredAt: now, correlationId: found.id },
      );
      await this.outbox.append(event);
      return found;
    });
    this.log.log(`renewed ${maskPlate(seizure.plate)} until ${seizure.expiresAt.toISOString()} (seizure ${seizure.id})`);
    return toView(seizure);
  }

  /** One page of the seals in force (active and unexpired now), by id, for the adapter's reconciliation. */
  async exportInForce(cursor: string | undefined, limit: number): Promise<WatchlistExportPage> {
    const now = this.clock.now();
    const rows = await this.seizures.inForcePage(now, cursor, limit);
    return {
      items: rows.map((s) => ({
        seizureId: s.id,
        plate: s.plate,
        plateColor: s.plate_color,
        vehicleColor: s.vehicle_color,
        vehicleBrand: s.vehicle_brand,
        vehicleModel: s.vehicle_model,
        vehicleType: s.vehicle_type,
        caseNumber: s.case_number,
        livelihood: s.livelihood,
        sealedAt: s.sealed_at.toISOString(),
        expiresAt: s.expires_at.toISOString(),
      })),
      nextCursor: rows.length === limit ? rows[rows.length - 1].id : null,
      asOf: now.toISOString(),
    };
  }

  /** One seal; `team`: the caller is confined to that team (a seal of another team is not found). */
  async get(id: string, team: string | null = null): Promise<SeizureView> {
    const found = await this.seizures.findForTeam(id, team);
    if (!found) throw new DomainError(ErrorCode.SeizureNotFound, { params: { id } });
    return toView(found, (await this.dispositions.ofSeals([id])).get(id) ?? null);
  }

  async list(status: SeizureStatus | undefined, limit: number, team: string | null = null): Promise<SeizureView[]> {
    const rows = await this.seizures.list(status, limit, team);
    const dispositions = await this.dispositions.ofSeals(rows.map((r) => r.id));
    return rows.map((r) => toView(r, dispositions.get(r.id) ?? null));
  }
}

function toView(s: Seizure, disposition?: SealDispositionView | null): SeizureView {
  return {
    id: s.id,
    caseNumber: s.caseNumber,
    plate: s.plate,
    plateColor: s.plateColor,
    vin: s.vin,
    vehicleColor: s.vehicleColor,
    vehicleBrand: s.vehicleBrand,
    vehicleModel: s.vehicleModel,
    vehicleType: s.vehicleType,
    ownerName: s.ownerName,
    tribunal: s.tribunal,
    livelihood: s.livelihood,
    sealedAt: s.sealedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    status: s.status,
    releasedAt: s.releasedAt?.toISOString() ?? null,
    releaseReason: s.releaseReason,
    createdAt: s.createdAt.toISOString(),
    renewedAt: s.renewedAt?.toISOString() ?? null,
    expiredAt: s.expiredAt?.toISOString() ?? null,
    ...(disposition !== undefined ? { disposition } : {}),
  };
}
