import { DeadLetterHeader, deadLetterTopic, EventType, Topic } from '@app/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { entriesOf } from './support/timeline';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * The foundation slice over the real broker protocol and PostgreSQL:
 * seizure → court.seizures.v1 → watchlist → sighting → traffic.hits.v1 → alert → acknowledge.
 */
describe('seizure to acknowledged alert, end to end', () => {
  let sys: TestSystem;
  let kafka: Kafka;

  beforeAll(async () => {
    // Monday 2026-03-02 10:00 in Asia/Shanghai: the 防城法庭 day shift (李法官) is on duty.
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    kafka = new Kafka({ clientId: 'e2e-test', brokers: sys.kafka.brokers, logLevel: logLevel.NOTHING });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const seal = (overrides: Record<string, unknown> = {}) => ({
    caseNumber: `(2025)桂0603执${Math.floor(Math.random() * 9000) + 1000}号`,
    plate: '桂P·A2345',
    plateColor: 'blue',
    vin: 'LSVAU2180N2183294',
    ownerName: '王某',
    tribunal: '防城法庭',
    livelihood: false,
    sealedAt: '2026-02-01T00:00:00.000Z',
    ...overrides,
  });

  const watchStatus = async (seizureId: string) =>
    (await sys.db.query<{ status: string }>('SELECT status FROM traffic.watchlist WHERE seizure_id = $1', [seizureId]))[0]?.status;

  const sighting = (plate: string, cameraId = 'FCG-K07') => ({
    plate,
    cameraId,
    observedAt: sys.clock.now().toISOString(),
    eventId: randomUUID(),
    confidence: 0.97,
    location: { lat: 21.7, lon: 108.35, name: '防城区某路段 K07' },
    imageUrl: 'https://traffic.example/images/1.jpg',
  });

  async function openAlertFor(seizureId: string) {
    const { body } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
    return (body.items as { seizureId: string; id: string; hitCount: number }[]).find((a) => a.seizureId === seizureId);
  }

  it('registers a seal, rejects a duplicate registration, and puts the plate on the watchlist over Kafka', async () => {
    const body = seal({ caseNumber: '(2025)桂0603执1234号' });
    const created = await api(sys.courtUrl).post('/api/v1/seizures').send(body).expect(201);
    expect(created.body).toMatchObject({ caseNumber: '(2025)桂0603执1234号', plate: '桂PA2345', status: 'active', expiresAt: '2028-02-01T00:00:00.000Z' });

    const again = await api(sys.courtUrl).post('/api/v1/seizures').send({ ...body, plate: '桂pa2345' }).expect(200);
    expect(again.body.id).toBe(created.body.id);
    const [{ n }] = await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM court.seizures WHERE case_number = '(2025)桂0603执1234号'`);
    expect(n).toBe(1);

    await watchlistApplied(sys.db, sys.trafficUrl, [created.body.id]);
  });

  it('turns a sighting of a sealed plate into one alert assigned to the officer on duty, folding repeats', async () => {
    const { body: seizure } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal({ plate: '桂PB6789' })).expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [seizure.id]);

    // Full-width letters, a middle dot and lower case: the camera feed's spelling of the same plate.
    const first = await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂ｐ·b6789')).expect(200);
    expect(first.body).toEqual({ received: 1, hits: 1, duplicates: 0 });

    const alert = await eventually(() => openAlertFor(seizure.id), Boolean, { what: 'an alert for the hit' });
    const { body: detail } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    expect(detail).toMatchObject({
      state: 'open',
      plate: '桂PB6789',
      caseNumber: seizure.caseNumber,
      team: { id: 'fangcheng', name: '防城法庭' },
      assignee: { name: '李法官', badge: 'FC-1001' },
      hitCount: 1,
      openedAt: '2026-03-02T02:00:00.000Z',
      sla: { ackDueAt: '2026-03-02T02:05:00.000Z', onSceneDueAt: '2026-03-02T02:30:00.000Z', ackSeconds: null },
    });
    expect(detail.timeline.map((t: { kind: string }) => t.kind)).toEqual(['opened', 'assigned', 'hit']);
    expect(detail.hits[0]).toMatchObject({ cameraId: 'FCG-K07', readPlate: '桂PB6789', location: { lat: 21.7, lon: 108.35 } });

    // A second camera sees it: same alert, longer track. This camera sends no place and is not in
    // the checkpoint registry: the alert's last sighting is its time and camera with no place,
    // never the first hit's place beside the second hit's time.
    sys.clock.advance(60_000);
    const { location: _none, ...placeless } = sighting('桂PB6789', 'FCG-K09');
    await api(sys.trafficUrl).post('/api/v1/sightings').send([placeless, sighting('桂PC1111')]).expect(200, { received: 2, hits: 1, duplicates: 0 });
    const folded = await eventually(() => openAlertFor(seizure.id), (a) => a?.hitCount === 2, { what: 'the second hit folded in' });
    expect(folded!.id).toBe(alert!.id);
    const { body: after } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    expect(after).toMatchObject({ lastSeenAt: '2026-03-02T02:01:00.000Z', lastCameraId: 'FCG-K09', lastLocation: null });
    const alertsForSeal = await sys.db.query('SELECT id FROM court.alerts WHERE seizure_id = $1', [seizure.id]);
    expect(alertsForSeal).toHaveLength(1);
  });

  it('processes a hit event once even when it is delivered twice', async () => {
    const { body: seizure } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal({ plate: '桂PD3579' })).expect(201);
    const envelope = {
      eventId: randomUUID(),
      type: EventType.VehicleSighted,
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      producer: 'e2e-test',
      payload: {
        hitId: randomUUID(),
        seizureId: seizure.id,
        plate: '桂PD3579',
        readPlate: '桂PD3579',
        match: 'exact',
        source: 'checkpoint',
        sightingId: randomUUID(),
        cameraId: 'FCG-K01',
        observedAt: sys.clock.now().toISOString(),
      },
    };
    const producer = kafka.producer();
    await producer.connect();
    const message = { key: seizure.id, value: JSON.stringify(envelope) };
    await producer.send({ topic: Topic.Hits, messages: [message, message] });
    // A later, different hit marks the point by which both copies must have been consumed.
    const marker = { ...envelope, eventId: randomUUID(), payload: { ...envelope.payload, hitId: randomUUID(), cameraId: 'FCG-K02' } };
    await producer.send({ topic: Topic.Hits, messages: [{ key: seizure.id, value: JSON.stringify(marker) }] });
    await producer.disconnect();

    const alert = await eventually(() => openAlertFor(seizure.id), (a) => a?.hitCount === 2, { what: 'two distinct hits' });
    const { body: detail } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    expect(detail.hits.map((h: { cameraId: string }) => h.cameraId).sort()).toEqual(['FCG-K01', 'FCG-K02']);
  });

  it('acknowledges an alert, recording the time to acknowledge to the second, and refuses a second acknowledgement', async () => {
    const { body: seizure } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal({ plate: '桂PE2468', tribunal: '不存在法庭' })).expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [seizure.id]);
    const openedAt = sys.clock.now();
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PE2468')).expect(200);
    const alert = await eventually(() => openAlertFor(seizure.id), Boolean, { what: 'alert' });

    const { body: opened } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    // No team for that tribunal: the command center's duty director takes it.
    expect(opened).toMatchObject({ team: { id: 'command-center' }, assignee: { name: '张指挥' } });
    expect(opened.routingReason).toContain('command center');

    sys.clock.set(new Date(openedAt.getTime() + 3 * 60_000 + 17_000));
    const { body: acked } = await api(sys.courtUrl).post(`/api/v1/alerts/${alert!.id}/acknowledge`).send({ note: '正在前往' }).expect(200);
    expect(acked).toMatchObject({ state: 'acknowledged', sla: { ackSeconds: 197 } });
    expect(entriesOf(acked, 'acknowledged')).toEqual([expect.objectContaining({ details: expect.objectContaining({ ackSeconds: 197, withinSla: true, note: '正在前往' }) })]);
    const [row] = await sys.db.query<{ state: string; ack_seconds: number }>('SELECT state, ack_seconds FROM court.alerts WHERE id = $1', [alert!.id]);
    expect(row).toEqual({ state: 'acknowledged', ack_seconds: 197 });

    const conflict = await api(sys.courtUrl).post(`/api/v1/alerts/${alert!.id}/acknowledge`).send({}).expect(409);
    expect(conflict.body.message[0]).toContain('is acknowledged; it cannot become acknowledged');
  });

  it('releases a seal: the plate leaves the watchlist, its open alert is cancelled, and later sightings make no hit', async () => {
    const { body: seizure } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal({ plate: '桂PF1357' })).expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [seizure.id]);
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PF1357')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const alert = await eventually(() => openAlertFor(seizure.id), Boolean, { what: 'alert' });

    await api(sys.courtUrl).post(`/api/v1/seizures/${seizure.id}/release`).send({ reason: '已全额履行' }).expect(200);
    await api(sys.courtUrl).post(`/api/v1/seizures/${seizure.id}/release`).send({}).expect(409);
    const { body: cancelled } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    expect(cancelled.state).toBe('cancelled');
    expect(entriesOf(cancelled, 'cancelled')).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'seal released: 已全额履行' }) })]);

    await watchlistApplied(sys.db, sys.trafficUrl, [seizure.id], { status: 'released' });
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PF1357')).expect(200, { received: 1, hits: 0, duplicates: 0 });
  });

  it('keeps a car off the watchlist when its release arrives before its registration', async () => {
    const seizureId = randomUUID();
    const envelope = (type: EventType, payload: object) => ({
      eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date().toISOString(), producer: 'e2e-test', payload,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: Topic.Seizures,
      messages: [
        { key: '桂PG2222', value: JSON.stringify(envelope(EventType.SeizureReleased, { seizureId, plate: '桂PG2222', releasedAt: new Date().toISOString() })) },
        {
          key: '桂PG2222',
          value: JSON.stringify(envelope(EventType.SeizureRegistered, {
            seizureId, caseNumber: '(2025)桂0603执9999号', plate: '桂PG2222', livelihood: false,
            sealedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-12-31T00:00:00.000Z',
          })),
        },
      ],
    });
    await producer.disconnect();
    await watchlistApplied(sys.db, sys.trafficUrl, [seizureId], { status: 'released' });
    // Give the registration time to be consumed; it must not revive the seal.
    await eventually(async () => (await sys.db.query('SELECT 1 FROM traffic.inbox WHERE consumer = $1', ['watchlist'])).length, (n) => n >= 2);
    expect(await watchStatus(seizureId)).toBe('released');
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PG2222')).expect(200, { received: 1, hits: 0, duplicates: 0 });
  });

  it('sets a malformed Kafka message aside on the dead-letter topic and keeps consuming', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: Topic.Seizures, messages: [{ key: 'junk', value: '{"not": "an envelope"' }, { key: 'junk2', value: JSON.stringify({ eventId: 'x', type: 'SeizureRegistered' }) }] });
    await producer.disconnect();

    const dead: { reason: string; key: string }[] = [];
    const consumer = kafka.consumer({ groupId: `e2e-dlq-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic(Topic.Seizures), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        dead.push({ reason: message.headers?.[DeadLetterHeader.Reason]?.toString() ?? '', key: message.key?.toString() ?? '' });
      },
    });
    await eventually(async () => dead.length, (n) => n >= 2, { what: 'two dead letters' });
    await consumer.disconnect();
    expect(dead.find((d) => d.key === 'junk')?.reason).toMatch(/not JSON/);
    expect(dead.find((d) => d.key === 'junk2')?.reason).toMatch(/eventId must be a UUID/);

    // The partition is not blocked: a seal registered afterwards still reaches the watchlist.
    const { body: seizure } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal({ plate: '桂PH8642' })).expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [seizure.id]);
  });
});
