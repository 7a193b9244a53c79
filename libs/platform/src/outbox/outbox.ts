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
