import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { In } from 'typeorm';
import { TRAFFIC_SCHEMA } from '../config/traffic-adapter.env';
import { WATCHLIST_WRITE_LOCK, WatchEntry, WatchStatus } from './watch-entry.entity';

/** The columns the index holds, as plain rows: hydrating millions of entities costs seconds and memory. */
const WATCH_COLUMNS = 'seizure_id, plate, expires_at, plate_color, vehicle_color, vehicle_brand, vehicle_model, vehicle_type';
export interface WatchRow {
  seizure_id: string;
  plate: string;
  expires_at: Date | null;
  plate_color: string | null;
  vehicle_color: string | null;
  vehicle_brand: string | null;
  vehicle_model: string | null;
  vehicle_type: string | null;
}

/**
 * The watchlist table (traffic.watchlist): all the SQL over it, in the transaction of the message
 * or job ({@link Transactions}). Every row written gets the next version (a trigger), which is
 * how the instances' in-memory indexes follow it.
 */
@Injectable()
export class WatchlistRepository {
  constructor(private readonly tx: Transactions) {}

  private get entries() {
    return this.tx.manager.getRepository(WatchEntry);
  }

  /** Takes the watchlist writers' lock first, so writers never deadlock with the version trigger (until the transaction ends). */
  async lockWrites(): Promise<void> {
    await this.tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [WATCHLIST_WRITE_LOCK]);
  }

  /** The entry of the seal, locked until the transaction ends. */
  lockEntry(seizureId: string): Promise<WatchEntry | null> {
    return this.entries.findOne({ where: { seizureId }, lock: { mode: 'pessimistic_write' } });
  }

  save(entry: Omit<WatchEntry, 'version'>): Promise<WatchEntry> {
    return this.entries.save(entry);
  }

  /** The last version written (versions commit in order under the write lock) and how many seals are active. */
  async head(): Promise<{ version: bigint; active: number }> {
    const [{ max, active }] = await this.tx.manager.query(
      `SELECT coalesce(max(version), 0)::text AS max, count(*) FILTER (WHERE status = $1)::int AS active FROM ${TRAFFIC_SCHEMA}.watchlist`,
      [WatchStatus.Active],
    );
    return { version: BigInt(max), active };
  }

  /** One page of the active seals by seizure id after `after`. */
  activePage(after: string, limit: number): Promise<WatchRow[]> {
    return this.tx.manager.query(
      `SELECT ${WATCH_COLUMNS} FROM ${TRAFFIC_SCHEMA}.watchlist WHERE status = $1 AND seizure_id > $2 ORDER BY seizure_id LIMIT $3`,
      [WatchStatus.Active, after, limit],
    );
  }

  /** Rows written after `version`, in version order. */
  changedSince(version: bigint, limit: number): Promise<(WatchRow & { status: WatchStatus; version: string })[]> {
    return this.tx.manager.query(
      `SELECT ${WATCH_COLUMNS}, status, version::text AS version FROM ${TRAFFIC_SCHEMA}.watchlist WHERE version > $1 ORDER BY version LIMIT $2`,
      [version.toString(), limit],
    );
  }

  /** Active seals whose term ran out by `now` become expired; returns them. */
  async expireLapsed(now: Date): Promise<{ seizure_id: string; plate: string }[]> {
    const [rows] = await this.tx.manager.query(
      `UPDATE ${TRAFFIC_SCHEMA}.watchlist SET status = $1, updated_at = $2 WHERE status = $3 AND expires_at <= $2 RETURNING seizure_id, plate`,
      [WatchStatus.Expired, now, WatchStatus.Active],
    );
    return rows;
  }

  active(): Promise<WatchEntry[]> {
    return this.entries.find({ where: { status: WatchStatus.Active } });
  }

  /** The released and expired entries of these seals. */
  async inactiveOf(seizureIds: string[]): Promise<WatchEntry[]> {
    const rows: WatchEntry[] = [];
    for (let i = 0; i < seizureIds.length; i += 10_000) {
      rows.push(...(await this.entries.find({ where: { seizureId: In(seizureIds.slice(i, i + 10_000)), status: In([WatchStatus.Released, WatchStatus.Expired]) } })));
    }
    return rows;
  }

  async upsertAll(entries: Omit<WatchEntry, 'version'>[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 1000) await this.entries.upsert(entries.slice(i, i + 1000), { conflictPaths: ['seizureId'] });
  }

  async setStatus(seizureIds: string[], status: WatchStatus, at: Date): Promise<void> {
    if (seizureIds.length) await this.entries.update({ seizureId: In(seizureIds) }, { status, updatedAt: at });
  }
}
