import { Logger } from '@nestjs/common';
import { ManualClock } from '../clock/clock';
import { Metrics } from '../metrics/metrics';
import type { AuditLogRepository, AuditLogRow } from './audit-log.repository';
import { AuditDropReason, AuditRetryQueue } from './audit-retry-queue';
import { AUDIT_RETRY, AuditEntry, AuditService } from './audit.service';
import { Role } from './roles';

const poolTimeout = () => new Error('timeout exceeded when trying to connect');
const transient = (error: unknown) => (error as Error).message === poolTimeout().message;

/** A store that fails the next `failures` writes with `error`, then takes them. */
class FlakyStore<T> {
  readonly written: T[] = [];
  constructor(
    public failures: number,
    private readonly error: () => Error = poolTimeout,
  ) {}

  write = async (entry: T): Promise<void> => {
    if (this.failures > 0) {
      this.failures--;
      throw this.error();
    }
    this.written.push(entry);
  };
}

describe(AuditRetryQueue.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function queueOver(store: FlakyStore<string>, options: Partial<{ capacity: number; maxAttempts: number }> = {}) {
    const dropped: [string, AuditDropReason][] = [];
    const sut = new AuditRetryQueue<string>({ write: store.write, transient, dropped: (entry, reason) => dropped.push([entry, reason]), capacity: 10, maxAttempts: 4, firstDelayMs: 100, maxDelayMs: 1000, ...options });
    return { sut, dropped };
  }

  it('writes an entry again after a short, doubling wait while the database stays busy, then empties', async () => {
    const store = new FlakyStore<string>(2);
    const { sut, dropped } = queueOver(store);
    sut.add('a', 1);
    await jest.advanceTimersByTimeAsync(99);
    expect(store.failures).toBe(2); // not tried before its first wait is over
    await jest.advanceTimersByTimeAsync(1); // attempt 2 fails (after 100 ms)
    expect(store.failures).toBe(1);
    await jest.advanceTimersByTimeAsync(199);
    expect(store.failures).toBe(1); // the next wait is doubled
    await jest.advanceTimersByTimeAsync(1); // attempt 3 fails (200 ms later)
    await jest.advanceTimersByTimeAsync(400); // attempt 4 succeeds
    expect(store.written).toEqual(['a']);
    expect(sut.size).toBe(0);
    expect(dropped).toEqual([]);
  });

  it('writes the entries in the order they came, each once', async () => {
    const store = new FlakyStore<string>(1);
    const { sut } = queueOver(store);
    for (const entry of ['a', 'b', 'c']) sut.add(entry, 1);
    await jest.runAllTimersAsync();
    expect(store.written).toEqual(['a', 'b', 'c']);
  });

  it('gives an entry up, counted, once its attempts are used, and goes on with the next', async () => {
    const store = new FlakyStore<string>(3);
    const { sut, dropped } = queueOver(store, { maxAttempts: 4 });
    sut.add('a', 1);
    sut.add('b', 1);
    await jest.runAllTimersAsync();
    expect(dropped).toEqual([['a', 'retries_exhausted']]);
    expect(store.written).toEqual(['b']);
  });

  it('drops at once, counted, what cannot work later (not a busy database), and what comes when the queue is full', async () => {
    const store = new FlakyStore<string>(1, () => new Error('value too long for type character varying(200)'));
    const { sut, dropped } = queueOver(store, { capacity: 2 });
    expect(sut.add('a', 1)).toBe(true);
    expect(sut.add('b', 1)).toBe(true);
    expect(sut.add('c', 1)).toBe(false);
    await jest.runAllTimersAsync();
    expect(dropped).toEqual([
      ['c', 'queue_full'],
      ['a', 'error'],
    ]);
    expect(store.written).toEqual(['b']);
  });

  it('tries what still waits once more when the app stops, and counts what still fails', async () => {
    const store = new FlakyStore<string>(100);
    const { sut, dropped } = queueOver(store);
    sut.add('a', 1);
    await sut.close();
    expect(dropped).toEqual([['a', 'shutdown']]);
    expect(sut.add('b', 0)).toBe(false);
    expect(dropped).toEqual([
      ['a', 'shutdown'],
      ['b', 'shutdown'],
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe(`${AuditService.name}: a write the database is too busy for`, () => {
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const entry: AuditEntry = {
    principal: { kind: 'api_key', id: 'k1', name: 'case system', roles: [Role.CaseSystem] },
    action: 'seizures.register',
    method: 'POST',
    path: '/api/v1/seizures',
    targetType: 'seizure',
    targetId: 's1',
    status: 201,
    outcome: 'ok',
    clientIp: '127.0.0.1',
  };

  function serviceOver(store: FlakyStore<AuditLogRow>) {
    const metrics = new Metrics('test');
    const sut = new AuditService({ append: store.write } as unknown as AuditLogRepository, new ManualClock('2026-03-02T02:00:00.000Z'), metrics);
    const dropped = async (reason: string) => (await metrics.registry.getSingleMetricAsString('gateway_audit_entries_dropped_total')).split('\n').find((l) => l.includes(`reason="${reason}"`))?.split(' ').at(-1);
    return { sut, metrics, dropped };
  }

  it('is written later, with the time of the action, not lost', async () => {
    const store = new FlakyStore<AuditLogRow>(2);
    const { sut, dropped } = serviceOver(store);
    await sut.record(entry);
    expect(store.written).toEqual([]);
    expect(sut.pendingRetries).toBe(1);
    await jest.runAllTimersAsync();
    expect(store.written).toEqual([expect.objectContaining({ action: 'seizures.register', at: new Date('2026-03-02T02:00:00.000Z'), actorName: 'case system', status: 201 })]);
    expect(sut.pendingRetries).toBe(0);
    expect(await dropped('retries_exhausted')).toBe('0');
  });

  it('is queued without a first attempt when the caller must not wait (a 503 for a busy database)', async () => {
    const store = new FlakyStore<AuditLogRow>(0);
    const { sut } = serviceOver(store);
    await sut.record(entry, { wait: false });
    expect(store.written).toEqual([]);
    await jest.runAllTimersAsync();
    expect(store.written).toHaveLength(1);
  });

  it(`is counted in gateway_audit_entries_dropped_total when the database stays busy (${AUDIT_RETRY.maxAttempts} attempts), and every reason is there from the start`, async () => {
    const store = new FlakyStore<AuditLogRow>(AUDIT_RETRY.maxAttempts);
    const { sut, dropped } = serviceOver(store);
    expect([await dropped('queue_full'), await dropped('retries_exhausted'), await dropped('error'), await dropped('shutdown')]).toEqual(['0', '0', '0', '0']);
    await sut.record(entry);
    await jest.runAllTimersAsync();
    expect(store.written).toEqual([]);
    expect(await dropped('retries_exhausted')).toBe('1');
  });

  it('is not retried, but counted, when the write is refused for another reason', async () => {
    const store = new FlakyStore<AuditLogRow>(1, () => new Error('invalid input syntax for type inet: "x"'));
    const { sut, dropped } = serviceOver(store);
    await sut.record(entry);
    expect(sut.pendingRetries).toBe(0);
    expect(await dropped('error')).toBe('1');
  });
});
