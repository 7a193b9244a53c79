import { Injectable } from '@nestjs/common';
import { HitImage } from '@app/contracts';
import { Transactions } from '@app/platform';
import { COURT_SCHEMA } from '../config/court-gateway.env';

/** Pictures of hits sent inline by the feed (court.hit_images), stored with the hit in its transaction. */
@Injectable()
export class HitImagesRepository {
  constructor(private readonly tx: Transactions) {}

  async insert(images: (HitImage & { hitId: string })[], at: Date): Promise<void> {
    if (images.length === 0) return;
    await this.tx.manager.query(
      `INSERT INTO ${COURT_SCHEMA}.hit_images (hit_id, format, data, created_at)
       SELECT h, f, decode(d, 'base64'), $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(h, f, d)
       ON CONFLICT (hit_id) DO NOTHING`,
      [images.map((i) => i.hitId), images.map((i) => i.format), images.map((i) => i.data), at],
    );
  }

  async find(hitId: string): Promise<{ format: string; data: Buffer } | null> {
    const rows: { format: string; data: Buffer }[] = await this.tx.manager.query(`SELECT format, data FROM ${COURT_SCHEMA}.hit_images WHERE hit_id = $1`, [hitId]);
    return rows[0] ?? null;
  }

  /** Which of these hits have a picture stored. */
  async withImages(hitIds: string[]): Promise<Set<string>> {
    if (hitIds.length === 0) return new Set();
    const rows: { hit_id: string }[] = await this.tx.manager.query(`SELECT hit_id FROM ${COURT_SCHEMA}.hit_images WHERE hit_id = ANY($1::uuid[])`, [hitIds]);
    return new Set(rows.map((r) => r.hit_id));
  }
}
