import { randomUUID } from 'node:crypto';
import { createEnvelope, decodeEnvelope } from './codec';
import { EventType } from './events/event-types';
import { Topic } from './topics';

describe('decodeEnvelope', () => {
  const registered = () =>
    createEnvelope(
      EventType.SeizureRegistered,
      {
        seizureId: randomUUID(),
        caseNumber: '(2025)桂0603执1234号',
        plate: '桂PA2345',
        livelihood: false,
        sealedAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2027-12-31T00:00:00.000Z',
      },
      { producer: 'court-gateway', occurredAt: new Date('2026-01-01T00:00:00Z') },
    );
  const wire = (value: object) => Buffer.from(JSON.stringify(value));

  it('accepts a valid envelope on its own topic and returns the payload as its class', () => {
    const { topic, ...envelope } = registered();
    const sut = decodeEnvelope(topic, wire(envelope));
    expect(sut.ok).toBe(true);
    if (sut.ok) expect(sut.envelope.payload.constructor.name).toBe('SeizureRegisteredPayload');
  });

  it('names what is wrong: not JSON, a bad envelope field, an unknown type, the wrong topic, a bad payload field', () => {
    const { topic, ...envelope } = registered();
    const reason = (t: string, value: Buffer | null) => {
      const r = decodeEnvelope(t, value);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(topic, Buffer.from('{"a":'))).toMatch(/^value is not JSON/);
    expect(reason(topic, null)).toBe('empty message value');
    // The reason is logged and put in headers: it must not quote the input (a plate, say).
    expect(reason(topic, Buffer.from('nope {"plate":"桂PA2345"}'))).toBe("value is not JSON: Unexpected token 'o'");
    expect(reason(topic, wire({ ...envelope, eventId: '42' }))).toMatch(/eventId must be a UUID/);
    expect(reason(topic, wire({ ...envelope, extra: 1 }))).toMatch(/property extra should not exist/);
    expect(reason(topic, wire({ ...envelope, type: 'SeizureExploded' }))).toBe('unknown event type SeizureExploded v1');
    expect(reason(topic, wire({ ...envelope, schemaVersion: 9 }))).toBe('unknown event type SeizureRegistered v9');
    expect(reason(Topic.Hits, wire(envelope))).toBe('event type SeizureRegistered does not belong on topic traffic.hits.v1');
    expect(reason(topic, wire({ ...envelope, payload: { ...envelope.payload, plate: 'XX' } }))).toMatch(/payload\.plate must start with a province/);
  });

  it('sets aside an event wider than any of ours before validation sees it, and names at most 20 problems of one that is not', () => {
    const { topic, ...envelope } = registered();
    const reason = (value: object) => {
      const r = decodeEnvelope(topic, wire(value));
      return r.ok ? 'ok' : r.reason;
    };
    const unknown = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));
    // 80,000 unknown keys in 0.9 MB took 13 s to refuse (class-transformer is quadratic in one object's keys) and made a 3 MB reason.
    expect(reason({ ...envelope, payload: { ...envelope.payload, ...unknown(80_000) } })).toBe('value holds more than 10000 keys in all');
    expect(reason({ ...envelope, payload: { ...envelope.payload, extra: unknown(101) } })).toBe('payload.extra holds more than 100 keys');
    const many = reason({ ...envelope, payload: { ...envelope.payload, ...unknown(90) } });
    expect(many.split('; ')).toHaveLength(21);
    expect(many).toMatch(/^invalid SeizureRegistered payload: payload\.property k0 should not exist; .*; … and 70 more problems$/);
  });

  it('keeps the eventId of a bad message so it can be traced', () => {
    const { topic, ...envelope } = registered();
    const sut = decodeEnvelope(topic, wire({ ...envelope, payload: {} }));
    expect(sut).toMatchObject({ ok: false, eventId: envelope.eventId });
  });
});
