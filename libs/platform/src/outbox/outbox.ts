import { EventEnvelope, Topic } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { currentCorrelationId } from '../context/correlation';
import { assertSqlIdentifier } from '../database/sql-identifier';

/**
 * SQL for the outbox and inbox tables each app's first migration creates in its schema.
 * One definition, so the relay and the tables cannot drift apart.
 */
export function outboxAndInboxDdl(schema: string): { up: string[]; down: string[] } {
  const s = assertSqlIdentifier(schema);
  return {
    up: [
      `CREATE TABLE ${s}.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        key text,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`,
      `CREATE INDEX outbox_unpublished ON ${s}.outbox (id) WHERE published_at IS NULL`,
      `CREATE TABLE ${s}.inbox (
        consumer text NOT NULL,
        -- text, not uuid: intake feeds bring their own event id formats
        event_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`,
    ],
    down: [`DROP TABLE ${s}.inbox`, `DROP TABLE ${s}.outbox`],
  };
}

/**
 * Appends an event to the outbox inside the caller's transaction: the event is published if and
 * only if the state change that caused it commits. An event without a correlation id inherits
 * the flow's (the consumed event's or the HTTP request's), so follow-up events stay linked.
 */
export async function appendToOutbox(
  manager: EntityManager,
  schema: string,
  event: EventEnvelope & { topic: Topic },
  key: string,
): Promise<void> {
  const { topic, ...envelope } = event;
  if (!envelope.correlationId) {
    const inherited = currentCorrelationId();
    if (inherited) envelope.correlationId = inherited;
  }
  await manager.query(
    `INSERT INTO ${assertSqlIdentifier(schema)}.outbox (event_id, topic, key, envelope) VALUES ($1, $2, $3, $4)`,
    [envelope.eventId, topic, key, JSON.stringify(envelope)],
  );
}

/**
 * Records that `consumer` has processed `eventId`, inside the transaction that stores the
 * effect. Returns false when it already had: the caller then does nothing (exactly-once effect
 * over at-least-once delivery).
 */
export async function claimInboxEvent(manager: EntityManager, schema: string, consumer: string, eventId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${assertSqlIdentifier(schema)}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventId],
  );
  return rows.length === 1;
}

/**
 * `claimInboxEvent` for many events in one statement (batch consumers): returns the ids claimed
 * now, in the caller's transaction; the others were processed before (or appear twice in `eventIds`).
 */
export async function claimInboxEvents(manager: EntityManager, schema: string, consumer: string, eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows: { event_id: string }[] = await manager.query(
    `INSERT INTO ${assertSqlIdentifier(schema)}.inbox (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, [...new Set(eventIds)]],
  );
  return new Set(rows.map((r) => r.event_id));
}
