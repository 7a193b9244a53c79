import { Inject, Injectable } from '@nestjs/common';
import { APP_SCHEMA } from '../database/app-schema';
import { Transactions } from '../database/transactions';

/** An outbox row the relay sends. */
export interface PendingEvent {
  id: string;
  topic: string;
  key: string | null;
  envelope: object;
}

/**
 * The app's outbox and inbox tables (`<schema>.outbox`, `<schema>.inbox`): every statement on
 * them. Writes of a use case (append, claim) go in the current transaction; the relay's pass
 * runs in a transaction of its own (`Transactions.runAlone`).
 */
@Injectable()
export class OutboxRepository {
  private readonly outbox: string;
  private readonly inbox: string;
  /** The advisory lock one relay pass per schema holds (the same name every instance uses). */
  private readonly relayLock: string;

  constructor(
    private readonly tx: Transactions,
    @Inject(APP_SCHEMA) schema: string,
  ) {
    this.outbox = `${schema}.outbox`;
    this.inbox = `${schema}.inbox`;
    this.relayLock = `outbox:${schema}`;
  }

  /** An event to publish once the current transaction commits (`envelope` without the topic). */
  async append(topic: string, key: string, envelope: { eventId: string }): Promise<void> {
    await this.tx.manager.query(`INSERT INTO ${this.outbox} (event_id, topic, key, envelope) VALUES ($1, $2, $3, $4)`, [
      envelope.eventId,
      topic,
      key,
      JSON.stringify(envelope),
    ]);
  }

  /** Records `eventId` as consumed by `consumer`; false when it was before. */
  async claim(consumer: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.manager.query(
      `INSERT INTO ${this.inbox} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventId],
    );
    return rows.length === 1;
  }

  /** The ids of `eventIds` claimed now, in one statement. */
  async claimAll(consumer: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows: { event_id: string }[] = await this.tx.manager.query(
      `INSERT INTO ${this.inbox} (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, [...new Set(eventIds)]],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** Unpublished rows and the age of the oldest, in whole seconds by the database's clock (0 when none). */
  async backlog(): Promise<{ count: number; oldestSeconds: number }> {
    const [row] = await this.tx.manager.query(
      `SELECT count(*)::int AS n, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
         FROM ${this.outbox} WHERE published_at IS NULL`,
    );
    return { count: row.n, oldestSeconds: Math.max(0, Math.floor(Number(row.oldest))) };
  }

  /** In the relay's pass: the schema's relay lock for this transaction, false when another pass holds it. */
  async lockRelay(): Promise<boolean> {
    const [{ locked }] = await this.tx.manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [this.relayLock]);
    return locked;
  }

  /** The oldest unpublished rows, in id order, but none of the keys held back (a partition in trouble). */
  nextBatch(limit: number, held: { topic: string; key: string }[]): Promise<PendingEvent[]> {
    return this.tx.manager.query(
      `SELECT id, topic, key, envelope FROM ${this.outbox}
        WHERE published_at IS NULL
          AND (topic, COALESCE(key, '')) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))
        ORDER BY id LIMIT $1`,
      [limit, held.map((h) => h.topic), held.map((h) => h.key)],
    );
  }

  /** Marks sent rows, on the pool: a send may finish after the pass that started it committed. */
  async markPublished(ids: string[]): Promise<void> {
    await this.tx.pool.query(`UPDATE ${this.outbox} SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Deletes rows published more than `days` days ago. */
  async prunePublished(days: number): Promise<void> {
    await this.tx.manager.query(`DELETE FROM ${this.outbox} WHERE published_at < now() - make_interval(days => $1)`, [days]);
  }
}
