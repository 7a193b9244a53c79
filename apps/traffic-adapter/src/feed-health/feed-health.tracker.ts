import { FeedScope, FeedState } from '@app/contracts';
import { ReadRate } from './read-rate';

export const WHOLE_FEED = 'all';

export interface FeedQuietLimits {
  cameraMs: number;
  groupMs: number;
  allMs: number;
}

/** A subject whose state changed: what the adapter publishes as FeedHealthChanged. */
export interface FeedTransition {
  scope: FeedScope;
  subjectId: string;
  state: FeedState;
  /** Last read of the subject; null when it has been watched but never read. */
  lastReadAt: Date | null;
  quietSeconds: number;
}

export interface CameraHealth {
  cameraId: string;
  groupId: string | null;
  lastReadAt: Date | null;
  readsPerMinute: number;
  totalReads: number;
  /** Of them, reads no plate can be: each certainly a misread. */
  certainMisreads: number;
  state: FeedState;
}

interface CameraFeed {
  groupId: string | null;
  /** Time of the last read, or when watching began for a camera not yet read. */
  lastSeenMs: number;
  lastReadMs: number | null;
  totalReads: number;
  certainMisreads: number;
  rate: ReadRate;
}

const key = (scope: FeedScope, subjectId: string) => `${scope}\u0000${subjectId}`;

/**
 * Per-camera, per-group and whole-feed read times and rates, and the quiet/restored decision.
 * Pure and in memory (counters only, never plates). `evaluate` proposes transitions; the caller
 * `commit`s them once they are durably published, so a failed publish is proposed again.
 */
export class FeedHealthTracker {
  private readonly cameras = new Map<string, CameraFeed>();
  /** Subjects currently reported quiet. */
  private readonly quiet = new Set<string>();

  constructor(private readonly startedAtMs: number) {}

  /** A read of `cameraId`; `plateLike` false for a read no plate can be (certainly a misread). */
  recordRead(cameraId: string, groupId: string | null, atMs: number, plateLike = true): void {
    let camera = this.cameras.get(cameraId);
    if (!camera) {
      camera = { groupId, lastSeenMs: atMs, lastReadMs: null, totalReads: 0, certainMisreads: 0, rate: new ReadRate() };
      this.cameras.set(cameraId, camera);
    }
    camera.groupId = groupId;
    if (camera.lastReadMs === null || atMs > camera.lastReadMs) camera.lastReadMs = atMs;
    if (atMs > camera.lastSeenMs) camera.lastSeenMs = atMs;
    camera.totalReads++;
    if (!plateLike) camera.certainMisreads++;
    camera.rate.record(atMs);
  }

  /** Watches a registered camera from `sinceMs` even before its first read: silence there is blindness too. */
  watchCamera(cameraId: string, groupId: string | null, sinceMs: number): void {
    const camera = this.cameras.get(cameraId);
    if (camera) camera.groupId = groupId;
    else this.cameras.set(cameraId, { groupId, lastSeenMs: sinceMs, lastReadMs: null, totalReads: 0, certainMisreads: 0, rate: new ReadRate() });
  }

  /** Sets a camera's times as another source (the shared table) knows them. */
  loadCamera(cameraId: string, groupId: string | null, lastSeenMs: number, lastReadMs: number | null): void {
    const camera = this.cameras.get(cameraId) ?? { groupId, lastSeenMs, lastReadMs, totalReads: 0, certainMisreads: 0, rate: new ReadRate() };
    camera.groupId = groupId;
    camera.lastSeenMs = Math.max(camera.lastSeenMs, lastSeenMs);
    if (lastReadMs !== null && (camera.lastReadMs === null || lastReadMs > camera.lastReadMs)) camera.lastReadMs = lastReadMs;
    this.cameras.set(cameraId, camera);
  }

  /** Marks a subject as already reported quiet (state kept elsewhere). */
  markQuiet(scope: FeedScope, subjectId: string): void {
    this.quiet.add(key(scope, subjectId));
  }

  /** State changes at `nowMs`: subjects quiet longer than their limit, and quiet ones that read again. */
  evaluate(nowMs: number, limits: FeedQuietLimits): FeedTransition[] {
    const transitions: FeedTransition[] = [];
    const groups = new Map<string, { lastSeenMs: number; lastReadMs: number | null }>();
    let feed = { lastSeenMs: this.startedAtMs, lastReadMs: null as number | null };

    for (const [cameraId, camera] of this.cameras) {
      this.judge(transitions, FeedScope.Camera, cameraId, camera, nowMs, limits.cameraMs);
      if (camera.groupId !== null) groups.set(camera.groupId, merge(groups.get(camera.groupId), camera));
      feed = merge(feed, camera);
    }
    for (const [groupId, group] of groups) this.judge(transitions, FeedScope.CheckpointGroup, groupId, group, nowMs, limits.groupMs);
    this.judge(transitions, FeedScope.Feed, WHOLE_FEED, feed, nowMs, limits.allMs);
    return transitions;
  }

  /** Records that `transitions` were published: they will not be proposed again. */
  commit(transitions: FeedTransition[]): void {
    for (const t of transitions) {
      if (t.state === FeedState.Quiet) this.quiet.add(key(t.scope, t.subjectId));
      else this.quiet.delete(key(t.scope, t.subjectId));
    }
  }

  cameraHealth(nowMs: number): CameraHealth[] {
    return [...this.cameras.entries()].map(([cameraId, c]) => ({
      cameraId,
      groupId: c.groupId,
      lastReadAt: c.lastReadMs === null ? null : new Date(c.lastReadMs),
      readsPerMinute: c.rate.perMinute(nowMs),
      totalReads: c.totalReads,
      certainMisreads: c.certainMisreads,
      state: this.stateOf(FeedScope.Camera, cameraId),
    }));
  }

  stateOf(scope: FeedScope, subjectId: string): FeedState {
    return this.quiet.has(key(scope, subjectId)) ? FeedState.Quiet : FeedState.Restored;
  }

  /** Subjects currently reported quiet. */
  quietSubjects(): { scope: FeedScope; subjectId: string }[] {
    return [...this.quiet].map((k) => {
      const [scope, subjectId] = k.split('\u0000');
      return { scope: scope as FeedScope, subjectId };
    });
  }

  private judge(
    out: FeedTransition[],
    scope: FeedScope,
    subjectId: string,
    subject: { lastSeenMs: number; lastReadMs: number | null },
    nowMs: number,
    limitMs: number,
  ): void {
    const silentMs = Math.max(0, nowMs - subject.lastSeenMs);
    const isQuiet = silentMs > limitMs;
    if (isQuiet === this.quiet.has(key(scope, subjectId))) return;
    out.push({
      scope,
      subjectId,
      state: isQuiet ? FeedState.Quiet : FeedState.Restored,
      lastReadAt: subject.lastReadMs === null ? null : new Date(subject.lastReadMs),
      quietSeconds: Math.floor(silentMs / 1000),
    });
  }
}

function merge(
  into: { lastSeenMs: number; lastReadMs: number | null } | undefined,
  camera: { lastSeenMs: number; lastReadMs: number | null },
): { lastSeenMs: number; lastReadMs: number | null } {
  if (!into) return { lastSeenMs: camera.lastSeenMs, lastReadMs: camera.lastReadMs };
  return {
    lastSeenMs: Math.max(into.lastSeenMs, camera.lastSeenMs),
    lastReadMs: into.lastReadMs === null ? camera.lastReadMs : camera.lastReadMs === null ? into.lastReadMs : Math.max(into.lastReadMs, camera.lastReadMs),
  };
}
