import { randomUUID } from 'node:crypto';
import { decodeParsedEnvelope } from './codec';
import { EventType } from './events/event-types';
import { fastDecodeSighting } from './fast-decode';
import { Topic } from './topics';

/** A tiny deterministic generator, so a failure names a seed that reproduces it. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

const valid = () => ({
  eventId: randomUUID(),
  type: EventType.SightingReported,
  schemaVersion: 1,
  occurredAt: '2026-03-02T02:00:00.000Z',
  producer: 'traffic-system',
  correlationId: 'c-1',
  payload: {
    plate: '桂PA2345',
    cameraId: 'FCG-K07',
    observedAt: '2026-03-02T10:00:00+08:00',
    confidence: 0.93,
    location: { lat: 21.7, lon: 108.35, name: '防城区 K07' },
    imageUrl: 'https://traffic.example/img/1.jpg',
  },
});

/** Values that are right for some field and wrong for most. */
const POOL: unknown[] = [
  null, undefined, '', 'x', ' ', 0, 1, -1, 0.5, 1.5, 2, 90.5, -180, 181, true, [], {}, [1], { a: 1 },
  '2026-02-30T10:00:00Z', '2026-03-02', '2026-W05-1', '20260301T081500Z', '2026-032', '2026-03-02T10:00:00', '2026-03-02t10:00:00z', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00.123+08:00', 'yesterday', '2026-13-01T00:00:00Z',
  'ftp://x/y', 'http://x', 'javascript:alert(1)', 'constructor', 'traffic.example/img/1.jpg', 'https://a.b/c?d=e', 'x'.repeat(17), 'x'.repeat(101), 'y'.repeat(2001), '😀'.repeat(9),
  randomUUID(), 'not-a-uuid', EventType.SightingReported, EventType.SeizureReleased, 'SightingReported ', '桂PA2345', '21.7', NaN, Infinity,
];
const PATHS = [
  'eventId', 'type', 'schemaVersion', 'occurredAt', 'producer', 'correlationId', 'payload', 'extra',
  'payload.plate', 'payload.cameraId', 'payload.observedAt', 'payload.confidence', 'payload.location', 'payload.imageUrl', 'payload.extra',
  'payload.location.lat', 'payload.location.lon', 'payload.location.name', 'payload.location.extra',
];

function mutate(target: Record<string, any>, path: string, value: unknown, remove: boolean) {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) return;
    at = at[key];
  }
  if (remove) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
}

/** JSON with keys sorted: the two paths may order keys differently. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

describe(fastDecodeSighting.name, () => {
  it('takes a valid read the fast way, equal to what the full path makes of it', () => {
    const json = valid();
    const fast = fastDecodeSighting(Topic.Sightings, json);
    const full = decodeParsedEnvelope(Topic.Sightings, json);
    expect(fast).not.toBeNull();
    expect(full.ok && JSON.parse(JSON.stringify(full.envelope))).toEqual(JSON.parse(JSON.stringify(fast)));
  });

  it('refuses an image URL that is not written out with http(s):// on both paths', () => {
    for (const imageUrl of ['constructor', 'traffic.example/img/1.jpg', '10.1.2.3/pic/1.jpg']) {
      const json = valid();
      json.payload.imageUrl = imageUrl;
      expect(fastDecodeSighting(Topic.Sightings, json)).toBeNull();
      expect(decodeParsedEnvelope(Topic.Sightings, json).ok).toBe(false);
    }
  });

  it('leaves other topics and types to the full path', () => {
    expect(fastDecodeSighting(Topic.Seizures, valid())).toBeNull();
    expect(fastDecodeSighting(Topic.Sightings, { ...valid(), schemaVersion: 2 })).toBeNull();
  });

  it('never accepts what the full path refuses (20,000 fuzzed envelopes)', () => {
    const random = rng(20261127);
    let fastAccepted = 0;
    let fullAccepted = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const json: Record<string, any> = valid();
      const mutations = 1 + Math.floor(random() * 3);
      const applied: string[] = [];
      for (let m = 0; m < mutations; m++) {
        const path = PATHS[Math.floor(random() * PATHS.length)];
        const remove = random() < 0.2;
        const value = structuredClone(POOL[Math.floor(random() * POOL.length)]);
        mutate(json, path, value, remove);
        applied.push(remove ? `-${path}` : `${path}=${JSON.stringify(value)}`);
      }
      // What arrives is JSON: undefined, NaN and Infinity do not survive the wire.
      const wire = JSON.parse(JSON.stringify(json));
      const fast = fastDecodeSighting(Topic.Sightings, wire);
      const full = decodeParsedEnvelope(Topic.Sightings, JSON.parse(JSON.stringify(json)));
      if (fast) fastAccepted++;
      if (full.ok) fullAccepted++;
      if (fast && (!full.ok || canonical(full.envelope) !== canonical(fast))) disagreements.push(applied.join(', '));
    }
    expect(disagreements).toEqual([]);
    // Both paths see plenty of valid and invalid reads, and the fast one takes most valid ones.
    expect(fullAccepted).toBeGreaterThan(1_000);
    expect(fastAccepted).toBeGreaterThan(fullAccepted * 0.8);
  });
});
