import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A camera or device registered with our 视图库 (server side): its session and last keepalive. */
@Entity({ name: 'gat1400_device_sessions' })
export class Gat1400DeviceSession {
  @PrimaryColumn('text', { name: 'device_id' })
  deviceId: string;

  @Column('text')
  username: string;

  @Column('text', { nullable: true })
  address: string | null;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt: Date;

  @Column('timestamptz', { name: 'last_keepalive_at' })
  lastKeepaliveAt: Date;

  @Column('timestamptz', { name: 'unregistered_at', nullable: true })
  unregisteredAt: Date | null;
}

/** The 布控 of one seal on the police 视图库 (client side), retried until the platform confirms it. */
@Entity({ name: 'gat1400_dispositions' })
@Index('gat1400_dispositions_due', ['nextAttemptAt'], { where: `state <> 'revoked'` })
export class Gat1400Disposition {
  @PrimaryColumn('uuid', { name: 'seizure_id' })
  seizureId: string;

  @Column('text', { name: 'disposition_id', unique: true })
  dispositionId: string;

  @Column('text')
  plate: string;

  @Column('text')
  state: string;

  @Column('timestamptz', { name: 'begin_at' })
  beginAt: Date;

  @Column('timestamptz', { name: 'end_at' })
  endAt: Date;

  @Column('int', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('text', { name: 'status_string', nullable: true })
  statusString: string | null;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'revoke_reason', nullable: true })
  revokeReason: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** Our link to the police 视图库 as a client: registration, keepalives, clock skew, last error. */
@Entity({ name: 'gat1400_link' })
export class Gat1400Link {
  @PrimaryColumn('text')
  link: string;

  @Column('text')
  state: string;

  @Column('timestamptz', { name: 'registered_at', nullable: true })
  registeredAt: Date | null;

  @Column('timestamptz', { name: 'last_keepalive_at', nullable: true })
  lastKeepaliveAt: Date | null;

  @Column('timestamptz', { name: 'last_notification_at', nullable: true })
  lastNotificationAt: Date | null;

  @Column('bigint', { name: 'clock_skew_ms', nullable: true })
  clockSkewMs: string | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'last_error_at', nullable: true })
  lastErrorAt: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** A subscription we hold on the police 视图库 (pass records pushed to us). */
@Entity({ name: 'gat1400_subscriptions' })
export class Gat1400Subscription {
  @PrimaryColumn('text', { name: 'subscribe_id' })
  subscribeId: string;

  @Column('text', { name: 'resource_uri' })
  resourceUri: string;

  @Column('text')
  state: string;

  @Column('timestamptz', { name: 'begin_at' })
  beginAt: Date;

  @Column('timestamptz', { name: 'end_at' })
  endAt: Date;

  @Column('int', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('text', { name: 'status_string', nullable: true })
  statusString: string | null;

  @Column('timestamptz', { name: 'last_notification_at', nullable: true })
  lastNotificationAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** GA/T 1400's tables in the traffic schema. */
export const GAT1400_ENTITIES = [Gat1400DeviceSession, Gat1400Disposition, Gat1400Link, Gat1400Subscription];
