import { Injectable } from '@nestjs/common';
import { DatabaseConnections } from '@app/platform';
import { Client } from 'pg';
import { TRAFFIC_SCHEMA } from '../../config/traffic-adapter.env';

const LOCK = `${TRAFFIC_SCHEMA}.gat1400.client`;

/**
 * The PostgreSQL session advisory lock that makes one instance the client of the police 视图库,
 * on a connection of its own: the lock lasts exactly as long as that connection, so an instance
 * that dies (or loses its connection) lets another take over.
 */
@Injectable()
export class ClientLockRepository {
  private client: Client | null = null;

  constructor(private readonly connections: DatabaseConnections) {}

  /** Takes the lock if it is free; true when this connection holds it. Throws when the database cannot be reached. */
  async tryTake(): Promise<boolean> {
    const client = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK]);
    return rows[0].locked;
  }

  /** Throws when the connection that holds the lock is gone (and the lock with it). */
  async checkHeld(): Promise<void> {
    if (!this.client) throw new Error('the connection holding the lock is gone');
    await this.client.query('SELECT 1');
  }

  /** Gives the lock back (when held) and closes the connection. */
  async release(held: boolean): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (held) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = this.connections.client();
    // A connection that dies while idle reports here, not to a query: forget it, the next call opens another.
    client.on('error', () => {
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }
}
