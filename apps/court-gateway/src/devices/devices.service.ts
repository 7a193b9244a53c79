import { DomainError, ErrorCode } from '@app/contracts';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, hasAnyRole, Principal, Role, Transactions } from '@app/platform';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AlertActionsService } from '../alerts/alert-actions.service';
import { AlertRepository } from '../alerts/alert.repository';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { AlertAction } from '../alerts/domain/alert-lifecycle';
import { PushNotificationChannel } from '../notifications/push-notification.channel';
import { Device } from './device.entity';
import { DeviceAcknowledgedView, DeviceView, RegisterDeviceDto, RegisteredDeviceView, VapidPublicKeyView } from './device.dto';
import { DeviceRepository } from './device.repository';
import { VapidKeys } from './vapid-keys';

const TOKEN_PREFIX = 'dev_';

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function view(d: Device): DeviceView {
  return {
    id: d.id, label: d.label, officerId: d.officerId, pushService: new URL(d.endpoint).host, createdAt: d.createdAt.toISOString(),
    lastUsedAt: d.lastUsedAt?.toISOString() ?? null, lastPushAt: d.lastPushAt?.toISOString() ?? null, revokedAt: d.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Officers' phones enabled for push, registered and revoked per person, and the one thing a
 * device's own credential may do: acknowledge an alert assigned to its officer, from the
 * notification, without the app (and without a session).
 */
@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly push: PushNotificationChannel,
    private readonly alerts: AlertRepository,
    private readonly actions: AlertActionsService,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    @Optional() @Inject(VapidKeys) private readonly vapid: VapidKeys | null,
  ) {}

  publicKey(): VapidPublicKeyView {
    if (!this.vapid) throw new DomainError(ErrorCode.PushNotConfigured);
    return { publicKey: this.vapid.publicKey, generated: this.vapid.generated };
  }

  async register(dto: RegisterDeviceDto, by: Principal): Promise<RegisteredDeviceView> {
    this.publicKey();
    if (by.kind !== 'user' || !by.officerId) {
      throw new DomainError(ErrorCode.DeviceNeedsOfficer, { params: { caller: by.name } });
    }
    if (!this.push.endpointAllowed(dto.subscription.endpoint)) {
      throw new DomainError(ErrorCode.DeviceEndpointNotAllowed, { field: 'subscription.endpoint', params: { host: safeHost(dto.subscription.endpoint) } });
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const device: Device = {
      id: randomUUID(), officerId: by.officerId, userId: by.id, label: dto.label.trim(), endpoint: dto.subscription.endpoint,
      p256dh: dto.subscription.keys.p256dh, auth: dto.subscription.keys.auth, tokenHash: hashDeviceToken(token),
      createdAt: now, lastUsedAt: null, lastPushAt: null, revokedAt: null,
    };
    await this.tx.run(async () => {
      await this.devices.revokeLiveWithEndpoint(device.endpoint, now);
      const limit = this.env.PUSH_DEVICES_PER_OFFICER;
      // Refused, not the oldest revoked in silence: a phone that stops getting alerts unnoticed is worse than a clear 409.
      if ((await this.devices.countLiveForOfficerLocked(by.officerId!)) >= limit) {
        throw new DomainError(ErrorCode.DeviceLimitReached, { params: { officer: by.name, limit } });
      }
      await this.devices.insert(device);
    });
    return { ...view(device), token };
  }

  async list(by: Principal): Promise<DeviceView[]> {
    return (await this.devices.forUser(by.id)).map(view);
  }

  /** The account that registered it (or an admin) revokes it: its credential stops working and nothing is pushed to it. */
  async revoke(id: string, by: Principal): Promise<DeviceView> {
    return this.tx.run(async () => {
      const device = await this.devices.findById(id);
      // Someone else's device reads as missing: ids of other people's phones are not confirmed.
      if (!device || (device.userId !== by.id && !hasAnyRole(by, [Role.Admin]))) throw new DomainError(ErrorCode.DeviceNotFound, { params: { id } });
      if (!device.revokedAt) {
        device.revokedAt = this.clock.now();
        await this.devices.revoke(id, device.revokedAt);
      }
      return view(device);
    });
  }

  /**
   * Acknowledges `alertId` as the device's officer, with the device's credential: 401 for an
   * unknown or revoked credential or a disabled account, 403 for an alert not assigned to the
   * device's officer, then the alert's own rules (404, 409).
   */
  async acknowledge(alertId: string, token: string | undefined, note: string | undefined): Promise<DeviceAcknowledgedView> {
    if (!token || !token.startsWith(TOKEN_PREFIX)) throw new DomainError(ErrorCode.DeviceTokenRequired);
    const found = await this.devices.liveByTokenHash(hashDeviceToken(token));
    if (!found || found.account.disabled || found.account.officerId !== found.device.officerId) {
      throw new DomainError(ErrorCode.DeviceTokenNotRecognised);
    }
    const { device, account } = found;
    const alert = await this.alerts.findById(alertId);
    if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id: alertId } });
    if (alert.assigneeId !== device.officerId) {
      throw new DomainError(ErrorCode.DeviceAlertNotAssigned, { params: { id: alertId } });
    }
    const principal: Principal = {
      kind: 'user', id: device.userId, name: `${account.username} (device ${device.label})`, roles: account.roles as Role[], teamId: account.teamId, officerId: account.officerId,
    };
    const detail = await this.actions.act(alertId, AlertAction.Acknowledge, { note }, principal);
    await this.devices.touchUsed(device.id, this.clock.now());
    return { alertId, state: detail.state, acknowledgedAt: detail.sla.acknowledgedAt };
  }
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host || 'that address';
  } catch {
    return 'a malformed URL';
  }
}
