import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An API key, stored as its hash (authDdl). */
@Entity({ name: 'api_keys' })
export class ApiKeyRecord {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { array: true })
  roles: string[];

  @Column('text', { name: 'key_hash', unique: true })
  keyHash: string;

  @Column('text', { name: 'key_prefix' })
  keyPrefix: string;

  @Column('int', { name: 'rate_limit_per_minute', nullable: true })
  rateLimitPerMinute: number | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('text', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}

/** One audited request; a trigger keeps the table append-only. */
@Entity({ name: 'audit_log' })
@Index('audit_log_actor', ['actorId', 'id'])
@Index('audit_log_at', ['at'])
@Index('audit_log_target', ['targetType', 'targetId', 'id'])
export class AuditLogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('timestamptz')
  at: Date;

  @Column('text', { name: 'actor_kind' })
  actorKind: string;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_name', nullable: true })
  actorName: string | null;

  @Column('text', { name: 'actor_roles', array: true, default: () => "'{}'" })
  actorRoles: string[];

  @Column('text')
  action: string;

  @Column('text')
  method: string;

  @Column('text')
  path: string;

  @Column('text', { name: 'target_type', nullable: true })
  targetType: string | null;

  @Column('text', { name: 'target_id', nullable: true })
  targetId: string | null;

  @Column('int')
  status: number;

  @Column('text')
  outcome: string;

  @Column('text', { name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @Column('text', { name: 'client_ip', nullable: true })
  clientIp: string | null;

  @Column('jsonb', { nullable: true })
  details: Record<string, unknown> | null;
}

/** A webhook signature already accepted: a replayed request is refused. */
@Entity({ name: 'webhook_signatures' })
export class WebhookSignatureRecord {
  @PrimaryColumn('text')
  signature: string;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}
