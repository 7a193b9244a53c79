import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEnvelope, maskPlate, PlateColor, SeizureRegisteredPayload, SeizureReleasedPayload, SeizureRenewedPayload, VehicleColor, VehicleType } from '@app/contracts';
import { Clock, EventInbox, Scheduler, Transactions } from '@app/platform';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { WatchStatus } from './watch-entry.entity';
import { WatchedSeal, WatchlistIndex } from './watchlist.index';
import { WatchlistMetrics } from './watchlist.metrics';
import { WatchlistRepository, WatchRow } from './watchlist.repository';

const CONSUMER = 'watchlist';
const REFRESH_BATCH = 5000;
/** Rows per page of the start-up rebuild: big enough to be quick, small enough to stay out of the heap's way. */
const REBUILD_PAGE = 50_000;
const NO_VEHICLE = { vehicleColor: null, vehicleBrand: null, vehicleModel: null, vehicleType: null };


function sealOf(row: WatchRow): WatchedSeal {
  const vehicle =
    row.plate_color || row.vehicle_color || row.vehicle_brand || row.vehicle_model || row.vehicle_type
      ? {
          plateColor: (row.plate_color as PlateColor) ?? undefined,
          vehicleColor: (row.vehicle_color as VehicleColor) ?? undefined,
          vehicleBrand: row.vehicle_brand ?? undefined,
          vehicleModel: row.vehicle_model ?? undefined,
          vehicleType: (row.vehicle_type as VehicleType) ?? undefined,
        }
      : undefined;
  return { seizureId: row.seizure_id, plate: row.plate, expiresAt: row.expires_at, vehicle };
}

/**
 * Applies the court's seal events to the watchlist table. The in-memory index changes only
 * through `refresh()`, which pulls rows changed since the last version it applied: the writing
 * instance calls it right after its commit, every other instance on its timer, so all of them
 * end up with the same index.
 */
@Injectable()
export class WatchlistService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(WatchlistService.name);
  private appliedVersion = 0n;
  private refreshing: Promise<number> = Promise.resolve(0);
  /** Set once the start-up rebuild is done: a refresh before it would pull from version 0 under it. */
  private rebuilt = false;

  constructor(
    private readonly entries: WatchlistRepository,
    private readonly tx: Transactions,
    private readonly inbox: EventInbox,
    private readonly index: WatchlistIndex,
    private readonly metrics: WatchlistMetrics,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'watchlist-expiry', cron: this.env.WATCHLIST_EXPIRY_CRON, run: () => this.expireLapsed() });
    // Other instances' writes reach this index only through this pull; a failure (database away) is a warning, the next one catches up.
    this.scheduler.register({
      name: 'watchlist-refresh',
      everyMs: this.env.WATCHLIST_REFRESH_MS,
      run: async () => {
        if (this.rebuilt) await this.refresh().catch((e: Error) => this.log.warn(`watchlist refresh failed: ${e.message}`));
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rebuildIndex();
    this.rebuilt = true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.rebuilt = false; // the scheduler may stop after the database: no pull from here on
    await this.refreshing.catch(() => undefined);
  }

  /**
   * Loads every active seal into the index and remembers the version it reflects (start-up).
   * Streamed in pages by seizure id inside one snapshot, so ten million seals never sit in memory
   * as rows at once and the refresh continues exactly from the version read with them.
   */
  async rebuildIndex(): Promise<number> {
    const { loaded, version } = await this.tx.run(async () => {
      const head = await this.entries.head();
      this.index.reset(head.active);
      let after = '00000000-0000-0000-0000-000000000000';
      let count = 0;
      for (;;) {
        const rows = await this.entries.activePage(after, REBUILD_PAGE);
        for (const row of rows) this.index.add(sealOf(row));
        count += rows.length;
        if (rows.length < REBUILD_PAGE) break;
        after = rows[rows.length - 1].seizure_id;
      }
      this.index.compact();
      return { loaded: count, version: head.version };
    }, 'REPEATABLE READ');
    this.appliedVersion = version;
    this.metrics.indexVersion = version;
    this.log.log(`watchlist index rebuilt: ${loaded} active seals (version ${version})`);
    return loaded;
  }

  /**
   * Applies every row changed since the last applied version to the index; returns how many.
   * Calls are queued, so a call made after a commit always sees that commit.
   */
  refresh(): Promise<number> {
    const next = this.refreshing.catch(() => 0).then(() => this.pullChanges());
    this.refreshing = next;
    return next;
  }

  private async pullChanges(): Promise<number> {
    let applied = 0;
    for (;;) {
      // Plain rows with only what the index needs: this runs every WATCHLIST_REFRESH_MS on every instance.
      const rows = await this.entries.changedSince(this.appliedVersion, REFRESH_BATCH);
      for (const row of rows) {
        if (row.status === WatchStatus.Active) this.index.add(sealOf(row));
        else this.index.remove(row.seizure_id, row.plate);
        this.appliedVersion = BigInt(row.version);
      }
      applied += rows.length;
      if (rows.length < REFRESH_BATCH) break;
    }
    this.metrics.indexVersion = this.appliedVersion;
    this.metrics.lastRefreshAt = new Date();
    return applied;
  }

  async applyRegistered(event: EventEnvelope<SeizureRegisteredPayload>): Promise<void> {
    const p = event.payload;
    const entry = await this.tx.run(async () => {
      await this.entries.lockWrites();
      if (!(await this.inbox.claim(CONSUMER, event.eventId))) return null;
      const existing = await this.entries.lockEntry(p.seizureId);
      // A release may overtake its registration; the tombstone keeps the car off the list.
      if (existing?.status === WatchStatus.Released) return null;
      const expiresAt = new Date(p.expiresAt);
      return this.entries.save({
        seizureId: p.seizureId,
        plate: p.plate,
        plateColor: p.plateColor ?? null,
        vehicleColor: p.vehicleColor ?? null,
        vehicleBrand: p.vehicleBrand ?? null,
        vehicleModel: p.vehicleModel ?? null,
        vehicleType: p.vehicleType ?? null,
        caseNumber: p.caseNumber,
        livelihood: p.livelihood,
        sealedAt: new Date(p.sealedAt),
        // A renewal may overtake its registration: keep the later term.
        expiresAt: existing?.expiresAt && existing.expiresAt > expiresAt ? existing.expiresAt : expiresAt,
        status: WatchStatus.Active,
        updatedAt: this.clock.now(),
      });
    });
    if (entry) {
      await this.refresh();
      this.log.log(`watching ${maskPlate(entry.plate)} for seizure ${entry.seizureId}`);
    }
  }

  /** 续封: the seal is watched until its new expiry (an expired entry comes back; a released one does not). */
  async applyRenewed(event: EventEnvelope<SeizureRenewedPayload>): Promise<void> {
    const p = event.payload;
    const entry = await this.tx.run(async () => {
      await this.entries.lockWrites();
      if (!(await this.inbox.claim(CONSUMER, event.eventId))) return null;
      const existing = await this.entries.lockEntry(p.seizureId);
      if (existing?.status === WatchStatus.Released) return null;
      const expiresAt = new Date(p.expiresAt);
      if (existing?.status === WatchStatus.Active && existing.expiresAt && existing.expiresAt >= expiresAt) return null;
      return this.entries.save({
        // Before its registration arrives the entry knows only the plate and the term; the registration fills in the rest.
        ...(existing ?? { plateColor: null, ...NO_VEHICLE, caseNumber: null, livelihood: false, sealedAt: null }),
        seizureId: p.seizureId,
        plate: existing?.plate ?? p.plate,
        expiresAt,
        status: WatchStatus.Active,
        updatedAt: this.clock.now(),
      });
    });
    if (entry) {
      await this.refresh();
      this.log.log(`renewed ${maskPlate(entry.plate)} until ${entry.expiresAt?.toISOString()} (seizure ${entry.seizureId})`);
    }
  }

  async applyReleased(event: EventEnvelope<SeizureReleasedPayload>): Promise<void> {
    const p = event.payload;
    const released = await this.tx.run(async () => {
      await this.entries.lockWrites();
      if (!(await this.inbox.claim(CONSUMER, event.eventId))) return false;
      const existing = await this.entries.lockEntry(p.seizureId);
      await this.entries.save({
        ...(existing ?? { plateColor: null, ...NO_VEHICLE, caseNumber: null, livelihood: false, sealedAt: null, expiresAt: null }),
        seizureId: p.seizureId,
        plate: existing?.plate ?? p.plate,
        status: WatchStatus.Released,
        updatedAt: this.clock.now(),
      });
      return true;
    });
    if (released) {
      await this.refresh();
      this.log.log(`released ${maskPlate(p.plate)} (seizure ${p.seizureId})`);
    }
  }

  /**
   * Marks active seals whose term has run out (by this side's clock) expired, so the table, the
   * index and the stats agree with what matching already ignores. No event is needed for this.
   */
  async expireLapsed(): Promise<{ seizureId: string; plate: string }[]> {
    const now = this.clock.now();
    const expired = await this.tx.run(async () => {
      await this.entries.lockWrites();
      return this.entries.expireLapsed(now);
    });
    if (expired.length) {
      await this.refresh();
      for (const e of expired) this.log.log(`seal expired, no longer watched: ${maskPlate(e.plate)} (seizure ${e.seizure_id})`);
    }
    return expired.map((e) => ({ seizureId: e.seizure_id, plate: e.plate }));
  }

}
