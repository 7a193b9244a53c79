import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * Misreads of sealed plates become possible hits at the court, carrying what differed; innocent
 * look-alikes below what the false-hit budget allows raise nothing; reads no camera could make
 * get a 400.
 */
describe('fuzzy matching of camera misreads, end to end', () => {
  let sys: TestSystem;
  let seizureId: string;

  beforeAll(async () => {
    // Reads of the plate alone get 0.01 % here, a tenth of the default: next to one seal the default
    // lets nearly any slip through (few innocent reads have it in their neighbourhood), which
    // leaves nothing to show of what the budget holds back.
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', trafficEnv: { MATCH_FALSE_HIT_BUDGET_TEXT_ONLY: '0.0001' } });
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执4321号', plate: '桂PB6780', plateColor: 'blue', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    seizureId = body.id;
    await watchlistApplied(sys.db, sys.trafficUrl, [seizureId]);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const sighting = (plate: string, confidence: number, cameraId = 'FCG-K07') => ({
    plate,
    cameraId,
    observedAt: sys.clock.now().toISOString(),
    eventId: randomUUID(),
    confidence,
    imageUrl: 'https://traffic.example/images/2.jpg',
  });

  const trafficHits = async () => (await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM traffic.hits'))[0].n;

  async function alertDetail(hitCount: number) {
    const alert = await eventually(
      async () => {
        const { body } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
        return (body.items as { id: string; seizureId: string; hitCount: number }[]).find((a) => a.seizureId === seizureId);
      },
      (a) => a?.hitCount === hitCount,
      { what: `the alert with ${hitCount} hits` },
    );
    return (await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200)).body;
  }

  it('turns a read with 8 for B into a possible-hit alert that says which character differed', async () => {
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂P86780', 0.72)).expect(200, { received: 1, hits: 1, duplicates: 0 });

    const detail = await alertDetail(1);
    expect(detail).toMatchObject({ plate: '桂PB6780', state: 'open', assignee: { name: '李法官' } });
    const [hit] = detail.hits;
    expect(hit).toMatchObject({ readPlate: '桂P86780', match: 'fuzzy', differences: [{ position: 2, expected: 'B', read: '8' }] });
    // 8 is among B's likeliest readings: the slip keeps most of a valid read's likelihood.
    expect(hit.score).toBeGreaterThanOrEqual(0.4);
    expect(hit.score).toBeLessThan(1);
  });

  it('folds a read that lost the province, and one with O for 0, into the same alert as possible hits', async () => {
    sys.clock.advance(60_000);
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send([sighting('p·b6780', 0.6, 'FCG-K09'), sighting('桂PB678O', 0.9, 'FCG-K10')])
      .expect(200, { received: 2, hits: 2, duplicates: 0 });

    const detail = await alertDetail(3);
    const byCamera = Object.fromEntries(detail.hits.map((h: { cameraId: string }) => [h.cameraId, h]));
    expect(byCamera['FCG-K09']).toMatchObject({ readPlate: 'PB6780', match: 'fuzzy', differences: [{ position: 0, expected: '桂', read: '' }] });
    expect(byCamera['FCG-K10']).toMatchObject({ readPlate: '桂PB678O', match: 'fuzzy', differences: [{ position: 6, expected: '0', read: 'O' }] });
  });

  it('marks an exact read as exact with score 1 and no differences', async () => {
    sys.clock.advance(60_000);
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PB6780', 0.98, 'FCG-K11')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const detail = await alertDetail(4);
    expect(detail.hits.find((h: { cameraId: string }) => h.cameraId === 'FCG-K11')).toMatchObject({ match: 'exact', score: 1, differences: null });
  });

  it("counts a rejected alert against each camera whose reads raised it in the day's report, by reason, so a bad camera shows", async () => {
    const detail = await alertDetail(4);
    await api(sys.courtUrl).post(`/api/v1/alerts/${detail.id}/reject`).send({ reason: 'misread' }).expect(200);

    // 2026-03-02T02:00Z is 10:00 on 2 March in the court's time zone.
    const { body } = await api(sys.courtUrl).get('/api/v1/reports?period=day&start=2026-03-02').expect(200);
    const byCamera = Object.fromEntries((body.current.falseHitsByCamera as { cameraId: string }[]).map((c) => [c.cameraId, c]));
    for (const camera of ['FCG-K07', 'FCG-K09', 'FCG-K10']) {
      expect(byCamera[camera]).toEqual({ cameraId: camera, alerts: 1, falseHits: 1, misread: 1, wrongVehicle: 0, plateCloned: 0, possibleHits: 1 });
    }
    expect(byCamera['FCG-K11']).toMatchObject({ falseHits: 1, misread: 1, possibleHits: 0 });
  });

  it('raises nothing for innocent look-alikes below what the false-hit budget allows: unlike letters read with confidence', async () => {
    // Under 0.01 % an authority letter read as an unlike one (W or X for B, about 0.03) scores
    // below what the budget asks next to this seal (about 0.1), while 8 for B (about 0.5) passes.
    const before = await trafficHits();
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send([sighting('桂PW6780', 0.95), sighting('桂PX6780', 0.95)])
      .expect(200, { received: 2, hits: 0, duplicates: 0 });
    expect(await trafficHits()).toBe(before);
  });

  it('raises a possible hit on a read whose province issues no such authority letter, where the same slip under an issued prefix raises nothing', async () => {
    // 桂 read as 琼 or 粤, an unlike province (about 0.1 at this confidence). 粤P is Heyuan's prefix, so
    // 粤PB6780 may be an innocent car read right and stays under the budget next to this seal; 琼
    // (Hainan) issues A to F only, so no car carries 琼PB6780: it is certainly a misread, and gets
    // the share of the budget of reads no plate can be.
    const before = await trafficHits();
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('粤PB6780', 0.95, 'FCG-K12')).expect(200, { received: 1, hits: 0, duplicates: 0 });
    expect(await trafficHits()).toBe(before);
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('琼PB6780', 0.95, 'FCG-K12')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const rows = await sys.db.query<{ seizure_id: string; match: string }>(`SELECT seizure_id, match FROM traffic.hits WHERE read_plate = '琼PB6780'`);
    expect(rows).toEqual([{ seizure_id: seizureId, match: 'fuzzy' }]);
    expect(await trafficHits()).toBe(before + 1);
  });

  it("weighs a read's confidence as its camera's own traffic says: an unsure read on a camera whose certain misreads are unsure raises what a sure one does not", async () => {
    // FCG-K20 reads a thousand cars at 0.85-0.99, and its reads no plate can be (the province lost)
    // at 0.55-0.65: a valid read at 0.6 from it is likelier a misread than a car read right.
    // W for B, an unlike letter, unsure: under this test's small budget it raises nothing while no
    // camera, and not the fleet either, has shown enough reads for confidence to weigh.
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PW6780', 0.6, 'FCG-K21')).expect(200, { received: 1, hits: 0, duplicates: 0 });
    const at = (i: number, n: number, from: number, to: number) => Math.round((from + ((to - from) * i) / n) * 100) / 100;
    const traffic = [
      ...Array.from({ length: 1000 }, (_, i) => sighting(`桂A${10_000 + i}`, at(i, 1000, 0.85, 0.99), 'FCG-K20')),
      ...Array.from({ length: 60 }, (_, i) => sighting(`A${20_000 + i}`, at(i, 60, 0.55, 0.65), 'FCG-K20')),
    ];
    for (let i = 0; i < traffic.length; i += 500) {
      await api(sys.trafficUrl).post('/api/v1/sightings').send(traffic.slice(i, i + 500)).expect(200, { received: traffic.slice(i, i + 500).length, hits: 0, duplicates: 0 });
    }
    // Operations see that the camera's confidence now weighs (FCG-K20 is the only camera past its
    // first thousand valid reads; the file's other cameras weigh by the fleet's counts meanwhile).
    const metrics = (await api(sys.trafficUrl, {}).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^traffic_confidence_cameras\{state="calibrated"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^traffic_confidence_cameras\{state="pooled"[^}]*\} [1-9]\d*$/m);
    const before = await trafficHits();
    // Nor does it from FCG-K20 when as sure as its cars read right; unsure, it does.
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PW6780', 0.95, 'FCG-K20')).expect(200, { received: 1, hits: 0, duplicates: 0 });
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PW6780', 0.6, 'FCG-K20')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    // FCG-K21, seen once, weighs by the fleet's counts until its own are enough: FCG-K20's, here.
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PW6780', 0.6, 'FCG-K21')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PW6780', 0.95, 'FCG-K21')).expect(200, { received: 1, hits: 0, duplicates: 0 });
    const rows = await sys.db.query<{ seizure_id: string; camera_id: string }>(`SELECT seizure_id, camera_id FROM traffic.hits WHERE read_plate = '桂PW6780' ORDER BY camera_id`);
    expect(rows).toEqual([
      { seizure_id: seizureId, camera_id: 'FCG-K20' },
      { seizure_id: seizureId, camera_id: 'FCG-K21' },
    ]);
    expect(await trafficHits()).toBe(before + 2);
  });

  it('scores a read whose plate colour its own form rules out as a certain misread, and feed health counts it as one', async () => {
    // A new-energy seal: every green plate has eight characters, so a 7-character read of a green plate lost one.
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执4330号', plate: '桂PD68863', plateColor: 'green', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [body.id]);
    // 桂PD6863 is an ordinary plate some car may carry; said to be green, it is none.
    await api(sys.trafficUrl).post('/api/v1/sightings').send({ ...sighting('桂PD6863', 0.8, 'FCG-K30'), plateColor: 'green' }).expect(200, { received: 1, hits: 1, duplicates: 0 });
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PD6863', 0.8, 'FCG-K31')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const alert = await eventually(
      async () => {
        const { body: list } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
        return (list.items as { id: string; seizureId: string; hitCount: number }[]).find((a) => a.seizureId === body.id);
      },
      (a) => a?.hitCount === 2,
      { what: 'the new-energy seal\'s alert with both hits' },
    );
    const { body: detail } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    const scoreOf = (cameraId: string) => (detail.hits as { cameraId: string; score: number }[]).find((h) => h.cameraId === cameraId)!.score;
    // Without the discount of a read that may be another car read right (× 0.6), and the agreeing colour on top.
    expect(scoreOf('FCG-K30')).toBeGreaterThan(scoreOf('FCG-K31') / 0.6);
    const { body: health } = await api(sys.trafficUrl).get('/api/v1/feed-health').expect(200);
    const share = (cameraId: string) => health.cameras.find((c: { cameraId: string }) => c.cameraId === cameraId)?.certainMisreadShare;
    expect([share('FCG-K30'), share('FCG-K31')]).toEqual([1, 0]);
  });

  it.each([
    ['a character on no plate', '桂PB67#0', 'plate contains "#", which appears on no Chinese plate'],
    ['far too many characters', '桂PB678012345', 'plate has 12 characters; no plate reads as more than 10'],
    ['Cyrillic', '桂PВ6780', 'plate contains "В", which appears on no Chinese plate'],
  ])('POST /api/v1/sightings refuses a read with %s, naming the field, and takes the rest of the batch', async (_what, plate, message) => {
    const res = await api(sys.trafficUrl).post('/api/v1/sightings').send([sighting('桂PB6780', 0.9), sighting(plate, 0.9)]).expect(207);
    expect(res.body).toMatchObject({ received: 1, refused: 1, refusals: [{ index: 1, errors: [message] }] });
  });

  it.each([
    ['a lost character', 'PB678'],
    ['ten characters', '桂PB6780123'],
    ['a Chinese character in the middle', '桂PB6挂80'],
    ['a province read as a glyph no plate carries', '柱PB6780'],
    ['its colour word in front of an 8-character plate (11 characters in all)', '渐变绿粤BD12345'],
    ['its colour word and 牌 in front', '蓝牌粤BD12345'],
    ['its colour word after the number, behind a hyphen', '粤BD12345-渐变绿'],
  ])('POST /api/v1/sightings takes a read with %s for the matcher to judge', async (_what, plate) => {
    await api(sys.trafficUrl).post('/api/v1/sightings').send([sighting(plate, 0.9)]).expect(200);
  });

  it('POST /api/v1/seizures rejects a plate colour the plate rules out, naming the field', async () => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').send({ caseNumber: '(2025)桂0603执4322号', plate: '桂PD12345', plateColor: 'blue' }).expect(400);
    expect(res.body.message).toEqual(['plateColor must be green or yellow-green for a new-energy plate, got blue']);
  });

  describe('the vehicle behind the plate', () => {
    let cloneSeal: string;
    const FANGCHENG = { lat: 21.686, lon: 108.355, name: '防城 K07' };
    const NANNING = { lat: 22.817, lon: 108.366, name: '南宁 K88' };
    const read = (cameraId: string, location: typeof FANGCHENG, vehicle: Record<string, string>) => ({
      plate: '桂PK7001',
      cameraId,
      observedAt: sys.clock.now().toISOString(),
      eventId: randomUUID(),
      confidence: 0.95,
      location,
      ...vehicle,
    });
    const detailOf = async (hitCount: number) => {
      const alert = await eventually(
        async () => ((await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200)).body.items as { id: string; seizureId: string; hitCount: number }[]).find((a) => a.seizureId === cloneSeal),
        (a) => a?.hitCount === hitCount,
        { what: `the alert with ${hitCount} hits` },
      );
      return (await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200)).body;
    };

    beforeAll(async () => {
      const { body } = await api(sys.courtUrl)
        .post('/api/v1/seizures')
        .send({ caseNumber: '(2025)桂0603执4399号', plate: '桂PK7001', plateColor: '蓝', vehicleColor: 'A', vehicleBrand: '一汽-大众', vehicleModel: '朗逸', vehicleType: 'K33', tribunal: '防城法庭' })
        .expect(201);
      cloneSeal = body.id;
      // The vehicle as a registration query prints it (CSYS letter, GA 24.4 code, the joint venture's name), taken as the values it names.
      expect(body).toMatchObject({ plateColor: 'blue', vehicleColor: 'white', vehicleBrand: '一汽-大众', vehicleModel: '朗逸', vehicleType: 'car' });
      await watchlistApplied(sys.db, sys.trafficUrl, [cloneSeal]);
      expect((await sys.db.query<{ vehicle_brand: string }>('SELECT vehicle_brand FROM traffic.watchlist WHERE seizure_id = $1', [cloneSeal]))[0].vehicle_brand).toBe('一汽-大众');
    });

    it('compares what the camera saw with the registered vehicle on every hit', async () => {
      sys.clock.advance(3_600_000);
      await api(sys.trafficUrl).post('/api/v1/sightings').send(read('FCG-K07', FANGCHENG, { vehicleColor: 'silver', vehicleBrand: 'Volkswagen', vehicleType: 'car' })).expect(200);
      const detail = await detailOf(1);
      expect(detail.clonedPlate).toBeNull();
      expect(detail.hits[0]).toMatchObject({ match: 'exact', clonedPlate: false, seenVehicle: { vehicleColor: 'silver', vehicleBrand: 'Volkswagen', vehicleType: 'car' } });
      expect(detail.hits[0].attributes).toEqual([
        { attribute: 'vehicleColor', verdict: 'near', sealed: 'white', seen: 'silver' },
        { attribute: 'vehicleBrand', verdict: 'agree', sealed: '一汽-大众', seen: 'Volkswagen' },
        { attribute: 'vehicleType', verdict: 'agree', sealed: 'car', seen: 'car' },
      ]);
    });

    it('marks a possible cloned plate when the same plate is read too far away too soon, naming both places', async () => {
      sys.clock.advance(5 * 60_000);
      await api(sys.trafficUrl).post('/api/v1/sightings').send(read('NN-K88', NANNING, {})).expect(200);
      const detail = await detailOf(2);
      expect(detail.clonedPlate).toMatchObject({ reasons: ['impossible_travel'], place: { name: '南宁 K88' }, otherRead: { cameraId: 'FCG-K07', location: { name: '防城 K07' } } });
      expect(detail.clonedPlate.otherRead.distanceKm).toBeGreaterThan(120);
      expect(detail.clonedPlate.otherRead.speedKmh).toBeGreaterThan(1000);
      const nanning = detail.hits.find((h: { cameraId: string }) => h.cameraId === 'NN-K88');
      expect(nanning).toMatchObject({ clonedPlate: true, clonedPlateReasons: ['impossible_travel'], impossibleTravel: { cameraId: 'FCG-K07' } });
    });

    it('marks a possible cloned plate when the plate is exact but the car is not the registered one', async () => {
      sys.clock.advance(6 * 3_600_000 + 60_000);
      await api(sys.trafficUrl).post('/api/v1/sightings').send(read('FCG-K09', FANGCHENG, { vehicleColor: 'red', vehicleBrand: '丰田', vehicleType: 'truck' })).expect(200);
      const detail = await detailOf(3);
      const k09 = detail.hits.find((h: { cameraId: string }) => h.cameraId === 'FCG-K09');
      expect(k09).toMatchObject({ match: 'exact', clonedPlate: true, clonedPlateReasons: ['attributes'], impossibleTravel: null });
      expect(k09.attributes.map((a: { verdict: string }) => a.verdict)).toEqual(['differ', 'differ', 'differ']);
      expect(detail.clonedPlate.reasons).toEqual(['impossible_travel', 'attributes']);
      expect(detail.timeline.filter((e: { kind: string; details: { clonedPlate?: string[] } }) => e.kind === 'hit' && e.details.clonedPlate).length).toBe(2);
    });

    it('raises no possible hit on a look-alike one character away whose colour, make or class contradicts the seal, and one when the car agrees', async () => {
      // 桂PK7D01: the 0 of 桂PK7001 read as D, itself a valid plate (two letters in the serial) an innocent car could carry.
      sys.clock.advance(60_000);
      const before = await trafficHits();
      const lookAlike = (cameraId: string, vehicle: Record<string, string>) => ({ ...read(cameraId, FANGCHENG, vehicle), plate: '桂PK7D01' });
      await api(sys.trafficUrl)
        .post('/api/v1/sightings')
        .send([
          lookAlike('FCG-K21', { vehicleColor: 'red', vehicleBrand: '大众', vehicleType: 'car' }),
          lookAlike('FCG-K22', { vehicleColor: 'white', vehicleBrand: '丰田', vehicleType: 'car' }),
          lookAlike('FCG-K23', { vehicleColor: 'white', vehicleBrand: '大众', vehicleType: 'truck' }),
        ])
        .expect(200, { received: 3, hits: 0, duplicates: 0 });
      expect(await trafficHits()).toBe(before);

      await api(sys.trafficUrl)
        .post('/api/v1/sightings')
        .send(lookAlike('FCG-K24', { vehicleColor: 'white', vehicleBrand: 'Volkswagen', vehicleType: 'car' }))
        .expect(200, { received: 1, hits: 1, duplicates: 0 });
      const detail = await detailOf(4);
      const k24 = detail.hits.find((h: { cameraId: string }) => h.cameraId === 'FCG-K24');
      expect(k24).toMatchObject({ readPlate: '桂PK7D01', match: 'fuzzy', clonedPlate: false, differences: [{ position: 4, expected: '0', read: 'D' }] });
      expect(k24.attributes.map((a: { verdict: string }) => a.verdict)).toEqual(['agree', 'agree', 'agree']);
    });

    it('raises a read with two unlike slips (K read as X, 0 as C) as a possible hit naming both, through the two-slip lookups the intake makes', async () => {
      // Neither X nor C is in the fold class of the character it stands for, so the read shares no
      // key with 桂PK7001: only a two-slip lookup (MATCH_TWO_SLIPS, on by default) finds it.
      sys.clock.advance(60_000);
      await api(sys.trafficUrl)
        .post('/api/v1/sightings')
        .send({ ...read('FCG-K25', FANGCHENG, { vehicleColor: 'white', vehicleBrand: '大众', vehicleType: 'car' }), plate: '桂PX7C01', confidence: 0.9 })
        .expect(200, { received: 1, hits: 1, duplicates: 0 });
      const detail = await detailOf(5);
      const k25 = detail.hits.find((h: { cameraId: string }) => h.cameraId === 'FCG-K25');
      expect(k25).toMatchObject({
        readPlate: '桂PX7C01',
        match: 'fuzzy',
        clonedPlate: false,
        differences: [
          { position: 2, expected: 'K', read: 'X' },
          { position: 4, expected: '0', read: 'C' },
        ],
      });
      expect(k25.score).toBeLessThan(1);
    });

    it("finds, on a court's own watchlist, two slips one of which only the wider two-slip lookups try (0 read as 8 and as 6)", async () => {
      // Neither 8 nor 6 is in 0's fold class, and 0's class is only the fifth likeliest out of its
      // own for a read 8 and the fourth for a read 6 (CROSS_CLASSES): two-slip lookups with three
      // confusions a place, as on a larger watchlist, do not find 桂PK7001 behind 桂PK7861; a
      // watchlist of 20,000 seals or fewer gets five (twoSlipsFor), and the intake finds it.
      sys.clock.advance(60_000);
      await api(sys.trafficUrl)
        .post('/api/v1/sightings')
        .send({ ...read('FCG-K25B', FANGCHENG, { vehicleColor: 'white', vehicleBrand: '大众', vehicleType: 'car' }), plate: '桂PK7861', confidence: 0.9 })
        .expect(200, { received: 1, hits: 1, duplicates: 0 });
      const detail = await detailOf(6);
      expect(detail.hits.find((h: { cameraId: string }) => h.cameraId === 'FCG-K25B')).toMatchObject({
        readPlate: '桂PK7861',
        match: 'fuzzy',
        differences: [
          { position: 4, expected: '0', read: '8' },
          { position: 5, expected: '0', read: '6' },
        ],
      });
    });

    it('raises a read of an emergency rescue plate that lost its 应急 whole as a possible hit naming both characters', async () => {
      const { body } = await api(sys.courtUrl)
        .post('/api/v1/seizures')
        .send({ caseNumber: '(2025)桂0603执4401号', plate: '桂P5678应急', vehicleColor: 'red', vehicleBrand: '依维柯', vehicleType: 'van', tribunal: '防城法庭' })
        .expect(201);
      await watchlistApplied(sys.db, sys.trafficUrl, [body.id]);
      sys.clock.advance(60_000);
      await api(sys.trafficUrl)
        .post('/api/v1/sightings')
        .send({ ...read('FCG-K26', FANGCHENG, { vehicleColor: 'red', vehicleBrand: '依维柯', vehicleType: 'van' }), plate: '桂P5678' })
        .expect(200, { received: 1, hits: 1, duplicates: 0 });
      const alert = await eventually(
        async () => ((await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200)).body.items as { id: string; seizureId: string }[]).find((a) => a.seizureId === body.id),
        (a) => a !== undefined,
        { what: 'the emergency plate’s alert' },
      );
      const detail = (await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200)).body;
      expect(detail.hits[0]).toMatchObject({
        readPlate: '桂P5678',
        match: 'fuzzy',
        differences: [
          { position: 6, expected: '应', read: '' },
          { position: 7, expected: '急', read: '' },
        ],
      });
    });

    it.each([
      ['a small new-energy plate of the newer series', '桂PA12345', 'green'],
      ['an emergency rescue plate', '桂P1234应急', undefined],
      ['an embassy plate', '使014001', 'black'],
    ])('registers %s', async (_what, plate, plateColor) => {
      const { body } = await api(sys.courtUrl)
        .post('/api/v1/seizures')
        .send({ caseNumber: '(2025)桂0603执4400号', plate, ...(plateColor ? { plateColor } : {}) })
        .expect(201);
      expect(body.plate).toBe(plate);
    });
  });
});
