import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Client } from 'pg';
import { Observable, Subject } from 'rxjs';
import { DatabaseConnections, Transactions } from '@app/platform';

const CHANNEL = 'court_alert_changes';
/** PostgreSQL caps a NOTIFY payload below 8,000 bytes: 36-character ids, comma-separated, 200 at a time. */
const IDS_PER_NOTIFY = 200;

/**
 * Tells every court-gateway instance that an alert changed. `announce` runs inside the
 * transaction of the change (PostgreSQL delivers NOTIFY only on commit, never for a rollback),
 * and each instance LISTENs, so a desk connected to any instance sees changes made by all.
 */
@Injectable()
export class AlertEventsBus implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(AlertEventsBus.name);
  private readonly changes = new Subject<string>();
  private client: Client | null = null;
  private closing = false;

  constructor(
    private readonly connections: DatabaseConnections,
    private readonly tx: Transactions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.changes.complete();
    await this.client?.end().catch(() => undefined);
  }

  /** Alert ids as their changes commit, on this instance and every other. */
  get alertChanges(): Observable<string> {
    return this.changes.asObservable();
  }

  /** Inside the transaction of the change: the ids reach every listener when (and only if) it commits. */
  async announce(alertIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(alertIds)];
    for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY) {
      await this.tx.manager.query('SELECT pg_notify($1, $2)', [CHANNEL, ids.slice(i, i + IDS_PER_NOTIFY).join(',')]);
    }
  }

  private async connect(): Promise<void> {
    const client = this.connections.client();
    client.on('notification', (msg) => {
      for (const id of msg.payload?.split(',') ?? []) if (id) this.changes.next(id);
    });
    client.on('error', (error) => {
      this.log.warn(`alert change listener lost its connection: ${error.message}; reconnecting`);
      void client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.connect().catch((e) => this.log.error(`reconnect failed: ${e}`)), 1000);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }
}
