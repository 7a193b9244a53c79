import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A read that matched an active seal. Reads that match nothing are never stored. */
@Entity({ name: 'hits' })
@Index('hits_seizure', ['seizureId', 'observedAt'])
@Index('hits_created_at', ['createdAt'])
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

  /** The registry's checkpoint of the camera, or the inspection station; null for an unknown camera. */
  @Column('text', { name: 'checkpoint_id', nullable: true })
  checkpointId: string | null;

  /** checkpoint or inspection (HitSource). */
  @Column('text')
  source: string;

  /** exact or fuzzy (MatchKind). */
  @Column('text', { nullable: true })
  match: string | null;

  /** Where the read was made (the read's location, else its checkpoint's), for impossible-travel checks. */
  @Column('double precision', { nullable: true })
  lat: number | null;

  @Column('double precision', { nullable: true })
  lon: number | null;

  /** The place's name (the read's location, else its checkpoint's), for the cloned-plate evidence. */
  @Column('text', { name: 'place_name', nullable: true })
  placeName: string | null;

  @Column('timestamptz', { name: 'observed_at' })
  observedAt: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
