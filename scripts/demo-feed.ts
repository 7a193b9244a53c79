/**
 * Demo feed: what a day at a Fangcheng checkpoint looks like to the gateway.
 *
 * Registers one sealed car with court-gateway, then every ~2 s posts a batch of 5-20 camera
 * reads of random innocent Guangxi plates to traffic-adapter; every ~15 s the sealed car drives
 * past a camera too, and the feed prints what became of it on the court side:
 *
 *   demo: 桂P****5 seen at FCG-K07 → alert 1b2c… open, assigned to 李警官 (防城法庭执行组), hits: 3
 *
 * Plates are personal data: the feed only ever prints them masked.
 *
 * `npm start` runs it; alone: `npx tsx scripts/demo-feed.ts` with COURT_URL / TRAFFIC_URL
 * (default http://localhost:3000 / http://localhost:3001). Ctrl-C stops it.
 */
import { randomUUID } from 'crypto';
import { maskPlate, normalizePlate } from '../libs/contracts/src/plates/plate';

export interface DemoFeedOptions {
  courtUrl: string;
  trafficUrl: string;
  /** Where the feed's lines go (default console.log). */
  log?: (line: string) => void;
  /** Abort to stop: runDemoFeed then resolves. */
  signal?: AbortSignal;
  /** Pause between batches (2000 ms). */
  batchIntervalMs?: number;
  /** How often the sealed car passes a camera (15000 ms). */
  sealedIntervalMs?: number;
}

export const DEMO_SEAL = {
  caseNumber: '(2025)桂0603执1234号',
  plate: '桂P·A2345',
  plateColor: 'blue',
  vin: 'LSVAU2180N2183294',
  ownerName: '王某',
  tribunal: '防城法庭',
  livelihood: false,
} as const;

/** Alert states after which a new hit opens a new alert. */
const CLOSED = /^(resolved|closed|cancel+ed|seized|dismissed|expired|released)$/i;
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
const ALERT_WAIT_MS = 12_000;
const REQUEST_TIMEOUT_MS = 5_000;
/** Letters and digits of Chinese plates: I and O are never issued. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = `${LETTERS}0123456789`;

interface Sighting {
  plate: string;
  cameraId: string;
  observedAt: string;
  eventId: string;
  confidence: number;
  location: { lat: number; lon: number; name: string };
}

interface AlertView {
  id: string;
  state: string;
  plate?: string;
  seizureId?: string;
  assignee?: { name?: string } | null;
  team?: { name?: string } | null;
  hitCount?: number;
  lastSeenAt?: string;
}

export async function runDemoFeed(options: DemoFeedOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const signal = options.signal ?? new AbortController().signal;
  const batchInterval = options.batchIntervalMs ?? 2000;
  const sealedInterval = options.sealedIntervalMs ?? 15_000;
  const courtUrl = options.courtUrl.replace(/\/+$/, '');
  const trafficUrl = options.trafficUrl.replace(/\/+$/, '');
  // traffic-adapter's fold window: npm start gives it and the feed the same environment (its default 120 s).
  const foldWindowMs = (Number(process.env.HIT_FOLD_WINDOW_SECONDS) || 120) * 1000;
  const sealedPlate = normalizePlate(DEMO_SEAL.plate);
  const masked = maskPlate(sealedPlate);

  // One line per kind of trouble until it changes: a feed that repeats the same error every
  // 2 s would bury the apps' own logs.
  const lastProblem = new Map<string, string>();
  const problem = (topic: string, message: string | null) => {
    if (message === null) {
      if (lastProblem.delete(topic)) log(`demo: ${topic}: ok again`);
    } else if (lastProblem.get(topic) !== message) {
      lastProblem.set(topic, message);
      log(`demo: ${topic}: ${message} (retrying)`);
    }
  };

  let sealId: string | null = null;
  let registered = false;
  let lastSealedSentAt = 0;
  let sent = 0;
  let watcher: Promise<void> | null = null;

  log(`demo: feeding ${trafficUrl}/api/v1/sightings every ${batchInterval / 1000} s; sealed car ${masked} passes every ${sealedInterval / 1000} s`);
  while (!signal.aborted) {
    if (!registered) {
      const result = await registerSeal(courtUrl, signal);
      if (signal.aborted) break;
      if (result.ok) {
        registered = true;
        sealId = result.id;
        // First pass a few seconds from now: a new seal needs a moment to reach the watchlist.
        lastSealedSentAt = Date.now() - sealedInterval + Math.min(sealedInterval, 6000);
        problem('registering the demo seal', null);
        log(`demo: sealed ${masked} under case ${DEMO_SEAL.caseNumber} (${result.note})`);
      } else {
        problem('registering the demo seal', result.message);
      }
    }

    const batch = Array.from({ length: randomInt(5, 20) }, () => sighting(innocentPlate(sealedPlate)));
    const withSealed = registered && Date.now() - lastSealedSentAt >= sealedInterval;
    const sealedSighting = withSealed ? sighting(sealedPlate) : null;
    if (sealedSighting) batch.splice(randomInt(0, batch.length), 0, sealedSighting);
    // The alert's hit count before this read, to tell when the read has reached the court.
    const baseline = sealedSighting ? await currentHitCount() : 0;

    const answer = await postJson(`${trafficUrl}/api/v1/sightings`, batch, signal);
    if (signal.aborted) break;
    if (answer.ok) {
      problem('posting sightings', null);
      if (sent === 0) log(`demo: first batch accepted (${batch.length} sightings)`);
      sent += batch.length;
      if (sealedSighting) {
        lastSealedSentAt = Date.now();
        const hits = (answer.body as { hits?: number } | null)?.hits;
        const where = `${masked} seen at ${sealedSighting.cameraId}`;
        if (hits === 0) {
          log(`demo: ${where} → ${await whyNoHit(sealedSighting)}`);
        } else if (!watcher) {
          watcher = watchAlert(where, baseline).finally(() => (watcher = null));
        }
      }
    } else {
      problem('posting sightings', answer.message);
    }
    await sleep(batchInterval, signal);
  }
  await watcher;

  /** Hit count of the demo car's current alert (0 when it has none, or the court does not answer). */
  async function currentHitCount(): Promise<number> {
    const answer = await getJson(`${courtUrl}/api/v1/alerts`, signal);
    const alert = answer.ok ? pickAlert(answer.body) : null;
    return alert && !CLOSED.test(alert.state) ? (alert.hitCount ?? 0) : 0;
  }

  /**
   * Why a read of the sealed car made no hit. traffic-adapter answers `hits: 0` alike for a seal
   * not yet on its watchlist and for a read folded into an earlier hit of the same checkpoint
   * (HIT_FOLD_WINDOW_SECONDS), so the car's open alert tells them apart: a hit of its at this
   * checkpoint within the window is what folded the read.
   */
  async function whyNoHit(read: Sighting): Promise<string> {
    const list = await getJson(`${courtUrl}/api/v1/alerts`, signal);
    const alert = list.ok ? pickAlert(list.body) : null;
    if (!alert || CLOSED.test(alert.state)) return 'no hit yet (the seal is still on its way to the traffic watchlist)';
    const detail = await getJson(`${courtUrl}/api/v1/alerts/${alert.id}`, signal);
    const hits = detail.ok ? ((detail.body as { hits?: { cameraId?: string; observedAt?: string }[] } | null)?.hits ?? []) : [];
    const at = Date.parse(read.observedAt);
    const folding = hits
      .filter((h) => h.cameraId === read.cameraId && Math.abs(at - Date.parse(String(h.observedAt))) < foldWindowMs)
      .sort((a, b) => String(b.observedAt).localeCompare(String(a.observedAt)))[0];
    if (folding) {
      const ago = Math.round((at - Date.parse(String(folding.observedAt))) / 1000);
      return `no new hit: folded into alert ${alert.id}, which has a hit at this checkpoint ${ago} s earlier (HIT_FOLD_WINDOW_SECONDS: ${foldWindowMs / 1000} s)`;
    }
    // The seal is on the watchlist (it has an open alert): the hit that folded this read has not reached the court yet.
    return `no new hit, though alert ${alert.id} is open: folded into a hit at this checkpoint the court has not shown yet, or see traffic-adapter's log`;
  }

  /** Polls the alert list until the read shows on the court side (the hit count goes up) and prints it. */
  async function watchAlert(where: string, baseline: number): Promise<void> {
    const deadline = Date.now() + ALERT_WAIT_MS;
    let alert: AlertView | null = null;
    let counted = false;
    while (!signal.aborted && Date.now() < deadline) {
      const answer = await getJson(`${courtUrl}/api/v1/alerts`, signal);
      if (answer.ok) {
        problem('reading alerts', null);
        alert = pickAlert(answer.body);
        counted = !!alert && !CLOSED.test(alert.state) && (alert.hitCount === undefined || alert.hitCount > baseline);
        if (counted) break;
      } else {
        problem('reading alerts', answer.message);
      }
      await sleep(1000, signal);
    }
    if (signal.aborted) return;
    if (!alert) {
      log(`demo: ${where} → no alert yet (the hit is still on its way to the court)`);
      return;
    }
    const who = alert.assignee?.name ? `assigned to ${alert.assignee.name}` : 'unassigned';
    const team = alert.team?.name ? ` (${alert.team.name})` : '';
    const hits = alert.hitCount === undefined ? '' : `, hits: ${alert.hitCount}`;
    const late = counted ? '' : ' (this read not on it yet)';
    log(`demo: ${where} → alert ${alert.id} ${alert.state}, ${who}${team}${hits}${late}`);
  }

  /** The demo car's alert: the open one if any, else the most recently updated. */
  function pickAlert(body: unknown): AlertView | null {
    const items = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return null;
    const ours = (items as AlertView[]).filter(
      (a) =>
        a &&
        ((sealId !== null && a.seizureId === sealId) ||
          (typeof a.plate === 'string' && (normalizePlate(a.plate) === sealedPlate || a.plate === masked))),
    );
    const byRecent = (a: AlertView, b: AlertView) => String(b.lastSeenAt ?? '').localeCompare(String(a.lastSeenAt ?? ''));
    return ours.filter((a) => !CLOSED.test(a.state)).sort(byRecent)[0] ?? ours.sort(byRecent)[0] ?? null;
  }
}

async function registerSeal(
  courtUrl: string,
  signal: AbortSignal,
): Promise<{ ok: true; id: string | null; note: string } | { ok: false; message: string }> {
  const now = new Date();
  const body = { ...DEMO_SEAL, sealedAt: now.toISOString(), expiresAt: new Date(now.getTime() + TWO_YEARS_MS).toISOString() };
  const answer = await postJson(`${courtUrl}/api/v1/seizures`, body, signal);
  const id = (answer.body as { id?: unknown } | null)?.id;
  if (answer.status === 201) return { ok: true, id: typeof id === 'string' ? id : null, note: 'new seal' };
  if (answer.status === 200 || answer.status === 409) {
    return { ok: true, id: typeof id === 'string' ? id : null, note: 'already registered' };
  }
  return { ok: false, message: answer.ok ? `unexpected HTTP ${answer.status}` : answer.message };
}

type Answer = { ok: true; status: number; body: unknown } | { ok: false; status: number | null; body: unknown; message: string };

/** The key the feed presents to both apps (npm start passes the admin key it runs them with). */
const apiKeyHeader = (): Record<string, string> => (process.env.ADMIN_API_KEY ? { 'x-api-key': process.env.ADMIN_API_KEY } : {});

function postJson(url: string, body: unknown, signal: AbortSignal): Promise<Answer> {
  return request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...apiKeyHeader() }, body: JSON.stringify(body) }, signal);
}

function getJson(url: string, signal: AbortSignal): Promise<Answer> {
  return request(url, { method: 'GET', headers: { accept: 'application/json', ...apiKeyHeader() } }, signal);
}

async function request(url: string, init: RequestInit, signal: AbortSignal): Promise<Answer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text for the message
    }
    if (res.ok || res.status === 409) return { ok: true, status: res.status, body };
    return { ok: false, status: res.status, body, message: `${init.method} ${new URL(url).pathname} → HTTP ${res.status} ${describe(body)}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    return { ok: false, status: null, body: null, message: `${init.method} ${url} failed: ${why}` };
  }
}

function describe(body: unknown): string {
  if (body && typeof body === 'object') {
    const message = (body as { message?: unknown }).message;
    if (message !== undefined) return Array.isArray(message) ? message.join('; ') : String(message);
    return JSON.stringify(body).slice(0, 300);
  }
  return String(body ?? '').slice(0, 300);
}

function sighting(plate: string): Sighting {
  const k = String(randomInt(1, 40)).padStart(2, '0');
  return {
    plate,
    cameraId: `FCG-K${k}`,
    observedAt: new Date().toISOString(),
    eventId: randomUUID(),
    confidence: round(0.8 + Math.random() * 0.19, 2),
    location: { lat: round(21.6 + Math.random() * 0.2, 5), lon: round(108.3 + Math.random() * 0.1, 5), name: `防城区某路段 K${k}` },
  };
}

/** Characters cameras confuse, folded together: an innocent plate must not look like the sealed one. */
const CONFUSABLE: Record<string, string> = { D: '0', Q: '0', B: '8', Z: '2', S: '5', G: '6', '7': '1' };
const fold = (plate: string) => Array.from(plate.slice(1), (c) => CONFUSABLE[c] ?? c).join('');

/** A random valid Guangxi plate (桂, a letter, 5 letters or digits) that no camera misread turns into `sealed`. */
export function innocentPlate(sealed: string): string {
  for (;;) {
    let plate = `桂${pick(LETTERS)}`;
    for (let i = 0; i < 5; i++) plate += pick(ALNUM);
    if (fold(plate) !== fold(sealed)) return plate;
  }
}

function pick(chars: string): string {
  return chars[Math.floor(Math.random() * chars.length)];
}

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

if (require.main === module) {
  const abort = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => abort.abort());
  runDemoFeed({
    courtUrl: process.env.COURT_URL ?? 'http://localhost:3000',
    trafficUrl: process.env.TRAFFIC_URL ?? 'http://localhost:3001',
    signal: abort.signal,
  }).then(
    () => process.exit(0),
    (error) => {
      console.error(`demo feed failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
