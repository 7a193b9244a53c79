import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A road checkpoint (卡口) of the traffic system: where its cameras stand and which court team covers it. */
@Entity({ name: 'checkpoints' })
export class Checkpoint {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  name: string;

  @Column('double precision')
  lat: number;

  @Column('double precision')
  lon: number;

  /** The court team that covers the place, e.g. 'fangcheng'; later routing uses it. */
  @Column('text', { nullable: true })
  jurisdiction: string | null;

  /** Checkpoint group whose feed health is watched as one (e.g. one road or district). */
  @Column('text', { name: 'group_id', nullable: true })
  groupId: string | null;

  /** Camera ids at this checkpoint besides the checkpoint id itself. */
  @Column('text', { name: 'camera_ids', array: true, default: () => `'{}'` })
  cameraIds: string[];

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
