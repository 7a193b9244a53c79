import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEnvelope, maskPlate, SeizureRegisteredPayload, SeizureReleasedPayload, SeizureRenewedPayload } from '@app/contracts';
import { claimInboxEvent, Clock, scheduleCronJob } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { TRAFFIC_SCHEMA, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { WATCHLIST_WRITE_LOCK, WatchEntry, WatchStatus } from './watch-entry.entity';
import { WatchlistIndex } from './watchlist.index';
import { WatchlistMetrics } from './watchlist.metrics';

const CONSUMER = 'watchlist';
const REFRESH_BATCH = 5000;

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
export class WatchlistService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(WatchlistService.name);
  private appliedVersion = 0n;
  private refreshing: Promise<number> = Promise.resolve(0);
  private refreshTimer: NodeJS.Timeout | null = null;
  private stopExpiryJob: (() => Promise<void>) | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly index: WatchlistIndex,
    private readonly metrics: WatchlistMetrics,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.rebuildIndex();
    this.refreshTimer = setInterval(() => void this.refresh().catch((e: Error) => this.log.warn(`watchlist refresh failed: ${e.message}`)), this.env.WATCHLIST_REFRESH_MS);
    this.refreshTimer.unref();
    this.stopExpiryJob = scheduleCronJob(this.env.WATCHLIST_EXPIRY_CRON, () => this.expireLapsed(), (e) => this.log.warn(`watchlist expiry job failed: ${e.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    await this.stopExpiryJob?.();
    await this.refreshing.catch(() => undefined);
  }

  /** Loads every active seal into the index and remembers the version it reflects (start-up). */
  async rebuildIndex(): Promise<number> {
    // Only what the index holds, as raw rows: hydrating a million full entities costs seconds and
    // memory. Read with the version in one snapshot so the refresh continues exactly from it.
    const { active, version } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ max }] = await manager.query(`SELECT coalesce(max(version), 0)::text AS max FROM ${TRAFFIC_SCHEMA}.watchlist`);
      const rows = await manager
        .getRepository(WatchEntry)
        .createQueryBuilder('w')
        .select(['w.seizure_id AS "seizureId"', 'w.plate AS plate', 'w.expires_at AS "expiresAt"'])
        .where('w.status = :status', { status: WatchStatus.Active })
        .getRawMany<{ seizureId: string; plate: string; expiresAt: Date | null }>();
      return { active: rows, version: BigInt(max) };
    });
    this.index.replaceAll(active);
    this.appliedVersion = version;
    this.metrics.indexVersion = version;
    this.log.log(`watchlist index rebuilt: ${active.length} active seals (version ${version})`);
    return active.length;
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
      const rows: { seizure_id: string; plate: string; expires_at: Date | null; status: WatchStatus; version: string }[] = await this.dataSource.query(
        `SELECT seizure_id, plate, expires_at, status, version::text AS version FROM ${TRAFFIC_SCHEMA}.watchlist WHERE version > $1 ORDER BY version LIMIT $2`,
        [this.appliedVersion.toString(), REFRESH_BATCH],
      );
      for (const row of rows) {
        if (row.status === WatchStatus.Active) this.index.add({ seizureId: row.seizure_id, plate: row.plate, expiresAt: row.expires_at });
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
        ...(existing ?? { plateColor: null, caseNumber: null, livelihood: false, sealedAt: null }),
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
        ...(existing ?? { plateColor: null, caseNumber: null, livelihood: false, sealedAt: null, expiresAt: null }),
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
