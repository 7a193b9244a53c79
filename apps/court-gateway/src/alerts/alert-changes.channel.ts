import { Injectable, Logger } from '@nestjs/common';
import type { Client } from 'pg';
import { DatabaseConnections, Transactions } from '@app/platform';

const CHANNEL = 'court_alert_changes';
/** PostgreSQL caps a NOTIFY payload below 8,000 bytes: 36-character ids, comma-separated, 200 at a time. */
const IDS_PER_NOTIFY = 200;

/**
 * The PostgreSQL side of the alert change stream: all its SQL. `notify` sends changed alert ids
 * on a channel inside the current transaction (PostgreSQL delivers a NOTIFY only on commit, never
 * for a rollback); `listen` holds a connection of its own (a pooled one cannot stay LISTENing)
 * that hears every instance's notices, and opens it again when it is lost.
 */
@Injectable()
export class AlertChangesChannel {
  private readonly log = new Logger(AlertChangesChannel.name);
  private client: Client | null = null;
  private closing = false;

  constructor(
    private readonly connections: DatabaseConnections,
    private readonly tx: Transactions,
  ) {}

  /** In the transaction of the change: the ids reach every listener when (and only if) it commits. */
  async notify(alertIds: readonly string[]): Promise<void> {
    for (let i = 0; i < alertIds.length; i += IDS_PER_NOTIFY) {
      await this.tx.manager.query('SELECT pg_notify($1, $2)', [CHANNEL, alertIds.slice(i, i + IDS_PER_NOTIFY).join(',')]);
    }
  }

  /** Calls `onAlertId` with each id notified by any instance, from now until `close`. */
  async listen(onAlertId: (id: string) => void): Promise<void> {
    const client = this.connections.client();
    client.on('notification', (msg) => {
      for (const id of msg.payload?.split(',') ?? []) if (id) onAlertId(id);
    });
    client.on('error', (error) => {
      this.log.warn(`alert change listener lost its connection: ${error.message}; reconnecting`);
      void client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.listen(onAlertId).catch((e) => this.log.error(`reconnect failed: ${e}`)), 1000);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.client?.end().catch(() => undefined);
  }
}
