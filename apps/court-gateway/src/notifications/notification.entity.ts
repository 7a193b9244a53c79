import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Officer } from '../roster/team.entity';

export enum NotificationStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

/** Who was told about an alert, when, through which channel; pending rows are retried with backoff. */
@Entity({ name: 'notifications' })
@Index('notifications_alert', ['alertId', 'id'])
@Index('notifications_due', ['nextAttemptAt'], { where: `status = 'pending'` })
@Check('notifications_status_check', `status IN ('pending', 'delivered', 'failed')`)
export class AlertNotification {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'alert_id' })
  alertId: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('text')
  channel: string;

  @Column('text')
  recipient: string;

  @Column('uuid', { name: 'officer_id', nullable: true })
  @ForeignKey(() => Officer, { name: 'notifications_officer_id_fkey' })
  officerId: string | null;

  @Column('text')
  reason: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('text')
  status: NotificationStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;
}
