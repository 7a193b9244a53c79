import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as cron from 'node-cron';
import { ConfigError, CRON_OFF } from '../config/env';

/** One scheduled job of an app. */
export interface ScheduledJob {
  /** Short, stable name: in logs, and what SCHEDULER_JOBS_OFF names to switch the job off. */
  name: string;
  /** node-cron expression (5 fields, or 6 with seconds), or `off`. */
  cron: string;
  /** Time zone the expression is read in (default: the process's). */
  timezone?: string;
  /**
   * The work. It reads "now" from the Clock itself, so tests call the same method by hand on a
   * manual clock with the scheduler switched off.
   */
  run: () => Promise<unknown>;
}

export interface SchedulerSettings {
  /** SCHEDULER_ENABLED: false runs no job at all (tests drive the jobs' methods). */
  enabled: boolean;
  /** SCHEDULER_JOBS_OFF: names of the jobs this deployment does not run. */
  off: readonly string[];
}

export const SCHEDULER_SETTINGS = Symbol('SCHEDULER_SETTINGS');

/**
 * The app's one scheduler: every periodic job registers here (in its service's onModuleInit)
 * and starts when the app has started, unless the scheduler is off, the job's expression is `off`
 * or SCHEDULER_JOBS_OFF names it. An invalid expression, a name used twice or an unknown name in
 * SCHEDULER_JOBS_OFF fails the start with a ConfigError naming it. A run that is still going when
 * the next is due is skipped (no overlap); a failed run is logged with the job's name and the
 * next one runs as planned. Shutdown stops the timers and waits for runs in progress.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(Scheduler.name);
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly tasks: cron.ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(@Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings) {}

  register(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new ConfigError(`scheduled job ${job.name} is registered twice`);
    if (job.cron !== CRON_OFF && !cron.validate(job.cron)) {
      throw new ConfigError(`scheduled job ${job.name}: "${job.cron}" is not a cron expression (e.g. "*/10 * * * *"), nor "off"`);
    }
    this.jobs.set(job.name, job);
  }

  /** Every registered job and whether it runs here, e.g. for the start-up log. */
  list(): { name: string; cron: string; runs: boolean }[] {
    return [...this.jobs.values()].map((job) => ({ name: job.name, cron: job.cron, runs: this.runs(job) }));
  }

  onApplicationBootstrap(): void {
    const unknown = this.settings.off.filter((name) => !this.jobs.has(name));
    if (unknown.length) {
      throw new ConfigError(`SCHEDULER_JOBS_OFF names no job of this app: ${unknown.join(', ')} (jobs: ${[...this.jobs.keys()].join(', ')})`);
    }
    for (const job of this.jobs.values()) {
      if (!this.runs(job)) continue;
      this.tasks.push(cron.schedule(job.cron, () => this.fire(job), { name: job.name, ...(job.timezone ? { timezone: job.timezone } : {}) }));
    }
    const list = this.list();
    this.log.log(`scheduled jobs: ${list.map((j) => `${j.name} ${j.runs ? `(${j.cron})` : 'off'}`).join(', ') || 'none'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
    this.tasks.length = 0;
    await Promise.allSettled([...this.running.values()]);
  }

  private runs(job: ScheduledJob): boolean {
    return this.settings.enabled && job.cron !== CRON_OFF && !this.settings.off.includes(job.name);
  }

  private fire(job: ScheduledJob): void {
    if (this.running.has(job.name)) return;
    const run = Promise.resolve()
      .then(() => job.run())
      .catch((error: Error) => this.log.error(`scheduled job ${job.name} failed: ${error?.stack ?? error}`))
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
  }
}

/** Provides the app's one Scheduler to every module. */
@Module({})
export class SchedulerModule {
  static forRoot(settings: SchedulerSettings): DynamicModule {
    return {
      module: SchedulerModule,
      global: true,
      providers: [{ provide: SCHEDULER_SETTINGS, useValue: settings }, Scheduler],
      exports: [Scheduler],
    };
  }
}
