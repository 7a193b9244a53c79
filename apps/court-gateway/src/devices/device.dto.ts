import { NullAllowed } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AlertState } from '../alerts/domain/alert-lifecycle';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

export class PushSubscriptionKeysDto {
  /** The subscription's P-256 public key: 65 bytes, uncompressed, base64url (87 characters). */
  @Matches(/^B[A-Za-z0-9_-]{86}$/, { message: 'subscription.keys.p256dh must be an uncompressed P-256 public key, base64url (87 characters starting with B)' })
  p256dh: string;

  /** The subscription's 16-byte authentication secret, base64url (22 characters). */
  @Matches(/^[A-Za-z0-9_-]{22}$/, { message: 'subscription.keys.auth must be 16 bytes, base64url (22 characters)' })
  auth: string;
}

/** `PushSubscription.toJSON()` as the browser gives it. */
export class PushSubscriptionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  endpoint: string;

  /** Browsers send it (null for push services without expiry); not used. */
  @IsOptional()
  @NullAllowed()
  expirationTime?: number | null;

  @IsObject()
  @ValidateNested()
  @Type(() => PushSubscriptionKeysDto)
  keys: PushSubscriptionKeysDto;
}

export class RegisterDeviceDto {
  /** What the officer calls this phone, e.g. "工作手机". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label: string;

  @IsObject()
  @ValidateNested()
  @Type(() => PushSubscriptionDto)
  subscription: PushSubscriptionDto;
}

export class DeviceView {
  id: string;
  label: string;
  officerId: string;
  /** The push service's host only: the full endpoint is the device's address and stays on the server. */
  pushService: string;
  createdAt: string;
  lastUsedAt: string | null;
  lastPushAt: string | null;
  revokedAt: string | null;
}

export class RegisteredDeviceView extends DeviceView {
  /**
   * The device's own credential, shown once: it may only acknowledge alerts assigned to this
   * officer (header X-Device-Token on POST /api/v1/device/alerts/{id}/acknowledge) and stops
   * working when the device is revoked or the account disabled.
   */
  token: string;
}

export class VapidPublicKeyView {
  /** applicationServerKey for PushManager.subscribe, base64url. */
  publicKey: string;
  /** True when the server generated the pair at start (not production): subscriptions end at its next restart. */
  generated: boolean;
}

export class DeviceAcknowledgeDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class DeviceAcknowledgedView {
  alertId: string;
  /** The alert's state after the action. */
  @ApiProperty({ enum: AlertState })
  state: AlertState;
  acknowledgedAt: string | null;
}
