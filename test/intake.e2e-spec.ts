import { DeadLetterHeader, deadLetterTopic, EventType, FeedScope, FeedState, Topic, VehicleSightedPayload } from '@app/contracts';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { FeedHealthService } from '../apps/traffic-adapter/src/feed-health/feed-health.service';
import { HitRetentionService } from '../apps/traffic-adapter/src/sightings/hit-retention.service';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * Intake from the traffic system over the real broker protocol and PostgreSQL: HTTP sightings and
 * inspections, the Kafka intake topic, the checkpoint registry, folding, feed health reaching the
 * court, hit retention and dead-lettering of reads that cannot be plates.
 */
describe('intake from the traffic system, end to end', () => {
  let sys: TestSystem;
  let kafka: Kafka;
  let producer: Producer;
  let hitsConsumer: Consumer;
  const hits: VehicleSightedPayload[] = [];
  const DAY_MS = 24 * 3600 * 1000;

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    kafka = new Kafka({ clientId: 'e2e-intake', brokers: sys.kafka.brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    hitsConsumer = kafka.consumer({ groupId: `e2e-hits-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await hitsConsumer.connect();
    await hitsConsumer.subscribe({ topic: Topic.Hits, fromBeginning: true });
    await hitsConsumer.run({
      eachMessage: async ({ message }) => {
        hits.push(JSON.parse(message.value!.toString()).payload);
      },
    });
  });

  afterAll(async () => {
    await hitsConsumer?.disconnect();
    await producer?.disconnect();
    await sys?.stop();
  });

  let caseSeq = 5000;
  async function sealPlate(plate: string, tribunal = '防城法庭'): Promise<string> {
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: `(2025)桂0603执${caseSeq++}号`, plate, tribunal, sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [body.id]);
    return body.id;
  }

  const sighting = (plate: string, cameraId: string, overrides: Record<string, unknown> = {}) => ({
    plate,
    cameraId,
    observedAt: sys.clock.now().toISOString(),
    eventId: randomUUID(),
    ...overrides,
  });

  const hitsOf = (seizureId: string) => hits.filter((h) => h.seizureId === seizureId);

  async function alertOf(seizureId: string, hitCount: number) {
    const alert = await eventually(
      async () => {
        const { body } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
        return (body.items as { id: string; seizureId: string; hitCount: number }[]).find((a) => a.seizureId === seizureId);
      },
      (a) => a?.hitCount === hitCount,
      { what: `an alert with ${hitCount} hits` },
    );
    return (await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200)).body;
  }

  function envelope(type: EventType, payload: object, eventId = randomUUID()) {
    return JSON.stringify({ eventId, type, schemaVersion: 1, occurredAt: sys.clock.now().toISOString(), producer: 'traffic-feed', payload });
  }

  it('registers, lists, replaces and deletes checkpoints with validation, 404 and 409', async () => {
    const body = { name: '防城区港口大道 K01', lat: 21.76, lon: 108.35, jurisdiction: 'fangcheng', groupId: 'FCG-PORT', cameraIds: ['FCG-K01-B'] };
    const created = await api(sys.trafficUrl).put('/api/v1/checkpoints/FCG-K01').send(body).expect(201);
    expect(created.body).toMatchObject({ id: 'FCG-K01', ...body });
    await api(sys.trafficUrl).put('/api/v1/checkpoints/FCG-K01').send({ ...body, name: '港口大道 K01' }).expect(200);
    await api(sys.trafficUrl).put('/api/v1/checkpoints/FCG-K02').send({ name: '那良镇 K02', lat: 21.8, lon: 108.1, jurisdiction: 'naliang', groupId: 'FCG-NL' }).expect(201);

    const { body: list } = await api(sys.trafficUrl).get('/api/v1/checkpoints').expect(200);
    expect(list.items.map((c: { id: string }) => c.id)).toEqual(['FCG-K01', 'FCG-K02']);
    expect((await api(sys.trafficUrl).get('/api/v1/checkpoints/FCG-K01').expect(200)).body.name).toBe('港口大道 K01');

    const bad = await api(sys.trafficUrl).put('/api/v1/checkpoints/X1').send({ name: 'x', lat: 200, lon: 108, colour: 'red' }).expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['lat must be a number of degrees from -90 to 90 (a JSON number, not text)', 'property colour should not exist']));
    await api(sys.trafficUrl).put('/api/v1/checkpoints/bad%20id').send(body).expect(400);
    const conflict = await api(sys.trafficUrl).put('/api/v1/checkpoints/FCG-K03').send({ ...body, cameraIds: ['FCG-K01-B'] }).expect(409);
    expect(conflict.body).toMatchObject({ message: ['camera FCG-K01-B already belongs to checkpoint FCG-K01'], code: 'checkpoint.camera_taken', field: 'cameraIds' });
    // Several taken at once: one sentence naming each (a checkpoint's own id counts as its camera).
    const several = await api(sys.trafficUrl).put('/api/v1/checkpoints/FCG-K03').send({ ...body, cameraIds: ['FCG-K01-B', 'FCG-K02'] }).expect(409);
    expect(several.body).toMatchObject({ code: 'checkpoint.cameras_taken', field: 'cameraIds' });
    expect(several.body.message).toEqual([expect.stringMatching(/^cameras already belong to other checkpoints: /)]);
    expect(several.body.params.taken.split(', ').sort()).toEqual(['FCG-K01-B (checkpoint FCG-K01)', 'FCG-K02 (checkpoint FCG-K02)']);
    await api(sys.trafficUrl).get('/api/v1/checkpoints/NOPE').expect(404);

    await api(sys.trafficUrl).put('/api/v1/checkpoints/TEMP').send({ name: 'temp', lat: 21, lon: 108 }).expect(201);
    await api(sys.trafficUrl).delete('/api/v1/checkpoints/TEMP').expect(204);
    await api(sys.trafficUrl).delete('/api/v1/checkpoints/TEMP').expect(404);
  });

  it('POST /api/v1/inspections turns an annual inspection of a sealed car into a hit with source inspection and a court alert', async () => {
    const seizureId = await sealPlate('桂PJ1001');
    const scheduledAt = sys.clock.now().toISOString();
    const res = await api(sys.trafficUrl)
      .post('/api/v1/inspections')
      .send([
        { plate: '桂p·j1001', stationId: 'FCG-JC-01', stage: 'arrived', scheduledAt, eventId: 'insp-1', location: { lat: 21.77, lon: 108.36, name: '防城港机动车检测站' } },
        { plate: '桂PK2002', stationId: 'FCG-JC-01', stage: 'booked', scheduledAt },
      ])
      .expect(200);
    expect(res.body).toEqual({ received: 2, hits: 1, duplicates: 0 });

    const detail = await alertOf(seizureId, 1);
    expect(detail.hits[0]).toMatchObject({ source: 'inspection', cameraId: 'FCG-JC-01', location: { name: '防城港机动车检测站' } });
    const [hit] = await eventually(async () => hitsOf(seizureId), (h) => h.length === 1, { what: 'the hit on traffic.hits.v1' });
    expect(hit).toMatchObject({ source: 'inspection', cameraId: 'FCG-JC-01', checkpointId: 'FCG-JC-01', sightingId: 'insp-1', match: 'exact' });
    const rows = await sys.db.query('SELECT source, checkpoint_id FROM traffic.hits WHERE seizure_id = $1', [seizureId]);
    expect(rows).toEqual([{ source: 'inspection', checkpoint_id: 'FCG-JC-01' }]);

    const bad = await api(sys.trafficUrl).post('/api/v1/inspections').send({ plate: '桂PJ1001', stationId: 'S', stage: 'left', scheduledAt }).expect(400);
    expect(bad.body.message[0]).toMatch(/stage must be one of the following values/);
  });

  it('takes reads from traffic.sightings.v1: a sealed plate at a registered camera becomes a hit with its checkpoint and place; a repeat is ignored', async () => {
    const seizureId = await sealPlate('桂PJ2002');
    const read = { plate: '桂PJ2002', cameraId: 'FCG-K01-B', observedAt: sys.clock.now().toISOString(), confidence: 0.93 };
    const message = { key: 'FCG-K01-B', value: envelope(EventType.SightingReported, read) };
    await producer.send({ topic: Topic.Sightings, messages: [message, message, { key: 'FCG-K01-B', value: envelope(EventType.SightingReported, { ...read, plate: '桂PX0001' }) }] });

    const [hit] = await eventually(async () => hitsOf(seizureId), (h) => h.length === 1, { what: 'the Kafka read as a hit' });
    expect(hit).toMatchObject({ source: 'checkpoint', cameraId: 'FCG-K01-B', checkpointId: 'FCG-K01', location: { lat: 21.76, lon: 108.35, name: '港口大道 K01' } });
    expect(hit.unknownCamera).toBeUndefined();
    // Both copies were consumed (the inbox holds the claim once), and still only one hit exists.
    await eventually(async () => (await sys.db.query('SELECT 1 FROM traffic.inbox WHERE consumer = $1 AND event_id = $2', ['sightings', hit.sightingId])).length, (n) => n === 1);
    const detail = await alertOf(seizureId, 1);
    expect(detail.hits).toHaveLength(1);
    // Non-matching reads leave nothing behind.
    expect(await sys.db.query(`SELECT 1 FROM traffic.hits WHERE read_plate = '桂PX0001'`)).toEqual([]);
  });

  it('ignores a repeated sighting eventId on POST /api/v1/sightings', async () => {
    const seizureId = await sealPlate('桂PJ3003');
    const read = sighting('桂PJ3003', 'FCG-K02');
    await api(sys.trafficUrl).post('/api/v1/sightings').send(read).expect(200, { received: 1, hits: 1, duplicates: 0 });
    await api(sys.trafficUrl).post('/api/v1/sightings').send(read).expect(200, { received: 1, hits: 0, duplicates: 1 });
    await alertOf(seizureId, 1);
  });

  it('takes a plate with its colour written in front (蓝桂P…, as Hikvision cameras send it) as that plate and colour, over HTTP and Kafka', async () => {
    const seizureId = await sealPlate('桂PJ7007');
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('蓝桂PJ7007', 'FCG-K02')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const [hit] = await eventually(async () => hitsOf(seizureId), (h) => h.length === 1, { what: 'the hit of the prefixed read' });
    expect(hit).toMatchObject({ readPlate: '桂PJ7007', match: 'exact', seenVehicle: { plateColor: 'blue' } });
    // 黑 in front of a letter is Heilongjiang, not a colour: that read is its own plate.
    const heilongjiang = await sealPlate('黑A50051');
    const kafkaRead = { plate: '黑黑A50051', cameraId: 'FCG-K02', observedAt: sys.clock.now().toISOString() };
    await producer.send({ topic: Topic.Sightings, messages: [{ value: envelope(EventType.SightingReported, kafkaRead) }] });
    const [kafkaHit] = await eventually(async () => hitsOf(heilongjiang), (h) => h.length === 1, { what: 'the hit of the black-plate read over Kafka' });
    expect(kafkaHit).toMatchObject({ readPlate: '黑A50051', match: 'exact', seenVehicle: { plateColor: 'black' } });
  });

  it('accepts a sighting from an unknown camera and flags its hit', async () => {
    const seizureId = await sealPlate('桂PJ4004');
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PJ4004', 'UNREGISTERED-9')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const [hit] = await eventually(async () => hitsOf(seizureId), (h) => h.length === 1, { what: 'the flagged hit' });
    expect(hit).toMatchObject({ cameraId: 'UNREGISTERED-9', unknownCamera: true });
    expect(hit.checkpointId).toBeUndefined();
    await alertOf(seizureId, 1);
  });

  it('folds repeated hits of one seal at the same checkpoint within the window, but a new checkpoint always makes a hit', async () => {
    const seizureId = await sealPlate('桂PJ5005');
    const at = (offsetSeconds: number) => new Date(sys.clock.now().getTime() + offsetSeconds * 1000).toISOString();
    const post = (cameraId: string, offsetSeconds: number) =>
      api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PJ5005', cameraId, { observedAt: at(offsetSeconds) })).expect(200);

    expect((await post('FCG-K01', 0)).body.hits).toBe(1);
    // The checkpoint's second camera is the same checkpoint: folded.
    expect((await post('FCG-K01-B', 30)).body.hits).toBe(0);
    expect((await post('FCG-K01', 119)).body.hits).toBe(0);
    // A new checkpoint within the window still makes a hit: the track grows.
    expect((await post('FCG-K02', 60)).body.hits).toBe(1);
    // Back at the first checkpoint after the window: a hit again.
    expect((await post('FCG-K01', 121)).body.hits).toBe(1);

    const detail = await alertOf(seizureId, 3);
    expect(detail.hits.map((h: { cameraId: string }) => h.cameraId)).toEqual(['FCG-K01', 'FCG-K02', 'FCG-K01']);
  });

  it('publishes feed-health quiet and restored once per transition, and court-gateway shows where the watch is blind', async () => {
    const feedHealth = sys.traffic.get(FeedHealthService);
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PL7777', 'FCG-K02')).expect(200);
    // A read no plate can be (the province lost): certainly a misread, and the camera's share of them shows.
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('PL7779', 'FCG-K02')).expect(200);
    const { body: before } = await api(sys.trafficUrl).get('/api/v1/feed-health').expect(200);
    const camera = before.cameras.find((c: { cameraId: string }) => c.cameraId === 'FCG-K02');
    expect(camera).toMatchObject({ checkpointId: 'FCG-K02', groupId: 'FCG-NL', readsPerMinute: expect.any(Number) });
    expect(camera.certainMisreadShare).toBeCloseTo(1 / camera.totalReads, 4);
    expect(JSON.stringify(before)).not.toContain('PL7777');

    sys.clock.advance(601_000);
    await feedHealth.checkFeedHealth(sys.clock.now());
    await feedHealth.checkFeedHealth(sys.clock.now());
    const blind = await eventually(
      async () => (await api(sys.courtUrl).get('/api/v1/feed-health').expect(200)).body,
      (b) => ['camera:FCG-K02', 'checkpoint_group:FCG-NL', 'feed:all'].every((k) => b.blind.some((s: { scope: string; subjectId: string }) => `${s.scope}:${s.subjectId}` === k)),
      { what: 'the quiet camera, group and feed at the court' },
    );
    expect(blind.blind.find((s: { subjectId: string }) => s.subjectId === 'FCG-K02')).toMatchObject({ scope: FeedScope.Camera, state: FeedState.Quiet, quietSeconds: expect.any(Number) });
    expect(blind.blind.find((s: { subjectId: string }) => s.subjectId === 'FCG-K02').quietSeconds).toBeGreaterThan(600);

    // The camera reads again: restored (the whole feed too); its group sibling stays as it was.
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PL7778', 'FCG-K02')).expect(200);
    await feedHealth.checkFeedHealth(sys.clock.now());
    await eventually(
      async () => (await api(sys.courtUrl).get('/api/v1/feed-health?scope=camera').expect(200)).body,
      (b) => b.items.some((s: { subjectId: string; state: string }) => s.subjectId === 'FCG-K02' && s.state === FeedState.Restored),
      { what: 'the camera restored at the court' },
    );
    const { body: history } = await api(sys.courtUrl).get('/api/v1/feed-health/history').expect(200);
    const k02 = history.items.filter((h: { subjectId: string }) => h.subjectId === 'FCG-K02').map((h: { state: string }) => h.state);
    expect(k02).toEqual([FeedState.Restored, FeedState.Quiet]);
  });

  it('deletes hits older than the retention period and keeps newer ones', async () => {
    const retention = sys.traffic.get(HitRetentionService);
    const [{ n: stored }] = await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM traffic.hits');
    expect(stored).toBeGreaterThan(0);
    expect(await retention.deleteExpiredHits(new Date(sys.clock.now().getTime() + 89 * DAY_MS))).toBe(0);
    expect(await retention.deleteExpiredHits(new Date(sys.clock.now().getTime() + 91 * DAY_MS))).toBe(stored);
    expect(await sys.db.query('SELECT 1 FROM traffic.hits')).toEqual([]);
  });

  it('dead-letters a Kafka read whose plate cannot be a plate, with the reason, and keeps consuming', async () => {
    const seizureId = await sealPlate('桂PJ6006');
    await producer.send({
      topic: Topic.Sightings,
      messages: [
        { key: 'cam-x', value: envelope(EventType.SightingReported, { plate: '###', cameraId: 'cam-x', observedAt: sys.clock.now().toISOString() }) },
        { key: 'cam-x', value: envelope(EventType.SightingReported, { plate: '桂PJ6006', cameraId: 'cam-x', observedAt: sys.clock.now().toISOString() }) },
      ],
    });
    const dead: string[] = [];
    const consumer = kafka.consumer({ groupId: `e2e-dlq-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic(Topic.Sightings), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void dead.push(message.headers?.[DeadLetterHeader.Reason]?.toString() ?? '') });
    await eventually(async () => dead.length, (n) => n >= 1, { what: 'the dead letter' });
    await consumer.disconnect();
    expect(dead[0]).toContain('plate contains "#", which appears on no Chinese plate');
    // The partition is not blocked: the next read on it still makes a hit.
    await eventually(async () => hitsOf(seizureId), (h) => h.length === 1, { what: 'the hit after the dead letter' });
  });
});
