import { InterceptionRequestedPayload } from '@app/contracts';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum DeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

/** One interception request: its delivery to the traffic system (retried until it lands) and the outcome. */
@Entity({ name: 'interceptions' })
@Index('interceptions_due', ['nextAttemptAt'], { where: `status = 'pending'` })
@Check('interceptions_status_check', `status IN ('pending', 'delivered', 'failed')`)
export class InterceptionDelivery {
  @PrimaryColumn('uuid', { name: 'interception_id' })
  interceptionId: string;

  @Column('uuid', { name: 'alert_id' })
  alertId: string;

  @Column('jsonb')
  request: InterceptionRequestedPayload;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;

  @Column('text')
  status: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column('text', { nullable: true })
  result: string | null;

  @Column('timestamptz', { name: 'reported_at', nullable: true })
  reportedAt: Date | null;
}
