import { FeedScope, FeedState } from '@app/contracts';
import { FeedHealthTracker, FeedQuietLimits, WHOLE_FEED } from './feed-health.tracker';

describe(FeedHealthTracker.name, () => {
  const t0 = Date.parse('2026-03-02T02:00:00Z');
  const s = (seconds: number) => t0 + seconds * 1000;
  const limits: FeedQuietLimits = { cameraMs: 600_000, groupMs: 900_000, allMs: 120_000 };
  const summary = (ts: { scope: FeedScope; subjectId: string; state: FeedState }[]) => ts.map((t) => `${t.scope}:${t.subjectId}:${t.state}`).sort();

  it('reports a camera quiet once it has read nothing for longer than its limit, and only once', () => {
    const sut = new FeedHealthTracker(t0);
    const cameraOnly = { ...limits, allMs: 3_600_000 };
    sut.recordRead('K01', null, s(0));
    sut.recordRead('K02', null, s(500));
    expect(sut.evaluate(s(600), cameraOnly)).toEqual([]);
    const quiet = sut.evaluate(s(601), cameraOnly);
    expect(summary(quiet)).toEqual(['camera:K01:quiet']);
    expect(quiet[0]).toMatchObject({ lastReadAt: new Date(s(0)), quietSeconds: 601 });
    sut.commit(quiet);
    expect(sut.evaluate(s(650), cameraOnly)).toEqual([]);
  });

  it('reports restored when a quiet camera reads again', () => {
    const sut = new FeedHealthTracker(t0);
    sut.recordRead('K01', null, s(0));
    sut.commit(sut.evaluate(s(700), limits));
    expect(sut.stateOf(FeedScope.Camera, 'K01')).toBe(FeedState.Quiet);
    sut.recordRead('K01', null, s(710));
    const restored = sut.evaluate(s(711), limits);
    expect(summary(restored)).toEqual(['camera:K01:restored', `feed:${WHOLE_FEED}:restored`]);
    sut.commit(restored);
    expect(sut.stateOf(FeedScope.Camera, 'K01')).toBe(FeedState.Restored);
  });

  it('counts each camera\'s reads no plate can be apart, so a camera that misreads shows', () => {
    const sut = new FeedHealthTracker(t0);
    for (let i = 0; i < 40; i++) sut.recordRead('K01', null, s(i), i % 20 !== 0);
    for (let i = 0; i < 40; i++) sut.recordRead('K02', null, s(i), i % 4 !== 0);
    const health = Object.fromEntries(sut.cameraHealth(s(40)).map((c) => [c.cameraId, [c.totalReads, c.certainMisreads]]));
    expect(health).toEqual({ K01: [40, 2], K02: [40, 10] });
  });

  it('proposes a transition again until it is committed (a failed publish is retried)', () => {
    const sut = new FeedHealthTracker(t0);
    sut.recordRead('K01', null, s(0));
    expect(summary(sut.evaluate(s(601), limits))).toEqual(summary(sut.evaluate(s(602), limits)));
  });

  it('judges a checkpoint group by its most recent read from any camera', () => {
    const sut = new FeedHealthTracker(t0);
    sut.recordRead('K01', 'PORT', s(0));
    sut.recordRead('K02', 'PORT', s(400));
    expect(summary(sut.evaluate(s(901), limits))).not.toContain('checkpoint_group:PORT:quiet');
    expect(summary(sut.evaluate(s(1301), limits))).toContain('checkpoint_group:PORT:quiet');
  });

  it('reports the whole feed quiet when nothing at all has been read for its limit, counting from start', () => {
    const sut = new FeedHealthTracker(t0);
    expect(summary(sut.evaluate(s(121), limits))).toEqual([`feed:${WHOLE_FEED}:quiet`]);
  });

  it('watches a registered camera from registration even if it never reads', () => {
    const sut = new FeedHealthTracker(t0);
    sut.watchCamera('K09', 'NL', s(0));
    sut.recordRead('K01', null, s(600));
    const transitions = sut.evaluate(s(601), limits);
    expect(summary(transitions)).toContain('camera:K09:quiet');
    expect(transitions.find((t) => t.subjectId === 'K09')?.lastReadAt).toBeNull();
  });

  it('keeps per-camera read counts and rates, never plates', () => {
    const sut = new FeedHealthTracker(t0);
    for (let i = 0; i < 12; i++) sut.recordRead('K01', 'PORT', s(i));
    expect(sut.cameraHealth(s(30))).toEqual([
      { cameraId: 'K01', groupId: 'PORT', lastReadAt: new Date(s(11)), readsPerMinute: 12, totalReads: 12, certainMisreads: 0, state: FeedState.Restored },
    ]);
  });

  it('decides on cameras loaded from the shared table and does not repeat a transition already marked', () => {
    const sut = new FeedHealthTracker(t0);
    sut.loadCamera('K01', 'PORT', s(0), s(0));
    sut.loadCamera('K02', 'PORT', s(500), null);
    sut.markQuiet(FeedScope.Camera, 'K01');
    const transitions = summary(sut.evaluate(s(601), { ...limits, allMs: 3_600_000 }));
    expect(transitions).toEqual([]);
    expect(summary(sut.evaluate(s(1101), { ...limits, allMs: 3_600_000 }))).toEqual(['camera:K02:quiet']);
  });
});
