import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '@app/platform';
import { Gat1400Settings, Gat1400ServerSettings } from '../gat1400.settings';
import { DigestAuthority } from '../viid/digest';
import { DeviceSession, DeviceSessionsRepository } from './device-sessions.repository';

export type SessionVerdict = { ok: true; session: DeviceSession } | { ok: false; reason: string };

/**
 * Who may push to our 视图库: the configured lower devices and platforms, registered with digest
 * authentication, kept alive within GAT1400_SERVER_LAPSE_SECONDS, and (by default) calling from
 * the address they registered from.
 */
@Injectable()
export class DeviceSessionsService {
  private readonly log = new Logger('Gat1400Server');
  readonly digest: DigestAuthority;
  private readonly server: Gat1400ServerSettings;
  /** A short-lived cache: a device pushing many batches a second costs one query a second. */
  private readonly cache = new Map<string, { session: DeviceSession | null; readAtMs: number }>();

  constructor(
    settings: Gat1400Settings,
    private readonly sessions: DeviceSessionsRepository,
    private readonly clock: Clock,
  ) {
    // With the role off nobody may register (ViidTransportGuard refuses first anyway).
    this.server = settings.server ?? { serverId: settings.ownId, devices: [], nonceSecret: randomBytes(32), nonceTtlMs: 60_000, lapseMs: 60_000, bindAddress: true };
    this.digest = new DigestAuthority(this.server.nonceSecret, this.server.serverId, this.server.nonceTtlMs, () => clock.now().getTime());
  }

  passwordOf(username: string): string | undefined {
    return this.server.devices.find((d) => d.username === username)?.password;
  }

  /** Records the registration of `deviceId` by the digest user `username`; refuses an id that user may not register. */
  async register(username: string, deviceId: string, address: string | null): Promise<SessionVerdict> {
    const credential = this.server.devices.find((d) => d.username === username);
    if (!credential || credential.id !== deviceId) {
      return { ok: false, reason: `user "${username.slice(0, 64)}" may not register device ${deviceId.slice(0, 64)}` };
    }
    const now = this.clock.now();
    await this.sessions.saveRegistered(deviceId, username, address, now);
    this.cache.delete(deviceId);
    this.log.log(`device ${deviceId} registered from ${address ?? 'unknown address'}`);
    const session = (await this.sessions.find(deviceId))!;
    return { ok: true, session };
  }

  async keepalive(deviceId: string | undefined, address: string | null): Promise<SessionVerdict> {
    const verdict = await this.check(deviceId, address, true);
    if (!verdict.ok) return verdict;
    await this.sessions.touchKeepalive(verdict.session.deviceId, this.clock.now());
    this.cache.delete(verdict.session.deviceId);
    return verdict;
  }

  async unregister(username: string, deviceId: string): Promise<SessionVerdict> {
    const credential = this.server.devices.find((d) => d.username === username);
    if (!credential || credential.id !== deviceId) return { ok: false, reason: `user "${username.slice(0, 64)}" may not unregister device ${deviceId.slice(0, 64)}` };
    await this.sessions.markUnregistered(deviceId, this.clock.now());
    this.cache.delete(deviceId);
    this.log.log(`device ${deviceId} unregistered`);
    return { ok: true, session: (await this.sessions.find(deviceId))! };
  }

  /** Whether `deviceId` (the request's User-Identify) is registered, alive, and calling from its address. */
  async check(deviceId: string | undefined, address: string | null, fresh = false): Promise<SessionVerdict> {
    if (!deviceId) return { ok: false, reason: 'the User-Identify header is required: the 20-digit id the device registered' };
    if (!this.server.devices.some((d) => d.id === deviceId)) return { ok: false, reason: `device ${deviceId.slice(0, 64)} is not known to this 视图库` };
    const session = await this.read(deviceId, fresh);
    if (!session || session.unregisteredAt) return { ok: false, reason: `device ${deviceId} is not registered: POST /VIID/System/Register first` };
    const now = this.clock.now().getTime();
    if (now - session.lastKeepaliveAt.getTime() > this.server.lapseMs) {
      return { ok: false, reason: `device ${deviceId}'s registration lapsed (no keepalive for ${Math.round((now - session.lastKeepaliveAt.getTime()) / 1000)} s): register again` };
    }
    if (this.server.bindAddress && session.address && address && session.address !== address) {
      return { ok: false, reason: `device ${deviceId} registered from another address: register again from this one` };
    }
    return { ok: true, session };
  }

  private async read(deviceId: string, fresh: boolean): Promise<DeviceSession | null> {
    const nowMs = Date.now();
    const cached = this.cache.get(deviceId);
    if (!fresh && cached && nowMs - cached.readAtMs < 1000) return cached.session;
    const session = await this.sessions.find(deviceId);
    this.cache.set(deviceId, { session, readAtMs: nowMs });
    return session;
  }
}
