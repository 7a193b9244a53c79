import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The latest known state of one watched subject (a camera, a checkpoint group, or the whole feed). */
@Entity({ name: 'feed_health' })
export class FeedHealthState {
  @PrimaryColumn('text')
  scope: string;

  @PrimaryColumn('text', { name: 'subject_id' })
  subjectId: string;

  @Column('text')
  state: string;

  @Column('timestamptz', { name: 'last_read_at', nullable: true })
  lastReadAt: Date | null;

  @Column('int', { name: 'quiet_seconds' })
  quietSeconds: number;

  /** Why, when the traffic side knows (the GA/T 1400 platform link). */
  @Column('text', { nullable: true })
  reason: string | null;

  /** When the traffic side observed the change (the event's occurredAt). */
  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}

/** Every feed-health change received, for the weekly analysis of where the watch was blind. */
@Entity({ name: 'feed_health_history' })
@Index('feed_health_history_subject', ['scope', 'subjectId', 'changedAt'])
export class FeedHealthChange {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('text')
  scope: string;

  @Column('text', { name: 'subject_id' })
  subjectId: string;

  @Column('text')
  state: string;

  @Column('timestamptz', { name: 'last_read_at', nullable: true })
  lastReadAt: Date | null;

  @Column('int', { name: 'quiet_seconds' })
  quietSeconds: number;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}
