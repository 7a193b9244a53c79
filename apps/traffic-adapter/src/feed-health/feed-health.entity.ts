import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When a camera last read a plate, as flushed by every instance: the feed watch's evidence. */
@Entity({ name: 'camera_feed' })
export class CameraFeed {
  @PrimaryColumn('text', { name: 'camera_id' })
  cameraId: string;

  @Column('text', { name: 'group_id', nullable: true })
  groupId: string | null;

  @Column('timestamptz', { name: 'last_read_at', nullable: true })
  lastReadAt: Date | null;

  @Column('timestamptz', { name: 'watched_since' })
  watchedSince: Date;
}

/** The feed state last announced for a camera, group or platform link (one row each). */
@Entity({ name: 'feed_health_state' })
export class FeedHealthRecord {
  @PrimaryColumn('text')
  scope: string;

  @PrimaryColumn('text', { name: 'subject_id' })
  subjectId: string;

  @Column('text')
  state: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;
}
