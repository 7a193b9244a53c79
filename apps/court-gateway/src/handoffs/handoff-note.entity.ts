import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/** What the next officer on duty must know about an open alert that outlives a shift. */
@Entity({ name: 'handoff_notes' })
@Index('handoff_notes_alert', ['alertId', 'createdAt', 'seq'])
export class HandoffNote {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'alert_id' })
  alertId: string;

  @Column('text')
  note: string;

  /** Who wrote it, as the timeline names people: "李法官 (FC-1001)" or "user:dispatcher1". */
  @Column('text', { name: 'written_by' })
  writtenBy: string;

  @Column('uuid', { name: 'author_officer_id', nullable: true })
  authorOfficerId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** Given at insert: which of two notes of the same millisecond was written last. */
  @Column({ type: 'bigint', insert: false, update: false })
  @Generated('increment')
  seq?: string;
}
