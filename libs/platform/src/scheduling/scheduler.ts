import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_APPS, SystemApp } from '@app/contracts';
import * as cron from 'node-cron';
import { ConfigError, CRON_OFF } from '../config/env';

interface JobWork {
  /** Short, stable name: in logs, and what SCHEDULER_JOBS_OFF names to switch the job off. */
  name: string;
  /**
   * The work. It reads "now" from the Clock itself, so tests call the same method by hand on a
   * manual clock with the scheduler switched off.
   */
  run: () => Promise<unknown>;
}

/** A job at wall-clock times. */
export interface CronJob extends JobWork {
  /** node-cron expression (5 fields, or 6 with seconds), or `off`. */
  cron: string;
  /** Time zone the expression is read in (default: the process's). */
  timezone?: string;
  everyMs?: never;
}

/**
 * A job every so many milliseconds from the start: for periods node-cron cannot express (below
 * its one second, e.g. the watchlist refresh) or that are not wall-clock times (a session tick).
 */
export interface IntervalJob extends JobWork {
  everyMs: number;
  cron?: never;
  timezone?: never;
}

/** One scheduled job of an app. */
export type ScheduledJob = CronJob | IntervalJob;

/** Shortest interval a job may ask for: anything shorter is a busy loop, not a schedule. */
export const MIN_INTERVAL_MS = 10;
/** Longest: setInterval takes a 32-bit delay and fires at once (every millisecond) beyond it. */
export const MAX_INTERVAL_MS = 2 ** 31 - 1;

/**
 * Why `job`'s schedule cannot run, or null when it can: exactly one of a cron expression (or
 * `off`) and an interval in whole milliseconds between MIN_INTERVAL_MS and MAX_INTERVAL_MS.
 */
export function scheduleProblem(job: { name: string; cron?: unknown; everyMs?: unknown; timezone?: unknown }): string | null {
  const prefix = `scheduled job ${job.name}`;
  if (job.cron !== undefined && job.everyMs !== undefined) return `${prefix} has both a cron expression and an interval; give one`;
  if (job.everyMs !== undefined) {
    const ms = job.everyMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
      return `${prefix}: every ${String(ms)} ms is not an interval (whole milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS})`;
    }
    if (job.timezone !== undefined) return `${prefix}: a time zone applies to cron expressions, not to an interval`;
    return null;
  }
  if (typeof job.cron !== 'string') return `${prefix} has neither a cron expression nor an interval`;
  if (job.cron !== CRON_OFF && !cron.validate(job.cron)) {
    return `${prefix}: "${job.cron}" is not a cron expression (e.g. "*/10 * * * *"), nor "off"`;
  }
  return null;
}

/** How a job's schedule reads in the start-up log. */
function scheduleText(job: ScheduledJob): string {
  return job.everyMs !== undefined ? `every ${job.everyMs} ms` : job.cron!;
}

/**
 * The jobs of `app` that SCHEDULER_JOBS_OFF switches off, from its entries: `name`, or
 * `app:name` when one environment serves both apps (`npm start` passes every variable to both).
 * An entry prefixed with another app of the system is that app's business and is ignored here;
 * anything else must name a job of this app, so a typo (in the name or the prefix) fails the start
 * instead of leaving a job running that someone meant to stop.
 */
export function jobsSwitchedOff(entries: readonly string[], app: SystemApp | undefined, jobs: readonly string[]): string[] {
  const off: string[] = [];
  const unknown: string[] = [];
  const unknownApps: string[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const prefix = colon < 0 ? null : entry.slice(0, colon);
    const name = colon < 0 ? entry : entry.slice(colon + 1);
    if (prefix !== null && prefix !== app) {
      if (!(SYSTEM_APPS as readonly string[]).includes(prefix)) unknownApps.push(entry);
      continue;
    }
    if (jobs.includes(name)) off.push(name);
    else unknown.push(entry);
  }
  const problems = [
    ...(unknown.length ? [`names no job of ${app ?? 'this app'}: ${unknown.join(', ')} (jobs: ${jobs.join(', ') || 'none'})`] : []),
    ...(unknownApps.length ? [`names no app of this system: ${unknownApps.join(', ')} (apps: ${SYSTEM_APPS.join(', ')})`] : []),
  ];
  if (problems.length) {
    throw new ConfigError(
      `SCHEDULER_JOBS_OFF ${problems.join('; ')}. Where one environment serves both apps (npm start), prefix an entry with its app's name, e.g. ${app ?? SYSTEM_APPS[0]}:${jobs[0] ?? 'job'}`,
    );
  }
  return off;
}

export interface SchedulerSettings {
  /** SCHEDULER_ENABLED: false runs no job at all (tests drive the jobs' methods). */
  enabled: boolean;
  /** SCHEDULER_JOBS_OFF as given: job names, bare or prefixed with an app's name (jobsSwitchedOff). */
  off: readonly string[];
  /**
   * The app this scheduler runs in: which prefixed SCHEDULER_JOBS_OFF entries are its own. Absent
   * outside the apps (a benchmark's scheduler), where only bare names apply.
   */
  app?: SystemApp;
}

export const SCHEDULER_SETTINGS = Symbol('SCHEDULER_SETTINGS');

/**
 * The app's one scheduler: every periodic job, at cron times or at an interval, registers here (in
 * its service's onModuleInit) and starts when the app has started, unless the scheduler is off,
 * the job's expression is `off` or SCHEDULER_JOBS_OFF names it. An invalid expression or interval,
 * a name used twice or a SCHEDULER_JOBS_OFF entry jobsSwitchedOff refuses fails the start with a ConfigError
 * naming it. A run that is still going when
 * the next is due is skipped (no overlap); a failed run is logged with the job's name and the
 * next one runs as planned. Shutdown stops the timers and waits for runs in progress.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(Scheduler.name);
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly tasks: cron.ScheduledTask[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(@Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings) {}

  register(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new ConfigError(`scheduled job ${job.name} is registered twice`);
    const problem = scheduleProblem(job);
    if (problem) throw new ConfigError(problem);
    this.jobs.set(job.name, job);
  }

  /** Every registered job and whether it runs here, e.g. for the start-up log. */
  list(): ({ name: string; runs: boolean } & ({ cron: string } | { everyMs: number }))[] {
    return [...this.jobs.values()].map((job) =>
      job.everyMs !== undefined ? { name: job.name, everyMs: job.everyMs, runs: this.runs(job) } : { name: job.name, cron: job.cron!, runs: this.runs(job) },
    );
  }

  onApplicationBootstrap(): void {
    // Checked before any job starts: a refused entry stops the start with nothing running.
    this.switchedOff();
    for (const job of this.jobs.values()) {
      if (!this.runs(job)) continue;
      if (job.everyMs !== undefined) {
        // unref: a timer of ours never keeps a process alive that has nothing else to do.
        this.timers.push(setInterval(() => this.fire(job), job.everyMs).unref());
      } else {
        this.tasks.push(cron.schedule(job.cron!, () => this.fire(job), { name: job.name, ...(job.timezone ? { timezone: job.timezone } : {}) }));
      }
    }
    const jobs = [...this.jobs.values()];
    this.log.log(`scheduled jobs: ${jobs.map((j) => `${j.name} ${this.runs(j) ? `(${scheduleText(j)})` : 'off'}`).join(', ') || 'none'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
    this.tasks.length = 0;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    await Promise.allSettled([...this.running.values()]);
  }

  private runs(job: ScheduledJob): boolean {
    return this.settings.enabled && job.cron !== CRON_OFF && !this.switchedOff().includes(job.name);
  }

  private switchedOff(): string[] {
    return jobsSwitchedOff(this.settings.off, this.settings.app, [...this.jobs.keys()]);
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
