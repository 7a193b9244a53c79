import { api } from './support/api';
import { FEBRUARY, JANUARY, OTHER_TEAM, percentileCont, seedAlert, SLA_SECONDS } from './support/report-seed';
import { startTestSystem, TestSystem } from './support/test-system';

/** Leadership reports over seeded alerts with known timings: figures, CSV, storage at period close. */
describe('leadership reports, GET /api/v1/reports', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    // Monday 2026-03-02 10:00 in Asia/Shanghai: February and the week of 23 February have closed.
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    for (const alert of [...FEBRUARY, ...JANUARY, ...OTHER_TEAM]) await seedAlert(sys.db, alert);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const ack = FEBRUARY.map((a) => a.ackSeconds!).filter((s) => s !== undefined);
  const onScene = FEBRUARY.map((a) => a.onSceneSeconds).filter((s): s is number => s !== undefined);

  it('computes a team month: medians and P90s, shares within SLA, outcomes, false hits, breaches and hit types', async () => {
    const { body } = await api(sys.courtUrl).get('/api/v1/reports?period=month&start=2026-02-14&team=fangcheng').expect(200);
    expect(body).toMatchObject({ period: 'month', start: '2026-02-01', end: '2026-03-01', timeZone: 'Asia/Shanghai', team: { id: 'fangcheng', name: '防城法庭' } });
    const c = body.current;
    expect(c.alerts).toBe(FEBRUARY.length);
    expect(c.acknowledge).toMatchObject({
      count: ack.length,
      medianSeconds: percentileCont(ack, 0.5),
      p90Seconds: percentileCont(ack, 0.9),
      withinSla: ack.filter((s) => s <= SLA_SECONDS.ack).length,
      decided: ack.length,
    });
    expect(c.acknowledge.withinShare).toBeCloseTo(4 / 5);
    // The false hit closed before its on-scene target fell due: it is not counted for that target.
    expect(c.onScene).toMatchObject({ count: onScene.length, medianSeconds: percentileCont(onScene, 0.5), p90Seconds: percentileCont(onScene, 0.9), withinSla: 3, decided: 4 });
    expect(c.resolve).toMatchObject({ withinSla: 5, decided: 5, withinShare: 1 });
    expect(c.vehiclesSeized).toBe(FEBRUARY.filter((a) => a.outcome === 'seized').length);
    expect(c.casesConcluded).toBe(4);
    expect(c.falseHits).toEqual({ rejected: 1, judged: 5, rate: 0.2 });
    expect(c.breaches).toEqual({ total: 2, ack: 1, onScene: 1, resolve: 0, medianLateSeconds: 450, maxLateSeconds: 600 });
    expect(c.byHitType).toEqual([
      { source: 'checkpoint', match: 'exact', count: 3 },
      { source: 'checkpoint', match: 'fuzzy', count: 1 },
      { source: 'inspection', match: 'exact', count: 1 },
    ]);
    expect(body.breaches.map((b: { target: string; lateSeconds: number; plate: string }) => [b.target, b.lateSeconds, b.plate.includes('*')])).toEqual([
      ['on_scene', 600, true],
      ['ack', 300, true],
    ]);
    expect(body.series).toHaveLength(28);
    expect(body.series.reduce((sum: number, s: { alerts: number }) => sum + s.alerts, 0)).toBe(FEBRUARY.length);
  });

  it('compares against the previous period', async () => {
    const { body } = await api(sys.courtUrl).get('/api/v1/reports?period=month&start=2026-02-01&team=fangcheng').expect(200);
    const trend = Object.fromEntries(body.trends.map((t: { metric: string }) => [t.metric, t]));
    expect(body.previous).toMatchObject({ start: '2026-01-01', alerts: JANUARY.length, vehiclesSeized: 1 });
    expect(trend.alerts).toEqual({ metric: 'alerts', current: 5, previous: 2, change: 3 });
    expect(trend.ackMedianSeconds).toEqual({ metric: 'ackMedianSeconds', current: 180, previous: 300, change: -120 });
    expect(trend.breaches).toEqual({ metric: 'breaches', current: 2, previous: 2, change: 0 });
  });

  it('reports the whole court by default and one team when asked; weeks start on Monday, days in court time', async () => {
    const all = await api(sys.courtUrl).get('/api/v1/reports?period=month&start=2026-02-01').expect(200);
    expect(all.body.team).toBeNull();
    expect(all.body.current.alerts).toBe(FEBRUARY.length + OTHER_TEAM.length);
    const week = await api(sys.courtUrl).get('/api/v1/reports?period=week&start=2026-02-19&team=fangcheng').expect(200);
    expect(week.body).toMatchObject({ start: '2026-02-16', end: '2026-02-23' });
    expect(week.body.current.alerts).toBe(1);
    // 22:30 local on 10 February is 14:30 UTC: it belongs to the local day.
    const day = await api(sys.courtUrl).get('/api/v1/reports?period=day&start=2026-02-10').expect(200);
    expect(day.body.current.alerts).toBe(1);
    expect(day.body.series).toHaveLength(24);
    expect(day.body.series.find((s: { label: string }) => s.label === '22').alerts).toBe(1);
  });

  it('exports CSV (?format=csv and /export.csv) with the same figures', async () => {
    const csv = await api(sys.courtUrl).get('/api/v1/reports/export.csv?period=month&start=2026-02-01&team=fangcheng').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('report-month-2026-02-01-fangcheng.csv');
    const lines = csv.text.split('\r\n');
    expect(lines).toContain('ackMedianSeconds,180,300,-120');
    expect(lines).toContain('falseHitRate,0.2,0,0.2');
    expect(lines).toContain('checkpoint,fuzzy,1');
    const viaFormat = await api(sys.courtUrl).get('/api/v1/reports?period=month&start=2026-02-01&team=fangcheng&format=csv').expect(200);
    expect(viaFormat.text).toBe(csv.text);
  });

  it('answers 400 naming the field for a bad period or date, 404 for an unknown team', async () => {
    const bad = await api(sys.courtUrl).get('/api/v1/reports?period=year&start=2026-13-01').expect(400);
    expect(bad.body.message.join(' ')).toMatch(/period must be one of/);
    expect(bad.body.message.join(' ')).toMatch(/start must be a calendar date YYYY-MM-DD/);
    const unknown = await api(sys.courtUrl).get('/api/v1/reports?period=day&start=2026-02-01&team=nowhere').expect(404);
    // A code and the field for the pages' dictionaries, and the English for API clients.
    expect(unknown.body).toMatchObject({ code: 'roster.team_not_found', field: 'team', params: { id: 'nowhere' }, message: ['team nowhere not found'] });
    await api(sys.courtUrl).get('/api/v1/reports?period=day&start=2026-02-01&extra=1').expect(400);
  });

  it('stores each closed period once (whole court and every team) and serves it later exactly as it was', async () => {
    const service = sys.court.get((await import('../apps/court-gateway/src/reports/reports.service')).ReportsService);
    const notYet = await api(sys.courtUrl).get('/api/v1/reports/stored/month/2026-02-01?team=fangcheng').expect(404);
    expect(notYet.body).toMatchObject({ code: 'report.not_stored', field: 'start', params: { period: 'month', start: '2026-02-01', team: 'fangcheng' } });

    const stored = await service.storeClosedPeriods();
    expect(stored.filter((s) => s.period === 'month').map((s) => s.start)).toEqual(['2026-02-01', '2026-02-01', '2026-02-01', '2026-02-01', '2026-02-01']);
    expect(stored.find((s) => s.period === 'week')?.start).toBe('2026-02-23');
    expect(stored.find((s) => s.period === 'day')?.start).toBe('2026-03-01');
    expect(await service.storeClosedPeriods()).toEqual([]);

    const before = await api(sys.courtUrl).get('/api/v1/reports/stored/month/2026-02-20?team=fangcheng').expect(200);
    expect(before.body.current.alerts).toBe(FEBRUARY.length);
    expect(before.body.generatedAt).toBe('2026-03-02T02:00:00.000Z');

    // A late correction to February changes the live report, not the stored one.
    await seedAlert(sys.db, { teamId: 'fangcheng', openedLocal: '2026-02-27 09:00', ackSeconds: 30 });
    sys.clock.advance(3600_000);
    const live = await api(sys.courtUrl).get('/api/v1/reports?period=month&start=2026-02-01&team=fangcheng').expect(200);
    expect(live.body.current.alerts).toBe(FEBRUARY.length + 1);
    const after = await api(sys.courtUrl).get('/api/v1/reports/stored/month/2026-02-01?team=fangcheng').expect(200);
    expect(after.body).toEqual(before.body);

    const list = await api(sys.courtUrl).get('/api/v1/reports/stored').expect(200);
    expect(list.body.items).toHaveLength(15);
    await api(sys.courtUrl).get('/api/v1/reports/stored/year/2026-02-01').expect(400);
  });

  it('closes a month at local midnight: five past midnight on 1 April in Asia/Shanghai stores March', async () => {
    const service = sys.court.get((await import('../apps/court-gateway/src/reports/reports.service')).ReportsService);
    sys.clock.set('2026-03-31T16:05:00.000Z'); // 2026-04-01 00:05 local; still 31 March in UTC
    const stored = await service.storeClosedPeriods();
    const starts = (period: string) => [...new Set(stored.filter((s) => s.period === period).map((s) => s.start))];
    expect(starts('month')).toEqual(['2026-03-01']);
    expect(starts('week')).toEqual(['2026-03-23']);
    expect(starts('day')).toEqual(['2026-03-31']);
  });
});
