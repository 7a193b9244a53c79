import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { TRAFFIC_SCHEMA } from '../../config/traffic-adapter.env';

/** A lower device's (or platform's) registration with our 视图库. */
export interface DeviceSession {
  deviceId: string;
  username: string;
  address: string | null;
  registeredAt: Date;
  lastKeepaliveAt: Date;
  unregisteredAt: Date | null;
}

interface Row {
  device_id: string;
  username: string;
  address: string | null;
  registered_at: Date;
  last_keepalive_at: Date;
  unregistered_at: Date | null;
}

const toSession = (r: Row): DeviceSession => ({
  deviceId: r.device_id,
  username: r.username,
  address: r.address,
  registeredAt: r.registered_at,
  lastKeepaliveAt: r.last_keepalive_at,
  unregisteredAt: r.unregistered_at,
});

/** Registrations live in the database so every instance behind the load balancer knows them. */
@Injectable()
export class DeviceSessionsRepository {
  constructor(private readonly tx: Transactions) {}

  async saveRegistered(deviceId: string, username: string, address: string | null, at: Date): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.gat1400_device_sessions (device_id, username, address, registered_at, last_keepalive_at, unregistered_at)
       VALUES ($1, $2, $3, $4, $4, NULL)
       ON CONFLICT (device_id) DO UPDATE SET username = EXCLUDED.username, address = EXCLUDED.address,
         registered_at = EXCLUDED.registered_at, last_keepalive_at = EXCLUDED.last_keepalive_at, unregistered_at = NULL`,
      [deviceId, username, address, at],
    );
  }

  async find(deviceId: string): Promise<DeviceSession | null> {
    const rows: Row[] = await this.tx.manager.query(`SELECT * FROM ${TRAFFIC_SCHEMA}.gat1400_device_sessions WHERE device_id = $1`, [deviceId]);
    return rows[0] ? toSession(rows[0]) : null;
  }

  async touchKeepalive(deviceId: string, at: Date): Promise<void> {
    await this.tx.manager.query(`UPDATE ${TRAFFIC_SCHEMA}.gat1400_device_sessions SET last_keepalive_at = GREATEST(last_keepalive_at, $2) WHERE device_id = $1`, [deviceId, at]);
  }

  async markUnregistered(deviceId: string, at: Date): Promise<void> {
    await this.tx.manager.query(`UPDATE ${TRAFFIC_SCHEMA}.gat1400_device_sessions SET unregistered_at = $2 WHERE device_id = $1`, [deviceId, at]);
  }

  async listAll(): Promise<DeviceSession[]> {
    const rows: Row[] = await this.tx.manager.query(`SELECT * FROM ${TRAFFIC_SCHEMA}.gat1400_device_sessions ORDER BY device_id`);
    return rows.map(toSession);
  }
}
