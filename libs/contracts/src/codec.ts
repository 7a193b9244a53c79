import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EventEnvelope } from './envelope';
import { definitionOf, EventPayloads, EventType, findEventDefinition } from './events/event-types';
import { fastDecodeSighting } from './fast-decode';
import { untextProblem } from './text/text';
import { Topic } from './topics';
import { jsonWidthProblem, JsonWidthLimits, MAX_OBJECT_KEYS } from './json-width';
import { listedProblems, validationProblems } from './problems';

export type DecodeResult =
  | { ok: true; envelope: EventEnvelope }
  | { ok: false; reason: string; eventId?: string };

/** Flattens class-validator errors into one sentence per bad field: the first MAX_LISTED_PROBLEMS, then `… and N more problems`. */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return listedProblems(validationProblems(errors, prefix)).map((problem) => problem.message);
}

/**
 * How wide an event may be (see json-width.ts): the widest payload of ours (a hit with its
 * differences, attributes and travel evidence) has about 100 keys in all. A wider value is set
 * aside before class-transformer, whose time grows with the square of one object's keys, and
 * class-validator, which makes one error per unknown key, ever see it.
 */
export const EVENT_WIDTH: JsonWidthLimits = { maxKeys: 10_000, maxKeysPerObject: MAX_OBJECT_KEYS };

const VALIDATE = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/**
 * Parses and validates one Kafka record value for `topic`: JSON, a valid envelope, an event type
 * and version allowed on that topic, and a payload that passes its schema. Everything a
 * consumer does afterwards may trust the result.
 */
export function decodeEnvelope(topic: string, raw: Buffer | string | null): DecodeResult {
  if (raw === null || raw.length === 0) return { ok: false, reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch (e) {
    // V8 quotes the start of the input ("…" is not valid JSON): it may hold a plate, and the
    // reason lands in logs and dead-letter headers, so only the position of the fault is kept.
    const problem = (e as Error).message.replace(/, ".*is not valid JSON$/s, '');
    return { ok: false, reason: `value is not JSON: ${problem}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'value is not a JSON object envelope' };
  }
  const wide = jsonWidthProblem(json, EVENT_WIDTH);
  if (wide) {
    return { ok: false, reason: wide.scope === 'total' ? `value holds more than ${wide.max} keys in all` : `${wide.path || 'value'} holds more than ${wide.max} keys` };
  }
  // PostgreSQL cannot store these: refused here rather than failing (and retried) at the database.
  const untext = untextProblem(json);
  if (untext) return { ok: false, reason: untext };
  const fast = fastDecodeSighting(topic, json as Record<string, unknown>);
  return fast ? { ok: true, envelope: fast } : decodeParsedEnvelope(topic, json as object);
}

/** The full path: every rule of the envelope and payload classes, with a reason for each failure. */
export function decodeParsedEnvelope(topic: string, json: object): DecodeResult {
  const envelope = plainToInstance(EventEnvelope, json);
  const eventId = typeof envelope.eventId === 'string' ? envelope.eventId : undefined;
  const problems = describeValidationErrors(validateSync(envelope, VALIDATE));
  if (problems.length) return { ok: false, reason: `invalid envelope: ${problems.join('; ')}`, eventId };

  const definition = findEventDefinition(envelope.type, envelope.schemaVersion);
  if (!definition) {
    return { ok: false, reason: `unknown event type ${envelope.type} v${envelope.schemaVersion}`, eventId };
  }
  if (definition.topic !== topic) {
    return { ok: false, reason: `event type ${envelope.type} does not belong on topic ${topic}`, eventId };
  }
  const payload = plainToInstance(definition.payload, (json as { payload: object }).payload);
  const payloadProblems = describeValidationErrors(validateSync(payload, VALIDATE), 'payload');
  if (payloadProblems.length) {
    return { ok: false, reason: `invalid ${envelope.type} payload: ${payloadProblems.join('; ')}`, eventId };
  }
  envelope.payload = payload;
  return { ok: true, envelope };
}

/** Builds the envelope for a new event; the caller stores it in its outbox. */
export function createEnvelope<T extends EventType>(
  type: T,
  payload: EventPayloads[T],
  meta: { producer: string; occurredAt: Date; correlationId?: string; eventId?: string },
): EventEnvelope<EventPayloads[T]> & { topic: Topic } {
  const definition = definitionOf(type);
  return {
    topic: definition.topic,
    eventId: meta.eventId ?? randomUUID(),
    type,
    schemaVersion: definition.schemaVersion,
    occurredAt: meta.occurredAt.toISOString(),
    producer: meta.producer,
    correlationId: meta.correlationId,
    payload,
  };
}
