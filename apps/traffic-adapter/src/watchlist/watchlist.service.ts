import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEnvelope, maskPlate, PlateColor, SeizureRegisteredPayload, SeizureReleasedPayload, SeizureRenewedPayload, VehicleColor, VehicleType } from '@app/contracts';
import { claimInboxEvent, Clock, Scheduler } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { TRAFFIC_SCHEMA, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { WATCHLIST_WRITE_LOCK, WatchEntry, WatchStatus } from './watch-entry.entity';
import { WatchedSeal, WatchlistIndex } from './watchlist.index';
import { WatchlistMetrics } from './watchlist.metrics';

const CONSUMER = 'watchlist';
const REFRESH_BATCH = 5000;
/** Rows per page of the start-up rebuild: big enough to be quick, small enough to stay out of the heap's way. */
const REBUILD_PAGE = 50_000;
const NO_VEHICLE = { vehicleColor: null, vehicleBrand: null, vehicleModel: null, vehicleType: null };

/** The columns the index holds, as plain rows: hydrating millions of entities costs seconds and memory. */
const WATCH_COLUMNS = 'seizure_id, plate, expires_at, plate_color, vehicle_color, vehicle_brand, vehicle_model, vehicle_type';
interface WatchRow {
  seizure_id: string;
  plate: string;
  expires_at: Date | null;
  plate_color: string | null;
  vehicle_color: string | null;
  vehicle_brand: string | null;
  vehicle_model: string | null;
  vehicle_type: string | null;
}

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

/** Takes the watchlist writers' lock first, so writers never deadlock with the version trigger. */
export async function lockWatchlistWrites(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [WATCHLIST_WRITE_LOCK]);
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
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly index: WatchlistIndex,
    private readonly metrics: WatchlistMetrics,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'watchlist-expiry', cron: this.env.WATCHLIST_EXPIRY_CRON, run: () => this.expireLapsed() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rebuildIndex();
    this.refreshTimer = setInterval(() => void this.refresh().catch((e: Error) => this.log.warn(`watchlist refresh failed: ${e.message}`)), this.env.WATCHLIST_REFRESH_MS);
    this.refreshTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    await this.refreshing.catch(() => undefined);
  }

  /**
   * Loads every active seal into the index and remembers the version it reflects (start-up).
   * Streamed in pages by seizure id inside one snapshot, so ten million seals never sit in memory
   * as rows at once and the refresh continues exactly from the version read with them.
   */
  async rebuildIndex(): Promise<number> {
    const { loaded, version } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ max, active }] = await manager.query(
        `SELECT coalesce(max(version), 0)::text AS max, count(*) FILTER (WHERE status = $1)::int AS active FROM ${TRAFFIC_SCHEMA}.watchlist`,
        [WatchStatus.Active],
      );
      this.index.reset(active);
      let after = '00000000-0000-0000-0000-000000000000';
      let count = 0;
      for (;;) {
        const rows: WatchRow[] = await manager.query(
          `SELECT ${WATCH_COLUMNS} FROM ${TRAFFIC_SCHEMA}.watchlist WHERE status = $1 AND seizure_id > $2 ORDER BY seizure_id LIMIT $3`,
          [WatchStatus.Active, after, REBUILD_PAGE],
        );
        for (const row of rows) this.index.add(sealOf(row));
        count += rows.length;
        if (rows.length < REBUILD_PAGE) break;
        after = rows[rows.length - 1].seizure_id;
      }
      this.index.compact();
      return { loaded: count, version: BigInt(max) };
    });
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
      const rows: (WatchRow & { status: WatchStatus; version: string })[] = await this.dataSource.query(
        `SELECT ${WATCH_COLUMNS}, status, version::text AS version FROM ${TRAFFIC_SCHEMA}.watchlist WHERE version > $1 ORDER BY version LIMIT $2`,
        [this.appliedVersion.toString(), REFRESH_BATCH],
      );
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
    const entry = await this.dataSource.transaction(async (manager) => {
      await lockWatchlistWrites(manager);
      if (!(await claimInboxEvent(manager, TRAFFIC_SCHEMA, CONSUMER, event.eventId))) return null;
      const existing = await this.lock(manager, p.seizureId);
      // A release may overtake its registration; the tombstone keeps the car off the list.
      if (existing?.status === WatchStatus.Released) return null;
      const expiresAt = new Date(p.expiresAt);
      return manager.getRepository(WatchEntry).save({
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
    const entry = await this.dataSource.transaction(async (manager) => {
      await lockWatchlistWrites(manager);
      if (!(await claimInboxEvent(manager, TRAFFIC_SCHEMA, CONSUMER, event.eventId))) return null;
      const existing = await this.lock(manager, p.seizureId);
      if (existing?.status === WatchStatus.Released) return null;
      const expiresAt = new Date(p.expiresAt);
      if (existing?.status === WatchStatus.Active && existing.expiresAt && existing.expiresAt >= expiresAt) return null;
      return manager.getRepository(WatchEntry).save({
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
    const released = await this.dataSource.transaction(async (manager) => {
      await lockWatchlistWrites(manager);
      if (!(await claimInboxEvent(manager, TRAFFIC_SCHEMA, CONSUMER, event.eventId))) return false;
      const existing = await this.lock(manager, p.seizureId);
      await manager.getRepository(WatchEntry).save({
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
    const expired: { seizure_id: string; plate: string }[] = await this.dataSource.transaction(async (manager) => {
      await lockWatchlistWrites(manager);
      const [rows] = await manager.query(
        `UPDATE ${TRAFFIC_SCHEMA}.watchlist SET status = $1, updated_at = $2 WHERE status = $3 AND expires_at <= $2 RETURNING seizure_id, plate`,
        [WatchStatus.Expired, now, WatchStatus.Active],
      );
      return rows;
    });
    if (expired.length) {
      await this.refresh();
      for (const e of expired) this.log.log(`seal expired, no longer watched: ${maskPlate(e.plate)} (seizure ${e.seizure_id})`);
    }
    return expired.map((e) => ({ seizureId: e.seizure_id, plate: e.plate }));
  }

  private lock(manager: EntityManager, seizureId: string): Promise<WatchEntry | null> {
    return manager.getRepository(WatchEntry).findOne({ where: { seizureId }, lock: { mode: 'pessimistic_write' } });
  }
}
