import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Officer } from '../roster/team.entity';

/**
 * A phone an officer enabled for push: its Web Push subscription (endpoint and keys) and the hash
 * of its own credential, which may only acknowledge that officer's alerts. Revoked devices are
 * kept (who had which device when) but never pushed to nor accepted; a subscription the push
 * service reports gone (404/410) is deleted.
 */
@Entity({ name: 'devices' })
@Index('devices_token_hash', ['tokenHash'], { unique: true })
@Index('devices_live_endpoint', ['endpoint'], { unique: true, where: 'revoked_at IS NULL' })
@Index('devices_officer', ['officerId'], { where: 'revoked_at IS NULL' })
export class Device {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'officer_id' })
  @ForeignKey(() => Officer, { name: 'devices_officer_id_fkey' })
  officerId: string;

  /** The account that registered it. */
  @Column('uuid', { name: 'user_id' })
  @ForeignKey(() => User, { name: 'devices_user_id_fkey' })
  userId: string;

  @Column('text')
  label: string;

  @Column('text')
  endpoint: string;

  /** The subscription's P-256 public key, base64url (RFC 8291 ua_public). */
  @Column('text')
  p256dh: string;

  /** The subscription's authentication secret, base64url. */
  @Column('text')
  auth: string;

  /** SHA-256 (hex) of the device credential; the credential itself is shown once, at registration. */
  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'last_push_at', nullable: true })
  lastPushAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
