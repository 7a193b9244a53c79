import { DomainError, ErrorCode } from '@app/contracts';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock, Principal, Transactions } from '@app/platform';
import { bufferTime, filter, Subscription } from 'rxjs';
import { AlertEventsBus } from '../alerts/alert-events.bus';
import { AlertQueriesService } from '../alerts/alert-queries.service';
import { AlertRepository } from '../alerts/alert.repository';
import { assertMayAct } from '../alerts/domain/alert-permissions';
import { AlertState } from '../alerts/domain/alert-lifecycle';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { haversineKm } from '../routing/geo';
import { OfficerPositionRepository } from './officer-position.repository';
import { PositionView, SharePositionDto } from './position.dto';

/** Responding: acknowledged and not yet closed. Positions are shared only then. */
const RESPONDING: readonly AlertState[] = [AlertState.Acknowledged, AlertState.Verified, AlertState.Dispatched, AlertState.OnScene];
/** A fix may be this far ahead of the server's clock (phones' clocks drift) … */
const FUTURE_SKEW_MS = 60_000;
/** … and at most this old: a stale fix says nothing about where the officer is now. */
const MAX_AGE_MS = 10 * 60_000;

/**
 * Officers' positions while they respond, with their consent (the phone sends fixes only after
 * they turn sharing on): checked for sense (range, accuracy, a believable speed since their last
 * fix), visible to the command center's dispatchers only, kept only until the alert closes.
 */
@Injectable()
export class PositionsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(PositionsService.name);
  private cleanup?: Subscription;

  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly positions: OfficerPositionRepository,
    private readonly alerts: AlertRepository,
    private readonly queries: AlertQueriesService,
    private readonly bus: AlertEventsBus,
    private readonly tx: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // Any alert change may be a closing: the positions of closed alerts go (in batches, on every instance).
    this.cleanup = this.bus.alertChanges
      .pipe(
        bufferTime(500),
        filter((ids) => ids.length > 0),
      )
      .subscribe(() => void this.deleteForClosedAlerts().catch((error) => this.log.warn(`position cleanup failed: ${error}`)));
    void this.deleteForClosedAlerts().catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.cleanup?.unsubscribe();
  }

  deleteForClosedAlerts(): Promise<number> {
    return this.tx.run(() => this.positions.deleteForClosedAlerts());
  }

  /** One fix from the officer's phone for an alert they respond to. */
  async share(alertId: string, dto: SharePositionDto, by: Principal): Promise<PositionView> {
    const officerId = this.ownOfficer(by);
    return this.tx.run(async () => {
      const alert = await this.alerts.findById(alertId);
      if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id: alertId } });
      assertMayAct(alert, await this.queries.callerOf(by));
      if (!RESPONDING.includes(alert.state)) {
        throw new DomainError(alert.closedAt ? ErrorCode.PositionAlertClosed : ErrorCode.PositionNotAcknowledged, { params: { id: alertId, state: alert.state } });
      }
      const now = this.clock.now();
      const at = dto.at ? new Date(dto.at) : now;
      if (at.getTime() > now.getTime() + FUTURE_SKEW_MS) throw new DomainError(ErrorCode.PositionInFuture, { field: 'at', params: { at: dto.at, now: now.toISOString() } });
      if (at.getTime() < now.getTime() - MAX_AGE_MS) throw new DomainError(ErrorCode.PositionTooOld, { field: 'at', params: { at: dto.at, minutes: MAX_AGE_MS / 60_000 } });
      if (dto.accuracy > this.env.POSITION_MAX_ACCURACY_M) {
        throw new DomainError(ErrorCode.PositionTooVague, { field: 'accuracy', params: { accuracy: dto.accuracy, max: this.env.POSITION_MAX_ACCURACY_M } });
      }
      const last = await this.positions.lockLatest(alertId, officerId);
      if (last) this.assertPlausible(last, dto, at);
      const position = { alertId, officerId, lat: dto.lat, lon: dto.lon, accuracyM: dto.accuracy, fixedAt: at, receivedAt: now };
      await this.positions.save(position);
      return { alertId, officerId, lat: dto.lat, lon: dto.lon, accuracy: dto.accuracy, at: at.toISOString() };
    });
  }

  /**
   * The officer cannot have moved faster than POSITION_MAX_SPEED_KMH since their last fix; both
   * fixes' accuracy is given to them first, so a jittery fix at standstill is not "fast".
   */
  private assertPlausible(last: { lat: number; lon: number; accuracyM: number; fixedAt: Date }, dto: SharePositionDto, at: Date): void {
    const seconds = (at.getTime() - last.fixedAt.getTime()) / 1000;
    if (seconds < 0) throw new DomainError(ErrorCode.PositionOutOfOrder, { field: 'at', params: { at: at.toISOString(), last: last.fixedAt.toISOString() } });
    const km = haversineKm({ lat: last.lat, lon: last.lon }, { lat: dto.lat, lon: dto.lon });
    const beyondAccuracyKm = Math.max(0, km - (last.accuracyM + dto.accuracy) / 1000);
    if (beyondAccuracyKm === 0) return;
    const kmh = seconds > 0 ? beyondAccuracyKm / (seconds / 3600) : Infinity;
    if (kmh > this.env.POSITION_MAX_SPEED_KMH) {
      throw new DomainError(ErrorCode.PositionImplausible, {
        params: { km: km.toFixed(2), seconds: seconds.toFixed(0), kmh: Number.isFinite(kmh) ? kmh.toFixed(0) : '∞', max: this.env.POSITION_MAX_SPEED_KMH },
      });
    }
  }

  /** The officer stops sharing: their position for this alert is deleted at once. */
  async stop(alertId: string, by: Principal): Promise<{ deleted: boolean }> {
    const officerId = this.ownOfficer(by);
    return { deleted: await this.tx.run(() => this.positions.delete(alertId, officerId)) };
  }

  /** For the command center's dispatchers (the controller's roles): who shares where, for this alert. */
  async forAlert(alertId: string, by: Principal): Promise<PositionView[]> {
    await this.queries.get(alertId, await this.queries.callerOf(by));
    return (await this.positions.forAlert(alertId)).map((p) => ({
      alertId: p.alertId, officerId: p.officerId, officerName: p.officerName, badge: p.badge, lat: p.lat, lon: p.lon, accuracy: p.accuracyM, at: new Date(p.fixedAt).toISOString(),
    }));
  }

  private ownOfficer(by: Principal): string {
    if (by.kind !== 'user' || !by.officerId) throw new DomainError(ErrorCode.PositionNeedsOfficer, { params: { caller: by.name } });
    return by.officerId;
  }
}
