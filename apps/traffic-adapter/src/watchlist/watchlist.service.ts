import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEnvelope, maskPlate, SeizureRegisteredPayload, SeizureReleasedPayload } from '@app/contracts';
import { claimInboxEvent, Clock } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { TRAFFIC_SCHEMA } from '../config/traffic-adapter.env';
import { WatchEntry, WatchStatus } from './watch-entry.entity';
import { WatchlistIndex } from './watchlist.index';

const CONSUMER = 'watchlist';

/** Applies the court's seal events to the watchlist table and, once committed, to the index. */
@Injectable()
export class WatchlistService implements OnApplicationBootstrap {
  private readonly log = new Logger(WatchlistService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly index: WatchlistIndex,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.rebuildIndex();
  }

  async rebuildIndex(): Promise<number> {
    // Only what the index holds, as raw rows: hydrating a million full entities costs seconds and memory.
    const active = await this.dataSource
      .getRepository(WatchEntry)
      .createQueryBuilder('w')
      .select(['w.seizure_id AS "seizureId"', 'w.plate AS plate', 'w.expires_at AS "expiresAt"'])
      .where('w.status = :status', { status: WatchStatus.Active })
      .getRawMany<{ seizureId: string; plate: string; expiresAt: Date | null }>();
    this.index.replaceAll(active);
    this.log.log(`watchlist index rebuilt: ${active.length} active seals`);
    return active.length;
  }

  async applyRegistered(event: EventEnvelope<SeizureRegisteredPayload>): Promise<void> {
    const p = event.payload;
    const entry = await this.dataSource.transaction(async (manager) => {
      if (!(await claimInboxEvent(manager, TRAFFIC_SCHEMA, CONSUMER, event.eventId))) return null;
      const existing = await this.lock(manager, p.seizureId);
      // A release may overtake its registration; the tombstone keeps the car off the list.
      if (existing?.status === WatchStatus.Released) return null;
      return manager.getRepository(WatchEntry).save({
        seizureId: p.seizureId,
        plate: p.plate,
        plateColor: p.plateColor ?? null,
        caseNumber: p.caseNumber,
        livelihood: p.livelihood,
        sealedAt: new Date(p.sealedAt),
        expiresAt: new Date(p.expiresAt),
        status: WatchStatus.Active,
        updatedAt: this.clock.now(),
      });
    });
    if (entry) {
      this.index.add({ seizureId: entry.seizureId, plate: entry.plate, expiresAt: entry.expiresAt });
      this.log.log(`watching ${maskPlate(entry.plate)} for seizure ${entry.seizureId}`);
    }
  }

  async applyReleased(event: EventEnvelope<SeizureReleasedPayload>): Promise<void> {
    const p = event.payload;
    const released = await this.dataSource.transaction(async (manager) => {
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
      this.index.remove(p.seizureId, p.plate);
      this.log.log(`released ${maskPlate(p.plate)} (seizure ${p.seizureId})`);
    }
  }

  private lock(manager: EntityManager, seizureId: string): Promise<WatchEntry | null> {
    return manager.getRepository(WatchEntry).findOne({ where: { seizureId }, lock: { mode: 'pessimistic_write' } });
  }
}
