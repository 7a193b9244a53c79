import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { In } from 'typeorm';
import { CourtHit } from './alert.entity';

/** The hits the court received (court.hits): an alert's sighting track, and hits of seals no longer in force. */
@Injectable()
export class HitRepository {
  constructor(private readonly tx: Transactions) {}

  private get hits() {
    return this.tx.manager.getRepository(CourtHit);
  }

  /** Which of these hit ids are stored already (a hit re-published under a new event id). */
  async knownIds(hitIds: string[]): Promise<Set<string>> {
    if (hitIds.length === 0) return new Set();
    const rows = await this.hits.find({ select: { hitId: true }, where: { hitId: In(hitIds) } });
    return new Set(rows.map((r) => r.hitId));
  }

  async insert(hits: CourtHit[]): Promise<void> {
    if (hits.length) await this.hits.insert(hits);
  }

  trackOf(alertId: string): Promise<CourtHit[]> {
    return this.hits.find({ where: { alertId }, order: { observedAt: 'ASC' } });
  }
}
