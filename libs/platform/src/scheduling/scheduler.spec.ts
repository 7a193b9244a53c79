import { ConfigError } from '../config/env';
import { jobsSwitchedOff, MAX_INTERVAL_MS, MIN_INTERVAL_MS, Scheduler, scheduleProblem } from './scheduler';

/** Runs node-cron for real on a every-second expression; each test waits at most a few seconds. */
describe(Scheduler.name, () => {
  const job = (name: string, cron = '* * * * * *') => {
    const runs: number[] = [];
    return { runs, job: { name, cron, run: async () => void runs.push(Date.now()) } };
  };
  let scheduler: Scheduler | null = null;
  afterEach(async () => {
    await scheduler?.onApplicationShutdown();
    scheduler = null;
  });

  it('refuses an invalid expression and a name used twice, naming the job', () => {
    scheduler = new Scheduler({ enabled: true, off: [], app: 'court-gateway' });
    expect(() => scheduler!.register(job('reports', '5 * * *  * * *').job)).toThrow(new ConfigError('scheduled job reports: "5 * * *  * * *" is not a cron expression (e.g. "*/10 * * * *"), nor "off"'));
    scheduler.register(job('reports', '5 * * * *').job);
    expect(() => scheduler!.register(job('reports').job)).toThrow(/registered twice/);
  });

  it('refuses at start a SCHEDULER_JOBS_OFF entry that names no job', () => {
    scheduler = new Scheduler({ enabled: true, off: ['oncal'], app: 'court-gateway' });
    scheduler.register(job('oncall').job);
    expect(() => scheduler!.onApplicationBootstrap()).toThrow(/SCHEDULER_JOBS_OFF names no job of court-gateway: oncal \(jobs: oncall\)/);
  });

  it('runs the jobs that are on, and none of those switched off by name, by `off`, or all at once', async () => {
    scheduler = new Scheduler({ enabled: true, off: ['quiet'], app: 'court-gateway' });
    const on = job('on');
    const named = job('quiet');
    const off = job('off-by-cron', 'off');
    for (const j of [on, named, off]) scheduler.register(j.job);
    expect(scheduler.list()).toEqual([
      { name: 'on', cron: '* * * * * *', runs: true },
      { name: 'quiet', cron: '* * * * * *', runs: false },
      { name: 'off-by-cron', cron: 'off', runs: false },
    ]);
    scheduler.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 2200));
    expect(on.runs.length).toBeGreaterThanOrEqual(1);
    expect(named.runs).toEqual([]);
    expect(off.runs).toEqual([]);

    await scheduler.onApplicationShutdown();
    const disabled = new Scheduler({ enabled: false, off: [], app: 'court-gateway' });
    const never = job('never');
    disabled.register(never.job);
    disabled.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 1200));
    expect(never.runs).toEqual([]);
    await disabled.onApplicationShutdown();
  });

  it('skips a run while the previous one is still going, and keeps running after a failure', async () => {
    scheduler = new Scheduler({ enabled: true, off: [], app: 'court-gateway' });
    let started = 0;
    let release: () => void = () => undefined;
    scheduler.register({
      name: 'slow',
      cron: '* * * * * *',
      run: () => {
        started++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    let failures = 0;
    scheduler.register({
      name: 'failing',
      cron: '* * * * * *',
      run: async () => {
        failures++;
        throw new Error('database down');
      },
    });
    scheduler.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 3200));
    expect(started).toBe(1); // three ticks, one run: the others found it still going
    expect(failures).toBeGreaterThanOrEqual(2);
    release();
  });

  it('runs an interval job every so often, and not when switched off by name or all at once', async () => {
    scheduler = new Scheduler({ enabled: true, off: ['traffic-adapter:quiet-refresh', 'court-gateway:reports'], app: 'traffic-adapter' });
    const runs: number[] = [];
    const quiet: number[] = [];
    scheduler.register({ name: 'refresh', everyMs: 50, run: async () => void runs.push(Date.now()) });
    scheduler.register({ name: 'quiet-refresh', everyMs: 50, run: async () => void quiet.push(Date.now()) });
    expect(scheduler.list()).toEqual([
      { name: 'refresh', everyMs: 50, runs: true },
      { name: 'quiet-refresh', everyMs: 50, runs: false },
    ]);
    scheduler.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 600));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(quiet).toEqual([]);
    await scheduler.onApplicationShutdown();
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(runs.length).toBe(after); // shutdown stopped the timer

    const disabled = new Scheduler({ enabled: false, off: [], app: 'court-gateway' });
    const never: number[] = [];
    disabled.register({ name: 'refresh', everyMs: 20, run: async () => void never.push(1) });
    disabled.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 200));
    expect(never).toEqual([]);
    await disabled.onApplicationShutdown();
  });

  it('refuses at registration an interval that is not whole milliseconds in range, naming the job', () => {
    scheduler = new Scheduler({ enabled: true, off: [], app: 'court-gateway' });
    const run = async () => undefined;
    expect(() => scheduler!.register({ name: 'refresh', everyMs: 0, run })).toThrow(
      new ConfigError(`scheduled job refresh: every 0 ms is not an interval (whole milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS})`),
    );
    expect(() => scheduler!.register({ name: 'refresh', everyMs: 2.5 * 1000 * 1000 * 1000, run })).toThrow(/every 2500000000 ms is not an interval/);
    expect(() => scheduler!.register({ name: 'refresh', everyMs: 99.5, run })).toThrow(/every 99.5 ms/);
    expect(() => scheduler!.register({ name: 'refresh', everyMs: NaN, run })).toThrow(/every NaN ms/);
    expect(scheduler.list()).toEqual([]);
  });
});

describe(jobsSwitchedOff.name, () => {
  const court = ['oncall', 'reports', 'outbox-prune'];
  const traffic = ['feed-health', 'outbox-prune'];

  it('takes bare names and names prefixed with this app', () => {
    expect(jobsSwitchedOff(['reports', 'court-gateway:oncall'], 'court-gateway', court)).toEqual(['reports', 'oncall']);
    expect(jobsSwitchedOff([], 'court-gateway', court)).toEqual([]);
  });

  it("leaves another app's prefixed entries to that app, so one environment serves both (npm start)", () => {
    const entries = ['court-gateway:reports', 'traffic-adapter:feed-health', 'outbox-prune'];
    expect(jobsSwitchedOff(entries, 'court-gateway', court)).toEqual(['reports', 'outbox-prune']);
    expect(jobsSwitchedOff(entries, 'traffic-adapter', traffic)).toEqual(['feed-health', 'outbox-prune']);
  });

  it("refuses a bare name of another app's job: in production each app has its own environment, where that is a typo", () => {
    expect(() => jobsSwitchedOff(['reports'], 'traffic-adapter', traffic)).toThrow(
      new ConfigError(
        'SCHEDULER_JOBS_OFF names no job of traffic-adapter: reports (jobs: feed-health, outbox-prune). Where one environment serves both apps (npm start), prefix an entry with its app\'s name, e.g. traffic-adapter:feed-health',
      ),
    );
  });

  it('refuses a misspelt job after its own prefix and a prefix that names no app, each named', () => {
    expect(() => jobsSwitchedOff(['court-gateway:report'], 'court-gateway', court)).toThrow(/names no job of court-gateway: court-gateway:report \(jobs: oncall, reports, outbox-prune\)/);
    // Refused by both apps, so a misspelt prefix never leaves a job running unnoticed.
    for (const [app, jobs] of [['court-gateway', court], ['traffic-adapter', traffic]] as const) {
      expect(() => jobsSwitchedOff(['court-gateway:oncall', 'court:reports'], app, jobs)).toThrow(
        /names no app of this system: court:reports \(apps: court-gateway, traffic-adapter\)/,
      );
    }
  });
});

describe(scheduleProblem.name, () => {
  // Bounds from outside the code under test: setInterval takes a signed 32-bit delay (Node's docs), node-cron five or six fields.
  it.each([
    [{ name: 'j', everyMs: 10 }, null],
    [{ name: 'j', everyMs: 2_147_483_647 }, null],
    [{ name: 'j', everyMs: 2_147_483_648 }, /not an interval/],
    [{ name: 'j', everyMs: 9 }, /not an interval/],
    [{ name: 'j', everyMs: -1000 }, /not an interval/],
    [{ name: 'j', everyMs: '500' }, /every 500 ms is not an interval/],
    [{ name: 'j', cron: '*/15 * * * * *' }, null],
    [{ name: 'j', cron: 'off' }, null],
    [{ name: 'j', cron: 'every 15 s' }, /"every 15 s" is not a cron expression/],
    [{ name: 'j', cron: '* * * * *', everyMs: 500 }, /both a cron expression and an interval/],
    [{ name: 'j' }, /neither a cron expression nor an interval/],
    [{ name: 'j', everyMs: 500, timezone: 'Asia/Shanghai' }, /a time zone applies to cron expressions/],
  ])('%j → %s', (job, expected) => {
    const problem = scheduleProblem(job);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
