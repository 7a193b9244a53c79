import 'reflect-metadata';
import { normalizePlate, VehicleAttributes } from '@app/contracts';
import { twoSlipsFor } from '../apps/traffic-adapter/src/matching/neighbourhood';
import { WatchlistIndex } from '../apps/traffic-adapter/src/watchlist/watchlist.index';
import {
  cameraRead, cameraView, localPlate, misread, nationalPlate, readConfidence, registeredVehicle, seededRandom, seededUuid, SLIP_KINDS, SlipKind, Vehicle, vehicleOf,
} from '../tools/plate-eval/plate-generator';
import { api } from './support/api';
import { startTestSystem, TestSystem } from './support/test-system';
import { watchlistApplied } from './support/watchlist';

/**
 * The public door answers as the matcher does: seals registered at the court and reads sent to
 * POST /api/v1/sightings, drawn from the evaluation's world (tools/plate-eval: national seals with
 * the vehicle as a registration names it, misreads of every kind with and without what the camera
 * saw, checkpoint traffic), raise exactly the seals that WatchlistIndex.match raises in process
 * for the same reads against the same watchlist, read for read. So what eval:matcher measures is
 * what a platform feeding the API gets, at the intake's own defaults (false-hit budgets, two-slip
 * lookups), through the court's registration, court.seizures.v1 and the HTTP door's normalization.
 */
describe('matching through the public door, read for read against the matcher in process', () => {
  let sys: TestSystem;
  const rng = seededRandom(20261130);
  const SEALS = 120;
  const PER_KIND = 10;
  const TRAFFIC = 150;
  const sealed = new Map<string, { id: string; vehicle: Vehicle }>();

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    const plates = new Set<string>();
    while (plates.size < SEALS) plates.add(nationalPlate(rng));
    let n = 0;
    for (const plate of plates) {
      const vehicle = vehicleOf(rng);
      const { body } = await api(sys.courtUrl)
        .post('/api/v1/seizures')
        .send({ caseNumber: `(2025)桂0603执${6000 + n++}号`, plate, tribunal: '防城法庭', ...registeredVehicle(rng, vehicle) })
        .expect(201);
      sealed.set(plate, { id: body.id, vehicle });
    }
    await watchlistApplied(
      sys.db,
      sys.trafficUrl,
      [...sealed.values()].map((s) => s.id),
      { timeoutMs: 60_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await sys?.stop();
  });

  it('raises, for every read of every kind, the seals the matcher raises in process', async () => {
    // The matcher in process, holding what the adapter holds: every active row of its watchlist.
    const rows = await sys.db.query<{ seizure_id: string; plate: string; plate_color: string | null; vehicle_color: string | null; vehicle_brand: string | null; vehicle_model: string | null; vehicle_type: string | null }>(
      "SELECT seizure_id, plate, plate_color, vehicle_color, vehicle_brand, vehicle_model, vehicle_type FROM traffic.watchlist WHERE status = 'active' ORDER BY version",
    );
    expect(rows.length).toBeGreaterThanOrEqual(SEALS);
    const index = new WatchlistIndex();
    for (const r of rows) {
      const vehicle = Object.fromEntries(
        Object.entries({ plateColor: r.plate_color, vehicleColor: r.vehicle_color, vehicleBrand: r.vehicle_brand, vehicleModel: r.vehicle_model, vehicleType: r.vehicle_type }).filter(([, v]) => v !== null),
      ) as VehicleAttributes;
      index.add({ seizureId: r.seizure_id, plate: r.plate, expiresAt: null, vehicle: Object.keys(vehicle).length ? vehicle : undefined });
    }

    // Reads: each kind of misread of sealed cars, read right too, with and without a view; checkpoint traffic.
    const plates = [...sealed.keys()];
    const now = sys.clock.now().getTime();
    const reads: { plate: string; confidence: number; view?: Partial<Vehicle>; what: string }[] = [];
    for (const kind of ['exact read' as const, ...SLIP_KINDS]) {
      for (let i = 0; i < PER_KIND; i++) {
        const truth = plates[Math.floor(rng() * plates.length)];
        const plate = kind === 'exact read' ? truth : misread(rng, truth, kind as SlipKind);
        const confidence = readConfidence(rng, kind === 'exact read' || kind === 'formatting');
        reads.push({ plate, confidence, what: kind }, { plate, confidence, view: cameraView(rng, sealed.get(truth)!.vehicle), what: `${kind}, described` });
      }
    }
    for (let i = 0; i < TRAFFIC; i++) {
      const { read, kind } = cameraRead(rng, localPlate(rng), 0.2);
      reads.push({ plate: read, confidence: readConfidence(rng, kind === null || kind === 'formatting'), view: i % 2 ? cameraView(rng, vehicleOf(rng)) : undefined, what: 'traffic' });
    }
    // One camera per read and a second apart, so no hit is folded into another.
    const sent = reads.map((r, i) => ({
      ...r,
      body: {
        plate: r.plate,
        cameraId: `EQ-K${String(i).padStart(4, '0')}`,
        observedAt: new Date(now - (reads.length - i) * 1000).toISOString(),
        eventId: seededUuid(rng),
        confidence: r.confidence,
        ...r.view,
      },
    }));
    let hitsAnswered = 0;
    for (let i = 0; i < sent.length; i += 200) {
      const { body } = await api(sys.trafficUrl)
        .post('/api/v1/sightings')
        .send(sent.slice(i, i + 200).map((s) => s.body))
        .expect(200);
      hitsAnswered += body.hits;
    }

    const stored = await sys.db.query<{ sighting_id: string; seizure_id: string }>('SELECT sighting_id, seizure_id FROM traffic.hits WHERE camera_id LIKE $1', ['EQ-K%']);
    expect(stored.length).toBe(hitsAnswered);
    const raisedBy = new Map<string, string[]>();
    for (const h of stored) raisedBy.set(h.sighting_id, [...(raisedBy.get(h.sighting_id) ?? []), h.seizure_id]);
    const at = new Date(now);
    const disagreements = sent.flatMap((s) => {
      const expected = index
        .match(normalizePlate(s.plate), at, { confidence: s.confidence, attributes: s.view as VehicleAttributes | undefined, twoSlips: twoSlipsFor(index.size) })
        .map((m) => m.seizureId)
        .sort();
      const actual = (raisedBy.get(s.body.eventId) ?? []).sort();
      return expected.join() === actual.join() ? [] : [{ what: s.what, expected: expected.length, actual: actual.length }];
    });
    expect(disagreements).toEqual([]);
    // The comparison says something: sealed cars were raised, exactly and as possible hits, and some reads raised nothing.
    expect(stored.length).toBeGreaterThan(PER_KIND * 2 * 5);
    expect(raisedBy.size).toBeLessThan(sent.length);
  }, 120_000);
});
