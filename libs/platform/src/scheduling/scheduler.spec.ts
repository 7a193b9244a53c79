import { ConfigError } from '../config/env';
import { Scheduler } from './scheduler';

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
    scheduler = new Scheduler({ enabled: true, off: [] });
    expect(() => scheduler!.register(job('reports', '5 * * *  * * *').job)).toThrow(new ConfigError('scheduled job reports: "5 * * *  * * *" is not a cron expression (e.g. "*/10 * * * *"), nor "off"'));
    scheduler.register(job('reports', '5 * * * *').job);
    expect(() => scheduler!.register(job('reports').job)).toThrow(/registered twice/);
  });

  it('refuses at start a SCHEDULER_JOBS_OFF entry that names no job', () => {
    scheduler = new Scheduler({ enabled: true, off: ['oncal'] });
    scheduler.register(job('oncall').job);
    expect(() => scheduler!.onApplicationBootstrap()).toThrow(/SCHEDULER_JOBS_OFF names no job of this app: oncal \(jobs: oncall\)/);
  });

  it('runs the jobs that are on, and none of those switched off by name, by `off`, or all at once', async () => {
    scheduler = new Scheduler({ enabled: true, off: ['quiet'] });
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
    const disabled = new Scheduler({ enabled: false, off: [] });
    const never = job('never');
    disabled.register(never.job);
    disabled.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 1200));
    expect(never.runs).toEqual([]);
    await disabled.onApplicationShutdown();
  });

  it('skips a run while the previous one is still going, and keeps running after a failure', async () => {
    scheduler = new Scheduler({ enabled: true, off: [] });
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
});
