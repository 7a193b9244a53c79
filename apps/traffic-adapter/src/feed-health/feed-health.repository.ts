import { Injectable } from '@nestjs/common';
import { FeedScope, FeedState } from '@app/contracts';
import { Transactions } from '@app/platform';
import { TRAFFIC_SCHEMA } from '../config/traffic-adapter.env';

export interface CameraFeedRow {
  camera_id: string;
  group_id: string | null;
  last_read_at: Date | null;
  watched_since: Date;
}

/**
 * The feed watch's shared state (traffic.camera_feed, traffic.feed_health_state): every
 * instance's cameras' last reads, and the state last announced for each subject.
 */
@Injectable()
export class FeedHealthRepository {
  constructor(private readonly tx: Transactions) {}

  /** One checker at a time across instances, until the transaction ends; false when another holds it. */
  async tryLockChecking(): Promise<boolean> {
    const [{ locked }] = await this.tx.manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`feed-health:${TRAFFIC_SCHEMA}`]);
    return locked;
  }

  cameras(): Promise<CameraFeedRow[]> {
    return this.tx.manager.query(`SELECT camera_id, group_id, last_read_at, watched_since FROM ${TRAFFIC_SCHEMA}.camera_feed`);
  }

  /** The subjects announced quiet, by scope and id. */
  quiet(): Promise<{ scope: FeedScope; subject_id: string }[]> {
    return this.tx.manager.query(`SELECT scope, subject_id FROM ${TRAFFIC_SCHEMA}.feed_health_state WHERE state = $1 ORDER BY scope, subject_id`, [FeedState.Quiet]);
  }

  /** The state last announced for one subject, or null when none ever was. */
  async stateOf(scope: FeedScope, subjectId: string): Promise<FeedState | null> {
    const rows: { state: FeedState }[] = await this.tx.manager.query(`SELECT state FROM ${TRAFFIC_SCHEMA}.feed_health_state WHERE scope = $1 AND subject_id = $2`, [scope, subjectId]);
    return rows[0]?.state ?? null;
  }

  async setState(scope: FeedScope, subjectId: string, state: FeedState, at: Date): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.feed_health_state (scope, subject_id, state, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, subject_id) DO UPDATE SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at`,
      [scope, subjectId, state, at],
    );
  }

  /**
   * Records cameras and their last reads: a camera first known by its read is watched from that
   * read, one known without a read from `now`; a last read only ever moves forward.
   */
  async recordCameras(cameras: { cameraId: string; groupId: string | null; lastReadAt: Date | null }[], now: Date): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.camera_feed (camera_id, group_id, last_read_at, watched_since)
       SELECT c, g, r, COALESCE(r, $4) FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS t(c, g, r)
       ON CONFLICT (camera_id) DO UPDATE SET group_id = EXCLUDED.group_id,
         last_read_at = GREATEST(${TRAFFIC_SCHEMA}.camera_feed.last_read_at, EXCLUDED.last_read_at)`,
      [cameras.map((c) => c.cameraId), cameras.map((c) => c.groupId), cameras.map((c) => c.lastReadAt), now],
    );
  }
}
