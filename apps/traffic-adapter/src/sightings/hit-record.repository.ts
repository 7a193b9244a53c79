import { Injectable } from '@nestjs/common';
import { MatchKind } from '@app/contracts';
import { Transactions } from '@app/platform';
import { LessThan } from 'typeorm';
import { TRAFFIC_SCHEMA } from '../config/traffic-adapter.env';
import { HitRecord } from './hit-record.entity';

export interface PlacedReadRow {
  camera_id: string;
  checkpoint_id: string | null;
  observed_at: Date;
  lat: number;
  lon: number;
  place_name: string | null;
}

/** The hits this side found (traffic.hits), kept HIT_RETENTION_DAYS: evidence for impossible travel. */
@Injectable()
export class HitRecordRepository {
  constructor(private readonly tx: Transactions) {}

  async insert(records: HitRecord[]): Promise<void> {
    if (records.length) await this.tx.manager.getRepository(HitRecord).insert(records);
  }

  /** The seal's exact reads with a place observed in [from, to], nearest to `at` first (at most 20). */
  exactPlacedReads(seizureId: string, from: Date, to: Date, at: Date): Promise<PlacedReadRow[]> {
    return this.tx.manager.query(
      `SELECT camera_id, checkpoint_id, observed_at, lat, lon, place_name FROM ${TRAFFIC_SCHEMA}.hits
        WHERE seizure_id = $1 AND match = $2 AND lat IS NOT NULL AND observed_at BETWEEN $3 AND $4
        ORDER BY abs(extract(epoch FROM observed_at - $5::timestamptz)) LIMIT 20`,
      [seizureId, MatchKind.Exact, from, to, at],
    );
  }

  /** Deletes hits stored before `cutoff`; returns how many. */
  async deleteStoredBefore(cutoff: Date): Promise<number> {
    return (await this.tx.manager.getRepository(HitRecord).delete({ createdAt: LessThan(cutoff) })).affected ?? 0;
  }
}
