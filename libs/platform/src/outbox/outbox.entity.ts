import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An event waiting for the relay, or published (`publishedAt`): each app's `outbox` table (outboxAndInboxDdl). */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished', ['id'], { where: 'published_at IS NULL' })
export class OutboxEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'event_id', unique: true })
  eventId: string;

  @Column('text')
  topic: string;

  @Column('text', { nullable: true })
  key: string | null;

  @Column('jsonb')
  envelope: Record<string, unknown>;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;
}

/** An event a consumer has processed: the claim that makes its effect happen once. */
@Entity({ name: 'inbox' })
export class InboxEntry {
  @PrimaryColumn('text')
  consumer: string;

  /** text, not uuid: intake feeds bring their own event id formats. */
  @PrimaryColumn('text', { name: 'event_id' })
  eventId: string;

  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' })
  processedAt: Date;
}
