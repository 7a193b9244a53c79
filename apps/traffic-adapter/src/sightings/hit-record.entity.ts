import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A read that matched an active seal. Reads that match nothing are never stored. */
@Entity({ name: 'hits' })
@Index('hits_seizure', ['seizureId', 'observedAt'])
export class HitRecord {
  @PrimaryColumn('uuid', { name: 'hit_id' })
  hitId: string;

  @Column('uuid', { name: 'seizure_id' })
  seizureId: string;

  @Column('text', { name: 'sighting_id' })
  sightingId: string;

  @Column('text', { name: 'read_plate' })
  readPlate: string;

  @Column('text', { name: 'camera_id' })
  cameraId: string;

  @Column('timestamptz', { name: 'observed_at' })
  observedAt: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
