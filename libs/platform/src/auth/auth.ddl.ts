import { assertSqlIdentifier } from '../database/sql-identifier';

/**
 * Tables both apps' security migrations create in their schema: API keys (only a hash of each
 * key is kept), the append-only audit log and the signatures of accepted webhooks (replays).
 */
export function authDdl(schema: string): { up: string[]; down: string[] } {
  const s = assertSqlIdentifier(schema);
  return {
    up: [
      `CREATE TABLE ${s}.api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        roles text[] NOT NULL,
        -- SHA-256 of the key: keys are 192 random bits, so a fast hash is enough and lookups stay O(1)
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        rate_limit_per_minute integer,
        created_at timestamptz NOT NULL,
        created_by text,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`,
      `CREATE TABLE ${s}.audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_kind text NOT NULL,
        actor_id text,
        actor_name text,
        actor_roles text[] NOT NULL DEFAULT '{}',
        action text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        target_type text,
        target_id text,
        status integer NOT NULL,
        outcome text NOT NULL,
        correlation_id text,
        client_ip text,
        details jsonb
      )`,
      `CREATE INDEX audit_log_target ON ${s}.audit_log (target_type, target_id, id)`,
      `CREATE INDEX audit_log_actor ON ${s}.audit_log (actor_id, id)`,
      `CREATE INDEX audit_log_at ON ${s}.audit_log (at)`,
      // Append-only by construction, not by convention: even the application's own role cannot rewrite history.
      `CREATE FUNCTION ${s}.audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP; END $$`,
      `CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON ${s}.audit_log FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_is_append_only()`,
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${s}.audit_log FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_log_is_append_only()`,
      `CREATE TABLE ${s}.webhook_signatures (
        signature text PRIMARY KEY,
        received_at timestamptz NOT NULL
      )`,
    ],
    down: [
      `DROP TABLE ${s}.webhook_signatures`,
      `DROP TABLE ${s}.audit_log`,
      `DROP FUNCTION ${s}.audit_log_is_append_only()`,
      `DROP TABLE ${s}.api_keys`,
    ],
  };
}
