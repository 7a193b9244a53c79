import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { api } from './support/api';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * Requests that write the same row at the same moment, as an outside black-box probe fired them:
 * before the fixes a check-then-insert let several pass the check, and all but one hit the unique
 * index or primary key, answered 500. Now a create answers 201 once and 409 with its own code for
 * the rest, a PUT is an upsert that every request succeeds with (the last to commit wins), and
 * the table ends with one row. Each race runs several rounds with several requests, to make the
 * overlap likely; the assertions hold whatever the interleaving (a round that happened to run one
 * after the other must give the same answers).
 */
describe('concurrent writes of one row: never a 500, one row at the end', () => {
  let sys: TestSystem;
  const ROUNDS = 4;
  const AT_ONCE = 5;

  beforeAll(async () => {
    sys = await startTestSystem({
      clockStart: '2026-03-02T02:00:00.000Z',
      // Room for every round's phones: this file is about one endpoint's rows, not the per-officer limit.
      courtEnv: { PUSH_ENDPOINT_HOSTS: '127.0.0.1', PUSH_DEVICES_PER_OFFICER: '20' },
    });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  /** `count` requests made by `make`, all sent before any answer is read. */
  const atOnce = (count: number, make: (i: number) => PromiseLike<Response>) => Promise.all(Array.from({ length: count }, (_, i) => make(i)));
  const statuses = (answers: Response[]) => answers.map((r) => r.status).sort();
  const noServerError = (answers: Response[]) => expect(answers.filter((r) => r.status >= 500).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);

  it('POST /admin/users with one username at once: one 201, 409 account.username_taken for the rest, one account', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const username = `racer${round}`;
      // Letter case differs between requests: usernames are stored lower-case, so it is one username.
      const answers = await atOnce(AT_ONCE, (i) =>
        api(sys.courtUrl).post('/api/v1/admin/users').send({ username: i % 2 ? username.toUpperCase() : username, displayName: `r${i}`, password: 'racer-password-1', roles: ['leadership'] }),
      );
      noServerError(answers);
      expect(statuses(answers)).toEqual([201, ...Array(AT_ONCE - 1).fill(409)]);
      for (const refused of answers.filter((r) => r.status === 409)) {
        expect(refused.body).toMatchObject({ statusCode: 409, code: 'account.username_taken', field: 'username', params: { username } });
      }
      const created = answers.find((r) => r.status === 201)!.body;
      const rows = await sys.db.query<{ id: string }>(`SELECT id FROM court.users WHERE username = $1`, [username]);
      expect(rows).toEqual([{ id: created.id }]);
    }
  });

  it('PUT /travel-times of one team and checkpoint at once: every request 200 with what it set, one row holding one of them', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const checkpointId = `RACE-TT-${round}`;
      const answers = await atOnce(AT_ONCE, (i) => api(sys.courtUrl).put('/api/v1/travel-times').send({ teamId: 'fangcheng', checkpointId, minutes: 10 + i }));
      noServerError(answers);
      expect(statuses(answers)).toEqual(Array(AT_ONCE).fill(200));
      answers.forEach((r, i) => expect(r.body).toEqual({ teamId: 'fangcheng', checkpointId, minutes: 10 + i }));
      const rows = await sys.db.query<{ minutes: number }>(`SELECT minutes FROM court.travel_times WHERE team_id = 'fangcheng' AND checkpoint_id = $1`, [checkpointId]);
      expect(rows).toHaveLength(1);
      expect(answers.map((_, i) => 10 + i)).toContain(rows[0].minutes);
    }
  });

  it('PUT /checkpoints/{id} of one new id at once: one 201 (created), 200 for the rest (replaced), one row as one of them put it', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const id = `RACE-CP-${round}`;
      const answers = await atOnce(AT_ONCE, (i) => api(sys.trafficUrl).put(`/api/v1/checkpoints/${id}`).send({ name: `k${i}`, lat: 21.7, lon: 108.3 + i / 100 }));
      noServerError(answers);
      expect(statuses(answers)).toEqual([...Array(AT_ONCE - 1).fill(200), 201]);
      answers.forEach((r, i) => expect(r.body).toMatchObject({ id, name: `k${i}`, lat: 21.7, lon: 108.3 + i / 100, cameraIds: [] }));
      const rows = await sys.db.query<{ name: string; lon: number }>(`SELECT name, lon FROM traffic.checkpoints WHERE id = $1`, [id]);
      expect(rows).toHaveLength(1);
      const winner = Number(rows[0].name.slice(1));
      expect(rows[0].lon).toBeCloseTo(108.3 + winner / 100, 10);
      expect((await api(sys.trafficUrl).get(`/api/v1/checkpoints/${id}`).expect(200)).body).toMatchObject({ name: rows[0].name });
    }
  });

  it('PUT /checkpoints/{id} of different checkpoints claiming one camera at once: one takes it, 409 checkpoint.camera_taken for the rest', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const camera = `RACE-CAM-${round}`;
      const answers = await atOnce(AT_ONCE, (i) => api(sys.trafficUrl).put(`/api/v1/checkpoints/RACE-CLAIM-${round}-${i}`).send({ name: `c${i}`, lat: 21.7, lon: 108.3, cameraIds: [camera] }));
      noServerError(answers);
      expect(statuses(answers)).toEqual([201, ...Array(AT_ONCE - 1).fill(409)]);
      const winner = answers.findIndex((r) => r.status === 201);
      for (const refused of answers.filter((r) => r.status === 409)) {
        expect(refused.body).toMatchObject({ code: 'checkpoint.camera_taken', field: 'cameraIds', params: { camera, checkpoint: `RACE-CLAIM-${round}-${winner}` } });
      }
      const holders = await sys.db.query<{ id: string }>(`SELECT id FROM traffic.checkpoints WHERE $1 = ANY(camera_ids)`, [camera]);
      expect(holders).toEqual([{ id: `RACE-CLAIM-${round}-${winner}` }]);
    }
  });

  it('POST /devices with one push subscription at once, by one officer and by two: every phone 201, one live registration of the endpoint', async () => {
    const { body: roster } = await api(sys.courtUrl).get('/api/v1/officers?team=fangcheng').expect(200);
    const [first, second] = roster.items as { id: string }[];
    const tokens: string[] = [];
    for (const [n, officer] of [first, second].entries()) {
      const username = `phone${n}`;
      await api(sys.courtUrl).post('/api/v1/admin/users').send({ username, displayName: username, password: 'phone-password-1', roles: ['officer'], officerId: officer.id }).expect(201);
      tokens.push((await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username, password: 'phone-password-1' }).expect(200)).body.token);
    }
    const phone = (n: number) => api(sys.courtUrl, { authorization: `Bearer ${tokens[n]}` });
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [what, accountOf] of [['one officer', () => 0], ['two officers', (i: number) => i % 2]] as const) {
        const subscription = pushSubscription(`${what.replace(' ', '-')}-${round}`);
        const answers = await atOnce(AT_ONCE, (i) => phone(accountOf(i)).post('/api/v1/devices').send({ label: `phone ${i}`, subscription }));
        noServerError(answers);
        expect(statuses(answers)).toEqual(Array(AT_ONCE).fill(201));
        // Registering a subscription again replaces the earlier registration: one of them is live, the others revoked.
        const live = await sys.db.query<{ id: string }>(`SELECT id FROM court.devices WHERE endpoint = $1 AND revoked_at IS NULL`, [subscription.endpoint]);
        expect(live).toHaveLength(1);
        expect(answers.map((r) => r.body.id)).toContain(live[0].id);
      }
    }
  });
});

/** A Web Push subscription (a P-256 public key and an auth secret) at `https://127.0.0.1:9/push/<name>`. */
function pushSubscription(name: string) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const raw = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return { endpoint: `https://127.0.0.1:9/push/${name}`, expirationTime: null, keys: { p256dh: raw.toString('base64url'), auth: randomBytes(16).toString('base64url') } };
}
