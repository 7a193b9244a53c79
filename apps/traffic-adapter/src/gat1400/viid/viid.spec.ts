import { DigestAuthority, digestAuthorization, digestResponse, parseDigestChallenge } from './digest';
import { decodeViidBody, listItems, withoutTrailingCommas } from './viid-json';
import { readStatuses } from './viid-status';
import { formatViidTime, parseUtcOffset, parseViidTime } from './viid-time';

describe('GA/T 1400 times', () => {
  it('reads yyyyMMddHHmmss as the platform zone (+08:00) and writes it back', () => {
    const at = parseViidTime('20260302100000', 480);
    expect(at).toEqual({ ok: true, at: new Date('2026-03-02T02:00:00.000Z') });
    expect(formatViidTime(new Date('2026-03-02T02:00:00.000Z'), 480)).toBe('20260302100000');
    expect(formatViidTime(new Date('2026-03-01T23:30:05.000Z'), 480)).toBe('20260302073005');
  });

  it('accepts the variants platforms send: milliseconds, a spaced form, a number', () => {
    expect(parseViidTime('20260302100000123', 480)).toEqual({ ok: true, at: new Date('2026-03-02T02:00:00.123Z') });
    expect(parseViidTime('2026-03-02 10:00:00', 480)).toEqual({ ok: true, at: new Date('2026-03-02T02:00:00.000Z') });
    expect(parseViidTime(20260302100000, 480)).toEqual({ ok: true, at: new Date('2026-03-02T02:00:00.000Z') });
  });

  it.each([
    ['2026/03/02 10:00:00'],
    ['1772416800'],
    ['2026-03-02T02:00:00Z'],
    ['20260230100000'],
    ['20260302250000'],
    ['2026030210000'],
    [''],
  ])('refuses %p with a reason', (text) => {
    const result = parseViidTime(text, 480);
    expect(result.ok).toBe(false);
  });

  it('refuses non-text values saying what came', () => {
    expect(parseViidTime({}, 480)).toEqual({ ok: false, problem: 'must be a yyyyMMddHHmmss string, got an object' });
  });

  it('reads UTC offsets', () => {
    expect(parseUtcOffset('+08:00')).toBe(480);
    expect(parseUtcOffset('-0330')).toBe(-210);
    expect(parseUtcOffset('Asia/Shanghai')).toBeNull();
  });
});

describe('GA/T 1400 bodies', () => {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');

  it('parses JSON sent as application/VIID+JSON, with a BOM, with trailing commas', () => {
    expect(decodeViidBody(utf8('\ufeff{"A":{"B":[1,2,],},}'), 'application/VIID+JSON;charset=UTF-8')).toEqual({ ok: true, value: { A: { B: [1, 2] } } });
  });

  it('leaves commas inside strings alone', () => {
    expect(withoutTrailingCommas('{"a":"x,}","b":"\\",]",}')).toBe('{"a":"x,}","b":"\\",]"}');
  });

  it('decodes GBK when the content type says so (bytes from Python\'s gbk codec)', () => {
    const body = Buffer.concat([utf8('{"PlateNo":"'), Buffer.from('b9f0503132333435', 'hex'), utf8('"}')]);
    expect(decodeViidBody(body, 'application/json; charset=GBK')).toEqual({ ok: true, value: { PlateNo: '桂P12345' } });
  });

  it('names what is wrong with a body that is not JSON', () => {
    const result = decodeViidBody(utf8('{"MotorVehicleListObject":'), 'application/json');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(/^the body is not valid JSON/);
    expect(decodeViidBody(Buffer.alloc(0), undefined)).toEqual({ ok: false, problem: 'the body is empty; a JSON object was expected' });
  });

  it('finds list items in every wrapping platforms use', () => {
    const item = { MotorVehicleID: '1' };
    expect(listItems({ MotorVehicleListObject: { MotorVehicleObject: [item] } }, 'MotorVehicleListObject', 'MotorVehicleObject')).toEqual([item]);
    expect(listItems({ MotorVehicleListObject: { MotorVehicleObject: item } }, 'MotorVehicleListObject', 'MotorVehicleObject')).toEqual([item]);
    expect(listItems({ motorVehicleListObject: { motorVehicleObject: [item] } }, 'MotorVehicleListObject', 'MotorVehicleObject')).toEqual([item]);
    expect(listItems({ MotorVehicleObject: [item] }, 'MotorVehicleListObject', 'MotorVehicleObject')).toEqual([item]);
    expect(listItems([item], 'MotorVehicleListObject', 'MotorVehicleObject')).toEqual([item]);
    expect(listItems({ MotorVehicleObjectList: { MotorVehicleObject: [item] } }, 'MotorVehicleListObject', 'MotorVehicleObject', ['MotorVehicleObjectList'])).toEqual([item]);
    expect(listItems({ Other: 1 }, 'MotorVehicleListObject', 'MotorVehicleObject')).toBeNull();
  });

  it('reads statuses as one object, a list, a list of one, with StatusCode as text', () => {
    const one = { ResponseStatusObject: { RequestURL: '/VIID/System/Register', StatusCode: '0', StatusString: '正常', Id: '1', LocalTime: '20260302100000' } };
    expect(readStatuses(one)).toEqual([{ code: 0, text: '正常', id: '1' }]);
    expect(readStatuses({ ResponseStatusListObject: { ResponseStatusObject: [{ StatusCode: 8, StatusString: 'bad', Id: 'x' }, { StatusCode: 0 }] } })).toEqual([
      { code: 8, text: 'bad', id: 'x' },
      { code: 0, text: '', id: undefined },
    ]);
    expect(readStatuses({ ResponseStatusListObject: { ResponseStatusObject: { StatusCode: '4', StatusString: 'no' } } })).toEqual([{ code: 4, text: 'no', id: undefined }]);
    expect(readStatuses({ nothing: true })).toBeNull();
  });
});

describe('digest authentication (RFC 2617)', () => {
  // The worked example of RFC 2617 section 3.5, an independent source for the computation.
  const rfc = {
    username: 'Mufasa', password: 'Circle Of Life', realm: 'testrealm@host.com', method: 'GET', uri: '/dir/index.html',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', qop: 'auth', nc: '00000001', cnonce: '0a4f113b',
  };

  it('computes the response of the RFC 2617 example', () => {
    expect(digestResponse(rfc)).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('answers a challenge with the RFC example\'s Authorization header', () => {
    const challenge = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(challenge).toEqual({ realm: 'testrealm@host.com', qop: 'auth,auth-int', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', opaque: '5ccc069c403ebaf9f0171e9517f40e41', algorithm: undefined, stale: false });
    const header = digestAuthorization({ username: rfc.username, password: rfc.password, method: 'GET', uri: rfc.uri, challenge: challenge!, nc: 1, cnonce: rfc.cnonce });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('finds the Digest challenge among several schemes', () => {
    expect(parseDigestChallenge(['Basic realm="x"', 'Digest realm="v", nonce="n1", stale=TRUE'])).toMatchObject({ realm: 'v', nonce: 'n1', stale: true });
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
  });

  describe(DigestAuthority.name, () => {
    let now = 1_000_000;
    const sut = new DigestAuthority(Buffer.from('secret'), 'viid', 60_000, () => now);
    const passwords: Record<string, string> = { dev1: 'pw1' };
    const answer = (challengeHeader: string, nc = 1, password = 'pw1', uri = '/VIID/System/Register') =>
      digestAuthorization({ username: 'dev1', password, method: 'POST', uri, challenge: parseDigestChallenge(challengeHeader)!, nc });

    it('accepts a right answer to its own challenge', () => {
      const header = answer(sut.challenge());
      expect(sut.verify(header, 'POST', '/VIID/System/Register', (u) => passwords[u])).toEqual({ ok: true, username: 'dev1' });
    });

    it('refuses a wrong password, a foreign nonce, another uri, an unknown user', () => {
      const challenge = sut.challenge();
      expect(sut.verify(answer(challenge, 1, 'wrong'), 'POST', '/VIID/System/Register', (u) => passwords[u])).toMatchObject({ ok: false, reason: expect.stringMatching(/wrong digest/) });
      const foreign = new DigestAuthority(Buffer.from('other'), 'viid', 60_000, () => now).challenge();
      expect(sut.verify(answer(foreign), 'POST', '/VIID/System/Register', (u) => passwords[u])).toMatchObject({ ok: false, reason: 'the nonce was not issued here' });
      expect(sut.verify(answer(challenge, 2, 'pw1', '/VIID/Other'), 'POST', '/VIID/System/Register', (u) => passwords[u])).toMatchObject({ ok: false });
      expect(sut.verify(answer(challenge, 3), 'POST', '/VIID/System/Register', () => undefined)).toMatchObject({ ok: false, reason: 'unknown user "dev1"' });
      expect(sut.verify(undefined, 'POST', '/x', () => 'pw')).toMatchObject({ ok: false });
    });

    it('marks an expired nonce stale and refuses a replayed nonce count', () => {
      const challenge = sut.challenge();
      const header = answer(challenge, 1);
      expect(sut.verify(header, 'POST', '/VIID/System/Register', (u) => passwords[u]).ok).toBe(true);
      expect(sut.verify(header, 'POST', '/VIID/System/Register', (u) => passwords[u])).toMatchObject({ ok: false, reason: expect.stringMatching(/replayed/) });
      expect(sut.verify(answer(challenge, 2), 'POST', '/VIID/System/Register', (u) => passwords[u]).ok).toBe(true);
      now += 61_000;
      expect(sut.verify(answer(challenge, 3), 'POST', '/VIID/System/Register', (u) => passwords[u])).toEqual({ ok: false, reason: 'the nonce has expired', stale: true });
      expect(sut.challenge(true)).toMatch(/stale=true$/);
    });
  });
});
