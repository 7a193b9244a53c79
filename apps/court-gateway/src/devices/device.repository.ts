import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { In, IsNull } from 'typeorm';
import { Device } from './device.entity';

/** The device, with what its account says now: a disabled account's devices stop working. */
export interface DeviceWithAccount {
  device: Device;
  account: { username: string; roles: string[]; teamId: string | null; officerId: string | null; disabled: boolean };
}

/** Phones enabled for push (court.devices): all the SQL over them. */
@Injectable()
export class DeviceRepository {
  constructor(private readonly tx: Transactions) {}

  private get devices() {
    return this.tx.manager.getRepository(Device);
  }

  async insert(device: Device): Promise<void> {
    await this.devices.insert(device);
  }

  /**
   * Registering a subscription again replaces its earlier registration: the old credential stops
   * working. Registrations of one endpoint are serialized until the transaction ends (under a lock
   * taken before the officer's, in every registration), so one registering the same subscription
   * at the same moment is revoked here once it committed, instead of both inserting a live row and
   * the second hitting the unique index of live endpoints.
   */
  async revokeLiveWithEndpoint(endpoint: string, now: Date): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('court.devices.endpoint:' || $1, 0))`, [endpoint]);
    await this.devices.update({ endpoint, revokedAt: IsNull() }, { revokedAt: now });
  }

  findById(id: string): Promise<Device | null> {
    return this.devices.findOne({ where: { id } });
  }

  /** The devices an officer enabled and has not revoked, newest first (at most `limit`). */
  liveForOfficer(officerId: string, limit?: number): Promise<Device[]> {
    return this.devices.find({ where: { officerId, revokedAt: IsNull() }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** How many live devices the officer has, counted under a lock on the officer's devices until the transaction ends (two phones registering at once cannot both pass the limit). */
  async countLiveForOfficerLocked(officerId: string): Promise<number> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('court.devices:' || $1, 0))`, [officerId]);
    return this.devices.count({ where: { officerId, revokedAt: IsNull() } });
  }

  /** Which of these officers have at least one live device. */
  async officersWithLiveDevices(officerIds: string[]): Promise<Set<string>> {
    if (!officerIds.length) return new Set();
    const rows = await this.devices
      .createQueryBuilder('d')
      .select('DISTINCT d.officer_id', 'officerId')
      .where('d.officerId IN (:...officerIds) AND d.revokedAt IS NULL', { officerIds })
      .getRawMany<{ officerId: string }>();
    return new Set(rows.map((r) => r.officerId));
  }

  /** What an account registered, revoked ones included (so people see what they revoked and when). */
  forUser(userId: string): Promise<Device[]> {
    return this.devices.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  /** The live device holding this credential, and its account as it is now. */
  async liveByTokenHash(tokenHash: string): Promise<DeviceWithAccount | null> {
    const device = await this.devices.findOne({ where: { tokenHash, revokedAt: IsNull() } });
    if (!device) return null;
    const [user] = await this.tx.manager.query(
      `SELECT username, roles, team_id AS "teamId", officer_id AS "officerId", disabled_at IS NOT NULL AS disabled FROM court.users WHERE id = $1`,
      [device.userId],
    );
    return user ? { device, account: user } : null;
  }

  /** Every live device an account registered stops working (the account now answers for another officer). */
  async revokeAllOfUser(userId: string, now: Date): Promise<void> {
    await this.devices.update({ userId, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.devices.update({ id, revokedAt: IsNull() }, { revokedAt: now });
  }

  /** The push service said the subscription is gone (404/410): nothing left to keep. */
  async deleteGone(ids: string[]): Promise<void> {
    if (ids.length) await this.devices.delete({ id: In(ids) });
  }

  async touchUsed(id: string, now: Date): Promise<void> {
    await this.devices.update({ id }, { lastUsedAt: now });
  }

  async touchPushed(ids: string[], now: Date): Promise<void> {
    if (ids.length) await this.devices.update({ id: In(ids) }, { lastPushAt: now });
  }
}
