import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { CourtHit } from '../alerts/alert.entity';

/** A picture of a hit sent inline by the feed, stored with the hit in its transaction. */
@Entity({ name: 'hit_images' })
export class HitImage {
  @PrimaryColumn('uuid', { name: 'hit_id' })
  @ForeignKey(() => CourtHit, { name: 'hit_images_hit_id_fkey', onDelete: 'CASCADE' })
  hitId: string;

  @Column('text')
  format: string;

  @Column('bytea')
  data: Buffer;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
