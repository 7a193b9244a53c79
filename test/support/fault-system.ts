import { allTopicSpecs } from '@app/contracts';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { KafkaMockCluster } from '../../tools/kafka-mock/kafka-mock';
import { TEST_ADMIN_KEY } from './api';
import { AppProcess } from './app-process';
import { eventually } from './eventually';
import { TcpProxy } from './tcp-proxy';
import { TestDatabase } from './test-database';
import { watchlistApplied } from './watchlist';

/**
 * What the fault tests (test/faults-*.e2e-spec.ts) run against: one mock cluster, one database
 * reached through a TCP proxy the test can cut, and both apps as child processes (so they can be
 * killed with SIGKILL and restarted on the same port). Each fault file starts a system of its own,
 * so the files run side by side in two workers instead of one file holding a worker for minutes.
 *
 * Also the client side every scenario uses: a traffic system and a court clerk that retry each
 * request that gets no answer or a 5xx, with the same eventId, and the exact check of the effects.
 */

// Symbols of the plates the fault files register, seven to a place, no two of one place in one of
// the matcher's fold classes (0/D/Q/O/U, 8/B, 2/Z, 5/S, 6/G, 1/7/I/T, 4/A), the letters all issued
// in 桂 (an unissued prefix would make a read a certain misread).
const PLATE_LETTERS = 'ABCEFHK';
const PLATE_DIGITS = '0234569';

export interface Seal {
  id: string;
  plate: string;
}

export interface FlowFigures {
  seals: number;
  sightings: number;
  releases: number;
}

interface AlertRow {
  seizure_id: string;
  state: string;
  hit_count: number;
}

export class FaultSystem {
  private plateCounter = 0;

  private constructor(
    readonly cluster: KafkaMockCluster,
    readonly db: TestDatabase,
    readonly pgProxy: TcpProxy,
    readonly court: AppProcess,
    readonly traffic: AppProcess,
    readonly producer: Producer,
  ) {}

  /**
   * Starts the cluster, the database (`prefix`), the proxy and both apps. Whatever started before
   * a failure is stopped again.
   */
  static async start(prefix: string): Promise<FaultSystem> {
    const cleanup: (() => Promise<unknown>)[] = [];
    try {
      const cluster = await KafkaMockCluster.start({ brokers: 3, topics: allTopicSpecs() });
      cleanup.push(() => cluster.stop());
      const db = await TestDatabase.create(prefix);
      cleanup.push(() => db.drop());
      const pgProxy = await TcpProxy.start(process.env.PGHOST ?? '127.0.0.1', Number(process.env.PGPORT ?? 5432));
      cleanup.push(() => pgProxy.stop());
      const dbUrl = new URL(db.url);
      dbUrl.host = `127.0.0.1:${pgProxy.port}`;
      const env = {
        DATABASE_URL: dbUrl.toString(),
        KAFKA_BROKERS: cluster.bootstrap,
        KAFKA_FETCH_MAX_WAIT_MS: '100',
        OUTBOX_POLL_MS: '50',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'log',
        SEED_DEMO_ROSTER: 'true',
        ADMIN_API_KEY: TEST_ADMIN_KEY,
        // Folding off: every sighting must arrive as its own hit for the exact hit counts.
        HIT_FOLD_WINDOW_SECONDS: '0',
      };
      const court = await AppProcess.create('court-gateway', env);
      const traffic = await AppProcess.create('traffic-adapter', env);
      cleanup.push(() => Promise.all([court.stop(), traffic.stop()]));
      await Promise.all([court.start(), traffic.start()]);
      const kafka = new Kafka({ clientId: 'faults-test', brokers: cluster.brokers, logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      return new FaultSystem(cluster, db, pgProxy, court, traffic, producer);
    } catch (error) {
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Why the next test cannot run (an app that could not start or restart, or crashed), or null:
   * checked in a `beforeEach`, so one broken app fails every later test at once, naming why,
   * rather than each waiting out its own timeout against a dead port.
   */
  static unusable(system: FaultSystem | undefined): string | null {
    if (!system) return 'beforeAll did not start the fault system';
    return [system.court, system.traffic].map((app) => app.unusable()).find(Boolean) ?? null;
  }

  async stop(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    await Promise.all([this.court.stop(), this.traffic.stop()]);
    await this.pgProxy.stop();
    await this.cluster.stop();
    await this.db.drop();
  }

  /**
   * Distinct valid plates across the file (each scenario has its own seals), any two of them at
   * least four characters apart even where the matcher folds look-alike characters together: a
   * Reed-Solomon code over GF(7), the body being a polynomial of degree 2 (its coefficients the
   * digits of n in base 7, plus x so that no plate is one digit repeated) evaluated at 0…5.
   * Plates one after another (桂A10000, 桂B10001) were two slips apart; with the intake's two-slip
   * lookups and one seal per prefix (so the budget's threshold is tiny) a read of a released
   * seal's plate was raised as a possible hit on its neighbour, which these tests would count as a
   * hit where they expect none.
   */
  nextPlate(): string {
    const n = this.plateCounter++;
    if (n >= 343) throw new Error('the fault files take at most 343 plates each');
    const [a, b, c] = [n % 7, Math.floor(n / 7) % 7, Math.floor(n / 49)];
    const symbol = (x: number) => (x + a + b * x + c * x * x) % 7;
    return `桂${PLATE_LETTERS[symbol(0)]}${[1, 2, 3, 4, 5].map((x) => PLATE_DIGITS[symbol(x)]).join('')}`;
  }

  sighting(plate: string) {
    return { plate, cameraId: 'FCG-K07', observedAt: new Date().toISOString(), eventId: randomUUID(), confidence: 0.95 };
  }

  /** One request, retried (as a client would) while it gets no answer or a 5xx, for up to 90 s. */
  async call(app: AppProcess, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        const res = await fetch(app.url + path, {
          method,
          headers: { 'content-type': 'application/json', 'x-api-key': TEST_ADMIN_KEY, ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        // 5xx (database unreachable) and no answer (process killed) are retried, as a client would.
        if (res.status < 500) return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
      } catch {
        // connection refused or reset: the app is down or restarting
      }
      if (Date.now() > deadline) throw new Error(`${method} ${app.app}${path} got no answer for 90 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async registerSeals(n: number): Promise<Seal[]> {
    const seals: Seal[] = [];
    for (let i = 0; i < n; i++) {
      const plate = this.nextPlate();
      const res = await this.call(this.court, 'POST', '/api/v1/seizures', {
        caseNumber: `(2025)桂0603执${5000 + this.plateCounter}号`,
        plate,
        tribunal: '防城法庭',
        sealedAt: '2026-01-01T00:00:00.000Z',
      });
      expect([200, 201]).toContain(res.status);
      seals.push({ id: res.body.id, plate });
    }
    await watchlistApplied(this.db, this.traffic.url, seals.map((s) => s.id), { timeoutMs: 60_000 });
    return seals;
  }

  /**
   * Rounds of one sighting per seal; the fault runs alongside from the end of round one. After
   * round two, `releases` seals are lifted. Every request is retried until answered.
   */
  async flow(seals: Seal[], rounds: number, releases: number, fault: () => Promise<void>): Promise<{ figures: FlowFigures; released: Seal[]; sent: Map<string, string[]> }> {
    const sent = new Map<string, string[]>(seals.map((s) => [s.id, []]));
    const released: Seal[] = [];
    let faultRun: Promise<void> | null = null;
    for (let round = 1; round <= rounds; round++) {
      for (const seal of seals) {
        if (released.includes(seal)) continue;
        const read = this.sighting(seal.plate);
        const res = await this.call(this.traffic, 'POST', '/api/v1/sightings', read);
        expect(res.status).toBe(200);
        sent.get(seal.id)!.push(read.eventId);
        await new Promise((r) => setTimeout(r, 40));
      }
      if (round === 1) faultRun = fault();
      if (round === 2) {
        for (const seal of seals.slice(0, releases)) {
          const res = await this.call(this.court, 'POST', `/api/v1/seizures/${seal.id}/release`, { reason: '已履行' });
          expect([200, 409]).toContain(res.status); // 409: the first try did land before the answer was lost
          released.push(seal);
        }
      }
    }
    await faultRun;
    const sightings = [...sent.values()].reduce((n, ids) => n + ids.length, 0);
    return { figures: { seals: seals.length, sightings, releases: released.length }, released, sent };
  }

  /** Waits for the effects to settle, then checks them exactly and prints the figures. */
  async verify(name: string, seals: Seal[], released: Seal[], sent: Map<string, string[]>, figures: FlowFigures, startedAt: number): Promise<void> {
    const releasedIds = new Set(released.map((s) => s.id));
    const kept = seals.filter((s) => !releasedIds.has(s.id));
    const alertsOf = () => this.db.query<AlertRow>('SELECT seizure_id, state, hit_count FROM court.alerts WHERE seizure_id = ANY($1::uuid[])', [seals.map((s) => s.id)]);
    const settled = (rows: AlertRow[]) =>
      kept.every((s) => rows.some((a) => a.seizure_id === s.id && a.state === 'open' && a.hit_count === sent.get(s.id)!.length)) &&
      released.every((s) => !rows.some((a) => a.seizure_id === s.id && a.state === 'open'));
    const rows = await eventually(alertsOf, settled, { timeoutMs: 90_000, intervalMs: 250, what: `${name}: every expected alert with all its hits` });

    const alertsPerSeal = new Map<string, number>();
    for (const row of rows) alertsPerSeal.set(row.seizure_id, (alertsPerSeal.get(row.seizure_id) ?? 0) + 1);
    const duplicateAlerts = kept.reduce((n, s) => n + Math.max(0, (alertsPerSeal.get(s.id) ?? 0) - 1), 0);
    const found = kept.filter((s) => alertsPerSeal.get(s.id) === 1).length;
    const releasedWithOpenAlert = released.filter((s) => rows.some((a) => a.seizure_id === s.id && a.state === 'open')).length;
    const [{ n: duplicateHits }] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM traffic.hits WHERE seizure_id = ANY($1::uuid[]) GROUP BY sighting_id, seizure_id HAVING count(*) > 1) d`,
      [seals.map((s) => s.id)],
    );
    const hitsExpected = kept.reduce((n, s) => n + sent.get(s.id)!.length, 0);
    const hitsFound = rows.filter((r) => r.state === 'open').reduce((n, r) => n + r.hit_count, 0);
    const escalations = await this.duplicateEscalations();
    console.log(
      `faults: ${name}: events sent ${figures.seals + figures.sightings + figures.releases} (seals ${figures.seals}, sightings ${figures.sightings}, releases ${figures.releases}); ` +
        `alerts expected ${kept.length}, found ${found}, duplicates ${duplicateAlerts}; hits expected ${hitsExpected}, found ${hitsFound}, duplicate hits ${duplicateHits}; ` +
        `released seals with an open alert ${releasedWithOpenAlert}; duplicate escalations ${escalations ?? 'n/a (no escalations table)'}; ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    expect({ found, duplicateAlerts, hitsFound, duplicateHits, releasedWithOpenAlert, escalations: escalations ?? 0 }).toEqual({
      found: kept.length,
      duplicateAlerts: 0,
      hitsFound: hitsExpected,
      duplicateHits: 0,
      releasedWithOpenAlert: 0,
      escalations: 0,
    });
  }

  /** Escalations are another branch's work: counted when their table exists. */
  private async duplicateEscalations(): Promise<number | null> {
    const [{ present }] = await this.db.query<{ present: boolean }>(`SELECT to_regclass('court.alert_escalations') IS NOT NULL AS present`);
    if (!present) return null;
    const columns = (await this.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'court' AND table_name = 'alert_escalations'`)).map((c) => c.column_name);
    const level = ['level', 'step', 'tier'].find((c) => columns.includes(c));
    if (!columns.includes('alert_id') || !level) return null;
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM court.alert_escalations GROUP BY alert_id, ${level} HAVING count(*) > 1) d`);
    return n;
  }

  /** Registers `seals`, runs the flow with `fault` alongside, and checks the outcome exactly. */
  async runScenario(name: string, fault: () => Promise<void>, { seals: n = 6, rounds = 3, releases = 1 } = {}): Promise<void> {
    const startedAt = Date.now();
    const seals = await this.registerSeals(n);
    const { figures, released, sent } = await this.flow(seals, rounds, releases, fault);
    await this.verify(name, seals, released, sent, figures, startedAt);
    // Plates are masked in every log line of both apps, whatever the fault.
    expect([...this.court.lines, ...this.traffic.lines].filter((line) => seals.some((s) => line.includes(s.plate)))).toEqual([]);
  }
}

/** From the stop to /health 200 again, and how much of it was the process starting (until it listened). */
export function restartFigures(app: AppProcess, stoppedAt: number): string {
  return `stop to ready again ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s (process up and listening after ${((app.listeningAt - stoppedAt) / 1000).toFixed(1)} s)`;
}

/**
 * The one FaultSystem of a test file: started before its tests, stopped after them, and every test
 * refused at once, naming the reason, once an app of it has crashed or failed to start (instead of
 * each waiting on a dead port). Call at the top of a `describe`; the getter gives the system.
 */
export function faultSystemForFile(prefix: string): () => FaultSystem {
  let sys: FaultSystem | undefined;
  beforeAll(async () => {
    sys = await FaultSystem.start(prefix);
  }, 120_000);
  beforeEach(() => {
    const why = FaultSystem.unusable(sys);
    if (why) throw new Error(`not run: ${why}`);
  });
  afterAll(async () => {
    await sys?.stop();
  });
  return () => sys!;
}
