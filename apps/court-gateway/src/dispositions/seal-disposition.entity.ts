import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The police platform's 布控 (disposition) of a seal, as traffic-adapter last reported it: one row per seal. */
@Entity({ name: 'seal_dispositions' })
@Index('seal_dispositions_state', ['state'])
export class SealDisposition {
  @PrimaryColumn('uuid', { name: 'seizure_id' })
  seizureId: string;

  @Column('text', { name: 'disposition_id' })
  dispositionId: string;

  @Column('text')
  state: string;

  @Column('int', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('text', { name: 'status_string', nullable: true })
  statusString: string | null;

  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt: Date | null;

  @Column('text', { name: 'platform_id' })
  platformId: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}
