/**
 * A hostile-input probe of both apps' public HTTP APIs, driven by the OpenAPI documents in
 * openapi/ (every operation, every body field, path and query parameter), against both apps
 * started as the e2e tests start them (test/support/test-system: real PostgreSQL, Kafka mock).
 *
 *   node -r ./test/support/ts-register.js tools/hostile-probe/probe.ts [--only <path substring>] [--verbose]
 *
 * For each operation it first sends a valid request (a body built from the schema, with values
 * known to be valid for our fields), then one mutation at a time: wrong types, null, missing and
 * extra fields, empty and huge strings, huge/negative/fractional numbers, NaN and Infinity,
 * arrays for objects and back, look-alike and control characters, impossible dates and zones,
 * duplicated keys, unknown enum values, wrong content types, oversized and deep bodies, path and
 * query parameters out of range, and batches mixing good and bad items. It counts
 *   (a) a 2xx for input that must be refused, (b) any 5xx, (c) a 4xx without a code,
 * and prints each finding with the request that caused it. Exit code 1 when anything is found.
 * It is written from the documents and the rules they state, not from the validators' code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadLetterTopic, Topic } from '@app/contracts';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { TEST_ADMIN_KEY, TEST_TOKEN_SECRET } from '../../test/support/api';
import { startTestSystem, TestSystem, unreachedGat1400Platform } from '../../test/support/test-system';
import { GatDeviceSimulator } from '../../test/gat1400-sim/device-simulator';
import { viidTime } from '../../test/gat1400-sim/sim-wire';
import { AuthKind, authKindOf, Credential, Credentials } from './credentials';
import { rawRequest } from './raw-http';

type Json = unknown;
type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  example?: unknown;
  description?: string;
  default?: unknown;
  nullable?: boolean;
  additionalProperties?: unknown;
};
interface Doc {
  security?: Record<string, unknown>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: Record<string, unknown>[];
  responses?: Record<string, { description?: string }>;
  description?: string;
}

const ROOT = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
const VERBOSE = args.includes('--verbose');

interface Finding {
  kind: '5xx' | 'wrong-2xx' | 'no-code' | 'batch' | 'unnamed' | 'half-written' | 'valid-refused';
  auth: AuthKind | 'kafka';
  app: string;
  op: string;
  what: string;
  status: number;
  body: string;
}
const findings: Finding[] = [];
let sent = 0;
/** Requests sent per kind of credential, and findings per kind. */
const sentBy = new Map<string, number>();
/** The credential the request being sent is made with (what `record` files a finding under). */
let current: AuthKind = 'admin key';
const ADMIN: Credential = { kind: 'admin key', headers: async () => ({ 'x-api-key': TEST_ADMIN_KEY }) };

/** One request, raw: the body as text (so that invalid JSON, duplicated keys and NaN can be sent), authenticated by `cred` over exactly what is sent. */
async function send(base: string, method: string, path: string, body?: string | Buffer, contentType = 'application/json', headers: Record<string, string> = {}, cred: Credential = ADMIN): Promise<{ status: number; text: string; json: Json }> {
  sent += 1;
  sentBy.set(cred.kind, (sentBy.get(cred.kind) ?? 0) + 1);
  try {
    const signedPath = new URL(base + path).pathname;
    const response = await fetch(base + path, {
      method: method.toUpperCase(),
      // Bytes (a file that is not UTF-8) go as they are; a credential that signs the body signs its text.
      headers: { ...(await cred.headers(method.toUpperCase(), signedPath, typeof body === 'string' ? body : body?.toString('latin1'))), ...(body !== undefined ? { 'content-type': contentType } : {}), ...headers },
      body,
    });
    const text = await response.text();
    let json: Json = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: response.status, text, json };
  } catch (error) {
    return { status: 599, text: `transport: ${(error as Error).message}`, json: null };
  }
}

function resolve(doc: Doc, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map((s) => resolve(doc, s))) {
      Object.assign(merged.properties!, part.properties ?? {});
      merged.required!.push(...(part.required ?? []));
      for (const key of ['type', 'format', 'enum', 'minimum', 'maximum', 'maxLength', 'minLength', 'items', 'example'] as const) if (part[key] !== undefined) (merged as Record<string, unknown>)[key] = part[key];
    }
    return merged;
  }
  return schema;
}

/** Values known valid for our fields by name (the brief's and the documents' examples), else from the schema. */
const NOW = new Date('2026-03-02T02:00:00.000Z');
const KNOWN: Record<string, unknown> = {
  caseNumber: '(2025)桂0603执2468号',
  plate: '桂PA2468',
  plateColor: 'blue',
  vin: 'LSVAU2180N2183294',
  ownerName: '张三',
  tribunal: '防城法庭',
  livelihood: false,
  sealedAt: '2026-03-01T00:00:00+08:00',
  expiresAt: '2027-02-28T00:00:00+08:00',
  cameraId: 'FCG-K07',
  observedAt: '2026-03-02T09:59:00+08:00',
  scheduledAt: '2026-03-02T09:59:00+08:00',
  confidence: 0.9,
  lat: 21.7,
  lon: 108.3,
  imageUrl: 'https://img.example.org/a.jpg',
  teamId: 'fangcheng',
  team: 'fangcheng',
  username: 'probe_user',
  password: 'correct-horse-battery-staple',
  phone: '+86 770 1234567',
  startLocal: '08:00',
  endLocal: '20:00',
  startsAt: '2026-03-03T08:00:00+08:00',
  endsAt: '2026-03-03T20:00:00+08:00',
  weekdays: [1, 2, 3],
  at: '2026-03-02T01:59:00.000Z',
  checkpointId: 'FCG-K99',
  period: 'month',
  start: '2026-02-01',
  note: 'probe note',
  reason: 'probe reason',
  label: '探针手机',
  yardId: 'fc-jj-yard',
  anchorDate: '2026-03-02',
};

function sample(doc: Doc, raw: Schema | undefined, name = '', depth = 0): unknown {
  const schema = resolve(doc, raw);
  // A push subscription holds a real P-256 key (its endpoint on the push host the probe's system allows): a new one each time, as each phone has its own.
  if (name === 'subscription' && depth > 0) return pushSubscription(Math.floor(Math.random() * 1e9));
  // A known value only where the field's list has it (a release's free-text reason, a rejection's reason from its list).
  if (name in KNOWN && depth > 0 && (!schema.enum || schema.enum.includes(KNOWN[name]))) return KNOWN[name];
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.oneOf?.length) return sample(doc, schema.oneOf[0], name, depth);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return NOW.toISOString();
      if (schema.format === 'uuid') return '6f1c2a9e-0000-4000-8000-000000000001';
      if (schema.format === 'date') return '2026-03-01';
      if (schema.format === 'uri' || schema.format === 'url') return 'https://example.org/x';
      return 'probe'.padEnd(schema.minLength ?? 1, 'x').slice(0, schema.maxLength ?? 100);
    case 'integer':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case 'boolean':
      return false;
    case 'array':
      return depth > 4 ? [] : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(doc, schema.items, name, depth + 1));
    default: {
      if (!schema.properties || depth > 4) return {};
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties)) {
        if (!(schema.required ?? []).includes(key) && !(key in KNOWN)) continue;
        out[key] = sample(doc, prop, key, depth + 1);
      }
      return out;
    }
  }
}

/** A mutation of one field: the value (or undefined to remove it), what it is, and whether it must be refused. */
interface Mutation {
  what: string;
  value: unknown;
  remove?: boolean;
  mustRefuse: boolean;
}

const LOOK_ALIKE: Record<string, string> = { A: 'А', B: 'В', P: 'Р', '0': 'О', '2': 'ƻ', '4': 'Ꮞ', '6': 'б', '8': 'ȣ' };
const fullWidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const lookAlike = (text: string) => [...text].map((c) => LOOK_ALIKE[c] ?? c).join('');

function mutationsOf(doc: Doc, raw: Schema, name: string, required: boolean, valid: unknown): Mutation[] {
  const schema = resolve(doc, raw);
  const type = schema.type ?? (schema.properties ? 'object' : schema.oneOf ? 'oneOf' : 'unknown');
  const out: Mutation[] = [
    { what: 'null', value: null, mustRefuse: required && !schema.nullable },
    { what: 'missing', value: undefined, remove: true, mustRefuse: required },
  ];
  if (type !== 'string') out.push({ what: 'string', value: 'probe', mustRefuse: type !== 'unknown' && type !== 'oneOf' });
  if (type !== 'number' && type !== 'integer') out.push({ what: 'number', value: 12345, mustRefuse: type !== 'unknown' && type !== 'oneOf' });
  if (type !== 'boolean') out.push({ what: 'boolean', value: true, mustRefuse: type !== 'unknown' && type !== 'oneOf' });
  if (type !== 'object') out.push({ what: 'object', value: { a: 1 }, mustRefuse: type !== 'unknown' && type !== 'oneOf' });
  if (type !== 'array') out.push({ what: 'array', value: [valid], mustRefuse: type !== 'unknown' && type !== 'oneOf' });
  if (type === 'string') {
    const text = typeof valid === 'string' ? valid : 'probe';
    const isTime = schema.format === 'date-time' || /At$|^at$|^from$|^to$/.test(name);
    // Text with a documented shape (pattern, format, enum, or a plate, VIN or case number): look-alikes and odd characters must be refused; free text (a camera id of maxLength 100) may hold them.
    // A URL may carry non-ASCII text (an IRI: camera systems send Chinese paths), so only its form counts.
    const isUrl = schema.format === 'uri' || schema.format === 'url' || /Url$/.test(name);
    const shaped = !isUrl && (schema.enum !== undefined || schema.pattern !== undefined || schema.format !== undefined || isTime || /^(plate|vin|caseNumber)$/.test(name));
    const isDate = schema.format === 'date' || name === 'start';
    out.push(
      { what: 'empty string', value: '', mustRefuse: schema.enum !== undefined || isTime || isDate || (schema.minLength ?? 0) > 0 || schema.pattern !== undefined || schema.format !== undefined },
      { what: 'blank string', value: '   ', mustRefuse: schema.enum !== undefined || isTime || isDate || schema.pattern !== undefined || schema.format !== undefined },
      { what: 'huge string (100k)', value: text + 'x'.repeat(100_000), mustRefuse: true },
      { what: 'over maxLength', value: schema.maxLength !== undefined ? 'x'.repeat(schema.maxLength + 1) : undefined, mustRefuse: true },
      { what: 'control character', value: `${text.slice(0, 2)}\u0007${text.slice(2)}`, mustRefuse: true },
      { what: 'NUL', value: `${text}\u0000`, mustRefuse: true },
      { what: 'lone surrogate', value: `${text}\ud800`, mustRefuse: true },
      // A plate's zero-width marks are separators it is normalized without (libs/contracts plate.ts, SEPARATORS).
      { what: 'zero-width space', value: `${text.slice(0, 1)}\u200b${text.slice(1)}`, mustRefuse: (shaped || isDate) && name !== 'plate' },
      { what: 'look-alike characters', value: lookAlike(text), mustRefuse: lookAlike(text) !== text && (schema.enum !== undefined || /plate|vin|caseNumber/.test(name)) },
      // A value of the list written in full-width letters is that value after NFKC: the doors that read what registration queries print take it (libs/contracts vehicle readers).
      { what: 'full-width characters', value: fullWidth(text), mustRefuse: (shaped || isDate) && name !== 'plate' && !(schema.enum ?? []).includes(fullWidth(text).normalize('NFKC')) },
      { what: 'emoji', value: `${text}🚗`, mustRefuse: shaped || isDate },
      { what: 'SQL text', value: "x' OR '1'='1", mustRefuse: shaped || isDate },
    );
    // Names every object inherits: a lookup table must not answer them (a colour "constructor" was a function). Refused where the
    // documented shape excludes them; a username or an event id whose pattern allows them is just a name (a plate read is liberal).
    for (const inherited of ['__proto__', 'constructor']) {
      const allowedByPattern = schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(inherited);
      out.push({ what: `inherited name ${inherited}`, value: inherited, mustRefuse: schema.enum !== undefined || !allowedByPattern || schema.format !== undefined || isTime || isDate || /^(vin|caseNumber)$/.test(name) });
    }
    if (schema.enum) out.push({ what: 'unknown enum value', value: 'NOT_A_VALUE', mustRefuse: true }, { what: 'enum in upper case', value: String(schema.enum[0]).toUpperCase(), mustRefuse: String(schema.enum[0]).toUpperCase() !== schema.enum[0] });
    if (isTime) {
      for (const [what, value] of [
        ['February 30th', '2026-02-30T10:00:00+08:00'],
        ['hour 25', '2026-03-02T25:00:00+08:00'],
        ['minute 61', '2026-03-02T09:61:00+08:00'],
        ['zone +25:00', '2026-03-02T09:59:00+25:00'],
        ['zone name', '2026-03-02T09:59:00 Asia/Shanghai'],
        ['no zone', '2026-03-02T09:59:00'],
        ['date only', '2026-03-02'],
        ['epoch number as text', '1772416740'],
        ['year 0', '0000-01-01T00:00:00Z'],
        ['year 9999', '9999-12-31T23:59:59Z'],
        ['year 1970', '1970-01-01T00:00:00Z'],
        ['leap second', '2026-03-02T09:59:60+08:00'],
        ['words', 'yesterday'],
      ] as const) out.push({ what: `time: ${what}`, value, mustRefuse: true });
    }
    if (isDate) for (const value of ['2026-02-30', '2026-13-01', '26-03-01', '2026-03-01T00:00:00Z']) out.push({ what: `date ${value}`, value, mustRefuse: true });
  }
  if (type === 'integer' || type === 'number') {
    const big: [string, unknown, boolean][] = [
      ['-1', -1, (schema.minimum ?? -Infinity) > -1],
      ['0', 0, (schema.minimum ?? -Infinity) > 0],
      ['1e308', 1e308, true],
      ['-1e308', -1e308, true],
      ['2^53+2', 9007199254740994, schema.maximum !== undefined && schema.maximum < 9e15],
      // What JavaScript prints in exponent form: a decimals check that splits the text at the dot crashed on it.
      ['tiny 1e-7', 1e-7, type === 'integer' || (schema.minimum ?? -Infinity) > 1e-7],
      ['denormal 5e-324', 5e-324, type === 'integer' || (schema.minimum ?? -Infinity) > 5e-324],
      ['number as text', String(valid ?? 1), true],
      ['below minimum', schema.minimum !== undefined ? schema.minimum - 1 : undefined, true],
      ['above maximum', schema.maximum !== undefined ? schema.maximum + 1 : undefined, true],
    ];
    if (type === 'integer') big.push(['fraction', 1.5, true]);
    for (const [what, value, mustRefuse] of big) if (value !== undefined) out.push({ what, value, mustRefuse });
  }
  if (type === 'array') {
    out.push(
      { what: 'empty array', value: [], mustRefuse: (schema.minItems ?? 0) > 0 },
      { what: 'array of null', value: [null], mustRefuse: true },
      { what: 'array of wrong type', value: [{ x: [1] }], mustRefuse: resolve(doc, schema.items).type !== 'object' },
      { what: 'huge array', value: Array.from({ length: 20_000 }, () => (Array.isArray(valid) ? valid[0] : 1)), mustRefuse: true },
    );
  }
  if (type === 'object') out.push({ what: 'unknown nested field', value: { ...(valid as object), probeExtra: 1 }, mustRefuse: true });
  return out.filter((m) => m.remove || m.value !== undefined);
}

/**
 * Judges one answer. `judging` is what was hostile: the input (body, path, query, headers) sent with
 * the operation's correct credential, or the credential itself (sent with valid input). A 409 to
 * input that must be refused means the input passed validation and only the resource's state said
 * no (it would have been taken an hour earlier); a 409 or 404 to a hostile credential means it got
 * past authentication (the ids are real).
 */
function record(app: string, op: string, what: string, response: { status: number; text: string; json: Json }, mustRefuse: boolean, judging: 'input' | 'credential' = 'input'): void {
  const body = response.text.slice(0, 400);
  const auth = current;
  // GA/T 1400 answers in the standard's ResponseStatus form, without our codes.
  const standardForm = op.includes(' /VIID');
  const push = (kind: Finding['kind'], note = '') => findings.push({ kind, auth, app, op, what: what + note, status: response.status, body });
  if (response.status >= 500) push('5xx');
  else if (mustRefuse && response.status < 300) push('wrong-2xx');
  // (Not for an instant's window or a number's size: services check those against the resource, after its state; e.g. a seizure's time against the alert's opening.)
  else if (mustRefuse && response.status === 409 && !(judging === 'input' && /time: year|1e308/.test(what))) push('wrong-2xx', ` (409: ${judging === 'input' ? 'passed validation' : 'passed authentication'}, refused only by the state)`);
  else if (mustRefuse && judging === 'credential' && response.status === 404 && !standardForm) push('wrong-2xx', ' (404: passed authentication)');
  else if (response.status >= 400 && response.status < 500) {
    if (standardForm) {
      // The standard's form: one ResponseStatusObject, or a list of them, each with a StatusCode.
      const json = response.json as { ResponseStatusObject?: { StatusCode?: unknown }; ResponseStatusListObject?: { ResponseStatusObject?: { StatusCode?: unknown }[] } } | null;
      const statuses = json?.ResponseStatusListObject?.ResponseStatusObject ?? (json?.ResponseStatusObject ? [json.ResponseStatusObject] : []);
      if (!statuses.length || !statuses.every((x) => x?.StatusCode !== undefined && x.StatusCode !== null && x.StatusCode !== '')) push('no-code');
    } else {
      // Every refusal carries a code; every 400 also the field it concerns ('' for the request as a whole).
      const json = response.json as { code?: unknown; field?: unknown } | null;
      if (!json || typeof json.code !== 'string' || (response.status === 400 && typeof json.field !== 'string')) push('no-code');
    }
  }
  if (VERBOSE) console.log(`${response.status} [${auth}] ${app} ${op} ${what}`);
}

/** Path ids that exist, found or made before the probe (a 404 would hide what a handler does with its input). */
async function realIds(sys: TestSystem): Promise<Record<string, string>> {
  const court = sys.courtUrl;
  const ids: Record<string, string> = {};
  const seal = await send(court, 'post', '/api/v1/seizures', JSON.stringify({ caseNumber: '(2025)桂0603执1357号', plate: '桂PB1357', tribunal: '防城法庭', sealedAt: '2026-03-01T00:00:00+08:00' }));
  ids.seizure = (seal.json as { id?: string })?.id ?? '';
  // An officer of the team the bodies name (teamId fangcheng), so a rotation of them is one the roster takes.
  const officers = await send(court, 'get', '/api/v1/officers?team=fangcheng');
  ids.officer = ((officers.json as { items?: { id: string }[] })?.items ?? [])[0]?.id ?? '';
  await send(sys.trafficUrl, 'put', '/api/v1/checkpoints/FCG-K07', JSON.stringify({ name: '防城港 K07', lat: 21.7, lon: 108.3 }));
  ids.checkpoint = 'FCG-K07';
  // A hit of the seal makes an alert (through Kafka, both apps, as in production).
  for (let attempt = 0; attempt < 100 && !ids.alert; attempt += 1) {
    if (attempt % 20 === 0) await send(sys.trafficUrl, 'post', '/api/v1/sightings', JSON.stringify({ plate: '桂PB1357', cameraId: 'FCG-K07', observedAt: '2026-03-02T09:58:00+08:00', eventId: `probe-${attempt}` }));
    const alerts = await send(court, 'get', '/api/v1/alerts');
    ids.alert = ((alerts.json as { items?: { id: string }[] })?.items ?? [])[0]?.id ?? '';
    if (!ids.alert) await new Promise((r) => setTimeout(r, 200));
  }
  const alert = await send(court, 'get', `/api/v1/alerts/${ids.alert}`);
  ids.hit = ((alert.json as { hits?: { id: string }[] })?.hits ?? [])[0]?.id ?? '';
  return ids;
}

const GAT = { deviceId: '45060300005030000007', password: 'probe-device-secret-7', otherDeviceId: '45060300005030000008', platformId: '45060000005030000001', serverId: '45060000005030000099', tollgate: '45060300001210000001' };
const WEBHOOK_SECRET = 'probe-webhook-secret-0123456789';
const OFFICER_PASSWORD = 'probe-officer-password-1';

/** A subscription as a browser gives it: a real P-256 public key and auth secret, an endpoint on a push host the test system allows (nothing listens there). */
function pushSubscription(n: number) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const raw = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return { endpoint: `https://127.0.0.1:9/push/probe-${n}`, expirationTime: null, keys: { p256dh: raw.toString('base64url'), auth: randomBytes(16).toString('base64url') } };
}

/**
 * Every credential obtained the real way: a second alert (its own, so the device's acknowledge is
 * not spent by the admin's), an account for the officer it is assigned to, signed in; a device
 * registered by that session (its token) and one revoked; an API key revoked; an interception
 * request of the first alert (court → Kafka → traffic-adapter) for the signed outcome webhook; the
 * GA/T 1400 device registered with its digest.
 */
async function realCredentials(sys: TestSystem, ids: Record<string, string>): Promise<{ credentials: Credentials; device: GatDeviceSimulator }> {
  const court = sys.courtUrl;
  const fail = (what: string, r: { status: number; text: string }) => {
    throw new Error(`probe set-up: ${what}: ${r.status} ${r.text.slice(0, 300)}`);
  };
  const seal = await send(court, 'post', '/api/v1/seizures', JSON.stringify({ caseNumber: '(2025)桂0603执2469号', plate: '桂PD2469', tribunal: '防城法庭', sealedAt: '2026-03-01T00:00:00+08:00' }));
  if (seal.status !== 201) fail('second seal', seal);
  const sealId = (seal.json as { id: string }).id;
  ids.activeSeal = sealId;
  for (let attempt = 0; attempt < 100 && !ids.deviceAlert; attempt += 1) {
    if (attempt % 20 === 0) await send(sys.trafficUrl, 'post', '/api/v1/sightings', JSON.stringify({ plate: '桂PD2469', cameraId: 'FCG-K07', observedAt: '2026-03-02T09:58:30+08:00', eventId: `probe-device-${attempt}` }));
    const alerts = await send(court, 'get', '/api/v1/alerts');
    ids.deviceAlert = ((alerts.json as { items?: { id: string; seizureId: string }[] })?.items ?? []).find((a) => a.seizureId === sealId)?.id ?? '';
    if (!ids.deviceAlert) await new Promise((r) => setTimeout(r, 200));
  }
  const detail = await send(court, 'get', `/api/v1/alerts/${ids.deviceAlert}`);
  const assignee = (detail.json as { assignee?: { id: string } | null })?.assignee?.id;
  if (!assignee) fail('an assigned alert', detail);
  const user = await send(court, 'post', '/api/v1/admin/users', JSON.stringify({ username: 'probe_officer', displayName: '探针警员', password: OFFICER_PASSWORD, roles: ['officer'], officerId: assignee }));
  if (user.status !== 201) fail('officer account', user);
  const login = await send(court, 'post', '/api/v1/auth/login', JSON.stringify({ username: 'probe_officer', password: OFFICER_PASSWORD }), 'application/json', {}, { kind: 'public', headers: async () => ({}) });
  if (login.status !== 200) fail('sign-in', login);
  const officerToken = (login.json as { token: string }).token;
  const session: Credential = { kind: 'officer session', headers: async () => ({ authorization: `Bearer ${officerToken}` }) };
  const device = await send(court, 'post', '/api/v1/devices', JSON.stringify({ label: '探针手机', subscription: pushSubscription(1) }), 'application/json', {}, session);
  if (device.status !== 201) fail('device', device);
  const revoked = await send(court, 'post', '/api/v1/devices', JSON.stringify({ label: '旧手机', subscription: pushSubscription(2) }), 'application/json', {}, session);
  if (revoked.status !== 201) fail('second device', revoked);
  await send(court, 'delete', `/api/v1/devices/${(revoked.json as { id: string }).id}`, undefined, 'application/json', {}, session);
  const key = await send(court, 'post', '/api/v1/admin/api-keys', JSON.stringify({ name: 'probe revoked', roles: ['case_system'] }));
  if (key.status !== 201) fail('API key', key);
  await send(court, 'delete', `/api/v1/admin/api-keys/${(key.json as { id: string }).id}`);
  // An interception request of the first alert reaches traffic-adapter over Kafka; its id is what the outcome webhook names.
  const requested = await send(court, 'post', `/api/v1/alerts/${ids.alert}/interceptions`, '{}');
  if (requested.status >= 300) fail('interception request', requested);
  for (let attempt = 0; attempt < 100 && !ids.interception; attempt += 1) {
    const rows = await sys.db.query<{ id: string }>('SELECT interception_id AS id FROM traffic.interceptions WHERE alert_id = $1', [ids.alert]).catch(() => []);
    ids.interception = rows[0]?.id ?? '';
    if (!ids.interception) await new Promise((r) => setTimeout(r, 200));
  }
  if (!ids.interception) fail('interception in traffic-adapter', requested);
  const gat = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: GAT.deviceId, password: GAT.password, now: () => sys.clock.now() });
  const registered = await gat.register();
  if (registered.status !== 200) fail('GA/T 1400 registration', { status: registered.status, text: registered.text });
  const credentials = new Credentials(
    { adminKey: TEST_ADMIN_KEY, revokedKey: (key.json as { key: string }).key, tokenSecret: TEST_TOKEN_SECRET, officerToken, deviceToken: (device.json as { token: string }).token, revokedDeviceToken: (revoked.json as { token: string }).token, webhookSecret: WEBHOOK_SECRET, now: () => sys.clock.now(), gat: GAT },
    sys.trafficUrl,
  );
  return { credentials, device: gat };
}

function pathWith(path: string, ids: Record<string, string>, values: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in values) return values[name];
    if (name === 'hitId') return ids.hit || '6f1c2a9e-0000-4000-8000-000000000002';
    if (name === 'n') return '1';
    if (name === 'kind') return 'inventory';
    if (name === 'period') return 'month';
    if (name === 'start') return '2026-02-01';
    if (/\/checkpoints\//.test(path)) return ids.checkpoint;
    // The officer's own alert, acknowledged from the phone before these: positions and handoffs are judged on an open, responding alert (the first is resolved by then).
    if (/\/device\/alerts\/|\/positions|\/handoffs/.test(path) && ids.deviceAlert) return ids.deviceAlert;
    if (/\/impound/.test(path) && ids.onScene) return ids.onScene;
    // The second seal stays active: a renewal is judged on a seal that can be renewed (the first is released by then).
    if (/\/seizures\/\{id\}\/renew/.test(path) && ids.activeSeal) return ids.activeSeal;
    if (/\/interceptions\//.test(path)) return ids.interception;
    if (/\/alerts\//.test(path)) return ids.alert;
    if (/\/seizures\//.test(path)) return ids.seizure;
    if (/\/teams\//.test(path)) return 'fangcheng';
    // Jurisdictions are numbered.
    if (/\/jurisdictions\//.test(path)) return '1';
    if (/\/officers\//.test(path)) return ids.officer;
    return '6f1c2a9e-0000-4000-8000-000000000003';
  });
}

const PATH_VALUES: [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['zero', '0'],
  ['negative', '-1'],
  ['20 digits', '99999999999999999999'],
  ['NUL', 'a%00b'],
  ['dot-dot', '..%2F..%2Fetc'],
  ['very long', 'x'.repeat(3000)],
  ['CJK', '%E9%98%B2%E5%9F%8E'],
  ['bad percent', '%E0%A4%A'],
  ['uuid upper case absent', '6F1C2A9E-0000-4000-8000-0000000000FF'],
  ['control char', 'a%07b'],
];
const QUERY_VALUES: [string, string][] = [
  ['empty', ''],
  ['letters', 'banana'],
  ['negative', '-1'],
  ['zero', '0'],
  ['20 digits', '99999999999999999999'],
  ['exponent', '1e3'],
  ['fraction', '1.5'],
  ['NUL', '%00'],
  ['bad percent', '%E0%A4%A'],
  ['very long', 'x'.repeat(3000)],
  ['invalid date', '2026-02-30T00:00:00Z'],
  ['zone +25', '2026-03-01T00:00:00%2B25:00'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
];

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether a query value is one the document allows: its pattern, enum, number range, or a time where a time goes. */
function fitsQuerySchema(value: string, schema: Schema, name: string): boolean {
  if (schema.enum) return schema.enum.includes(value);
  if (schema.pattern) return new RegExp(schema.pattern).test(value);
  if (schema.type === 'integer' || schema.type === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(value)) return false;
    const n = Number(value);
    return (schema.type === 'number' || Number.isInteger(n)) && n >= (schema.minimum ?? -Infinity) && n <= (schema.maximum ?? Infinity);
  }
  if (schema.type === 'boolean') return value === 'true' || value === 'false';
  if (schema.format === 'date-time' || /^(at|from|to)$/.test(name)) return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)) && !/T24|:6\d|[+-]2[4-9]:/.test(value) && !/-02-3[01]/.test(value);
  if (name === 'start') return /^\d{4}-\d{2}-\d{2}$/.test(value);
  return value.length <= (schema.maxLength ?? Infinity) && value.length >= (schema.minLength ?? 0);
}

/** What a GA/T 1400 operation that carries records must refuse as a whole: a body that is not JSON, or holds no record list. The connector is liberal about the rest (content type, charset, trailing commas, a list of one as the object). */
const VIID_REFUSED_WHOLES = new Set(['no body', 'empty text', 'JSON null', 'JSON string', 'JSON number', 'JSON true', 'empty object', 'broken JSON', 'trailing garbage', 'form fields', 'XML', 'deep nesting']);
const viidCarriesRecords = (path: string, method: string) => method !== 'get' && /\/VIID\/(MotorVehicles|Tollgates|DispositionNotifications|SubscribeNotifications)$/.test(path);

/** The body, path, query and headers of one operation, hostile one at a time, sent with `cred`; answers the baseline's status. */
async function probeInput(app: string, base: string, doc: Doc, path: string, method: string, op: Operation, ids: Record<string, string>, cred: Credential): Promise<number> {
  const name = `${method.toUpperCase()} ${path}`;
  // GA/T 1400 (/VIID) answers in the standard's own form: judged by its own rules (VIID_REFUSED_WHOLES, records by probeViidRecords).
  const viid = path.startsWith('/VIID');
  const json = op.requestBody?.content['application/json'];
  const params = op.parameters ?? [];
  const target = pathWith(path, ids);
  const bodySchema = json ? resolve(doc, json.schema) : undefined;
  const isBatch = !!json?.schema.oneOf || bodySchema?.type === 'array';
  const objectSchema = isBatch ? resolve(doc, (json!.schema.oneOf?.[0] ?? bodySchema?.items) as Schema) : bodySchema;
  const valid = objectSchema ? (viid ? viidBody(path, viidRecord(path, NOW), NOW) : sample(doc, objectSchema)) : undefined;
  // An officer named in a body is a real one (a roster override of nobody is a 404 before anything else is judged).
  if (valid && typeof valid === 'object' && 'officerId' in (valid as object) && ids.officer) (valid as Record<string, unknown>).officerId = ids.officer;
  if (valid && typeof valid === 'object' && 'officerIds' in (valid as object) && ids.officer) (valid as Record<string, unknown>).officerIds = [ids.officer];
  // A renewal must move the expiry past the seal's current one (two years after sealing) and at most two years past the renewal.
  if (path.endsWith('/renew') && valid && typeof valid === 'object') (valid as Record<string, unknown>).expiresAt = '2028-03-01T00:00:00+08:00';
  const validQuery = params.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(String(sample(doc, p.schema, p.name, 1)))}`).join('&');
  const url = (p: string, q = validQuery) => (q ? `${p}?${q}` : p);
  const go = (what: string, mustRefuse: boolean, body?: string, contentType?: string, p = target, q = validQuery, headers: Record<string, string> = {}) =>
    send(base, method, url(p, q), body, contentType, headers, cred).then((r) =>
      record(app, name, what, r, viid ? mustRefuse && viidCarriesRecords(path, method) && VIID_REFUSED_WHOLES.has(what) : mustRefuse),
    );

  const baseline = await send(base, method, url(target), valid === undefined ? undefined : JSON.stringify(valid), 'application/json', {}, cred);
  if (VERBOSE || baseline.status >= 300) console.log(`baseline ${baseline.status} [${cred.kind}] ${name} ${baseline.text.slice(0, 200)}`);
  record(app, name, 'baseline', baseline, false);

  // Path parameters out of range.
  for (const p of params.filter((x) => x.in === 'path')) {
    const schema = resolve(doc, p.schema);
    // An id of a documented shape (uuid, a pattern, a number, an enum) refuses anything else; a free-text id only what no text may hold.
    const shaped = schema.format === 'uuid' || !!schema.pattern || !!schema.enum || schema.type === 'integer' || /\{(id|hitId)\}/.test(path) && !path.includes('/checkpoints/') && !path.includes('/teams/');
    for (const [what, value] of PATH_VALUES) {
      const mustRefuse = /NUL|control|bad percent|very long/.test(what) || (shaped && !/uuid upper case absent/.test(what));
      await go(`path ${p.name}: ${what}`, mustRefuse, valid === undefined ? undefined : JSON.stringify(valid), undefined, pathWith(path, ids, { [p.name]: value }));
    }
  }
  // Query parameters out of range, repeated, unknown.
  for (const p of params.filter((x) => x.in === 'query')) {
    const schema = resolve(doc, p.schema);
    for (const [what, value] of QUERY_VALUES) {
      // Wrong when the documented schema says so, or when no text may hold it.
      const mustRefuse = /NUL|percent|long/.test(what) || !fitsQuerySchema(decodeURIComponentSafe(value), schema, p.name);
      await go(`query ${p.name}: ${what}`, mustRefuse, valid === undefined ? undefined : JSON.stringify(valid), undefined, target, [validQuery, `${p.name}=${value}`].filter(Boolean).join('&'));
    }
    await go(`query ${p.name}: repeated`, true, valid === undefined ? undefined : JSON.stringify(valid), undefined, target, [validQuery, `${p.name}=a&${p.name}=b`].filter(Boolean).join('&'));
    await go(`query ${p.name}: as array`, true, valid === undefined ? undefined : JSON.stringify(valid), undefined, target, [validQuery, `${p.name}[]=a`].filter(Boolean).join('&'));
    await go(`query ${p.name}: as object`, true, valid === undefined ? undefined : JSON.stringify(valid), undefined, target, [validQuery, `${p.name}[a]=b`].filter(Boolean).join('&'));
  }
  if (params.some((x) => x.in === 'query') || (method === 'get' && !viid)) {
    await go('unknown query parameter', false, valid === undefined ? undefined : JSON.stringify(valid), undefined, target, [validQuery, 'probeUnknown=1'].filter(Boolean).join('&'));
  }

  if (!json) {
    // An operation that reads no body: one sent must be refused.
    if (method !== 'get' && method !== 'delete' && !viid && !op.requestBody) await go('body where none is read', true, JSON.stringify({ reason: 'x' }));
    return baseline.status;
  }
  const validText = JSON.stringify(valid);
  // The body as a whole.
  const wholes: [string, string | undefined, string, boolean][] = [
    // No body at all is an empty one: refused only where something is required.
    ['no body', undefined, 'application/json', (objectSchema?.required ?? []).length > 0 || isBatch],
    ['empty text', '', 'application/json', (objectSchema?.required ?? []).length > 0 || isBatch],
    ['JSON null', 'null', 'application/json', true],
    ['JSON string', '"probe"', 'application/json', true],
    ['JSON number', '42', 'application/json', true],
    ['JSON true', 'true', 'application/json', true],
    ['empty object', '{}', 'application/json', Object.keys(valid as object).length > 0 && (objectSchema?.required ?? []).length > 0],
    ['array of the body', isBatch ? '[[]]' : `[${validText}]`, 'application/json', true],
    ['broken JSON', validText.slice(0, -1), 'application/json', true],
    ['trailing garbage', `${validText}x`, 'application/json', true],
    ['NaN', validText.replace(/^\{/, '{"probeNaN":NaN,'), 'application/json', true],
    ['Infinity', validText.replace(/^\{/, '{"probeInf":Infinity,'), 'application/json', true],
    ['JSON as text/plain', validText, 'text/plain', true],
    ['JSON as form', validText, 'application/x-www-form-urlencoded', true],
    ['form fields', 'plate=x&cameraId=y', 'application/x-www-form-urlencoded', true],
    ['XML', '<sighting><plate>桂PA2468</plate></sighting>', 'application/xml', true],
    ['JSON with charset latin1', validText, 'application/json; charset=latin1', true],
    ['JSON with charset utf-16', validText, 'application/json; charset=utf-16', true],
    ['gzip claimed', validText, 'application/json', true],
    ['oversized body (3 MB)', JSON.stringify({ ...(valid as object), probePad: 'x'.repeat(3_000_000) }), 'application/json', true],
    ['deep nesting', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, 'application/json', true],
    ['__proto__ key', validText.replace(/^\{/, '{"__proto__":{"admin":true},'), 'application/json', true],
    ['constructor key', validText.replace(/^\{/, '{"constructor":{"prototype":{"x":1}},'), 'application/json', true],
    ['unknown top-level field', validText.replace(/^\{/, '{"probeUnknown":1,'), 'application/json', true],
  ];
  for (const [what, text, type, mustRefuse] of wholes) {
    await go(what, mustRefuse, text, type, target, validQuery, what === 'gzip claimed' ? { 'content-encoding': 'gzip' } : {});
  }
  // Each field, one at a time.
  if (objectSchema?.properties && valid && typeof valid === 'object') {
    for (const [field, prop] of Object.entries(objectSchema.properties)) {
      const required = (objectSchema.required ?? []).includes(field);
      const base0 = valid as Record<string, unknown>;
      const fieldValid = field in base0 ? base0[field] : sample(doc, prop, field, 1);
      for (const m of mutationsOf(doc, prop, field, required, fieldValid)) {
        const body: Record<string, unknown> = { ...base0 };
        if (m.remove) delete body[field];
        else body[field] = m.value;
        await go(`${field}: ${m.what}`, m.mustRefuse && !viid, JSON.stringify(isBatch ? [body] : body));
        if (isBatch) {
          // In a batch beside a good item: the good one taken (207), the bad one refused by index with a code.
          const r = await send(base, method, url(target), JSON.stringify([{ ...base0, eventId: `good-${sent}` }, body]), 'application/json', {}, cred);
          if (r.status >= 500) findings.push({ kind: '5xx', auth: current, app, op: name, what: `batch [good, ${field}: ${m.what}]`, status: r.status, body: r.text.slice(0, 400) });
          else if (m.mustRefuse) {
            const answer = r.json as { received?: number; refusals?: { index: number; problems?: { code?: string }[] }[] } | null;
            const refusal = answer?.refusals?.find((x) => x.index === 1);
            if (r.status !== 207 || !refusal || !refusal.problems?.every((p) => typeof p.code === 'string')) {
              findings.push({ kind: 'batch', auth: current, app, op: name, what: `batch [good, ${field}: ${m.what}]`, status: r.status, body: r.text.slice(0, 400) });
            }
          }
          sent += 0;
        }
      }
      // Duplicated keys: the valid value last, then the invalid one last.
      const duplicated = `{${JSON.stringify(field)}:12345,${validText.slice(1)}`;
      await go(`${field}: duplicated key (bad first)`, false, isBatch ? `[${duplicated}]` : duplicated);
      const duplicatedLast = `${validText.slice(0, -1)},${JSON.stringify(field)}:{"probe":[1]}}`;
      await go(`${field}: duplicated key (bad last)`, !viid, isBatch ? `[${duplicatedLast}]` : duplicatedLast);
    }
  }
  if (isBatch) {
    await go('batch: empty array', true, '[]');
    await go('batch: 1001 items', true, JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ ...(valid as object), eventId: `many-${i}` }))));
    await go('batch: all items bad', true, JSON.stringify([1, 'x', null, []]));
    const mixed = await send(base, method, url(target), JSON.stringify([{ ...(valid as object), eventId: 'mix-good-1' }, 7, null, { ...(valid as object), plate: '' }, { ...(valid as object), eventId: 'mix-good-2' }]), 'application/json', {}, cred);
    const answer = mixed.json as { received?: number; refused?: number; refusals?: { index: number; problems?: unknown[] }[] } | null;
    if (mixed.status !== 207 || answer?.refused !== 3 || answer?.refusals?.map((x) => x.index).join() !== '1,2,3') {
      findings.push({ kind: 'batch', auth: current, app, op: name, what: 'batch: good, 7, null, bad plate, good', status: mixed.status, body: mixed.text.slice(0, 400) });
    }
    record(app, name, 'batch mixed', mixed, false);
  }
  return baseline.status;
}

/** What a field of a GA/T 1400 record must be refused for (docs/gat1400.md, "What is accepted, refused"): NUL anywhere; a required field missing or not text; a pass time that is not a time. Optional attributes that cannot be read are left out and the record taken. */
function viidRecordMustRefuse(field: string, required: boolean, what: string): boolean {
  if (what === 'NUL') return true;
  // A pass time is 14 or 17 digits or yyyy-MM-dd HH:mm:ss; anything else refuses the record.
  if (field === 'PassTime') return true;
  // An id sent as a JSON number is taken while its digits are exact (12345); one of 20 digits is not (its own mutation below).
  if (required) return ['null', 'missing', 'boolean', 'object', 'array', 'empty string', 'blank string', 'id as a 20-digit JSON number'].includes(what);
  return false;
}

/**
 * Whether a record's text breaks the pattern the document states for its field (an id's rule): the
 * record must then be refused, or the document claims a rule the connector does not hold. Empty
 * text is an absent optional field, judged by viidRecordMustRefuse.
 */
function breaksDocumentedPattern(schema: Schema, value: unknown): boolean {
  return schema.pattern !== undefined && typeof value === 'string' && value.trim() !== '' && !new RegExp(schema.pattern).test(value.trim());
}

let viidSerial = 0;
/** A valid record of what `path` carries: a pass record (a fresh MotorVehicleID each time, of a plate no seal has) or a tollgate. */
function viidRecord(path: string, at: Date): Record<string, unknown> {
  viidSerial += 1;
  if (path.endsWith('/Tollgates')) return { TollgateID: GAT.tollgate, Name: '防城港探针卡口', Longitude: 108.3, Latitude: 21.7, PlaceCode: '450603', Status: '1' };
  const camera = `${GAT.tollgate.slice(0, 10)}119${GAT.tollgate.slice(13)}`;
  const serial = String(viidSerial).padStart(5, '0');
  const source = `${camera}02${viidTime(at)}${serial}`;
  return { MotorVehicleID: `${source}02${serial}`, SourceID: source, TollgateID: GAT.tollgate, DeviceID: camera, InfoKind: 1, PlateNo: '京N99999', PlateColor: '5', HasPlate: '1', PassTime: viidTime(at), LaneNo: 1 };
}

/** The body of a GA/T 1400 operation as the standard writes it, around `record` where it carries records. */
function viidBody(path: string, record: Record<string, unknown>, at: Date): unknown {
  const n = viidSerial;
  if (path.endsWith('/MotorVehicles')) return { MotorVehicleListObject: { MotorVehicleObject: [record] } };
  if (path.endsWith('/Tollgates')) return { TollgateListObject: { TollgateObject: [record] } };
  if (path.endsWith('/DispositionNotifications')) return { DispositionNotificationListObject: { DispositionNotificationObject: [{ NotificationID: `P${n}`, DispositionID: '450600000050300000420220260302', TriggerTime: viidTime(at), MotorVehicleObject: record }] } };
  if (path.endsWith('/SubscribeNotifications')) return { SubscribeNotificationListObject: { SubscribeNotificationObject: [{ NotificationID: `Q${n}`, SubscribeID: '450600000050300000420320260302', MotorVehicleObjectList: { MotorVehicleObject: [record] } }] } };
  const object = path.split('/').pop();
  return { [`${object}Object`]: { DeviceID: GAT.deviceId } };
}

/**
 * The records inside a GA/T 1400 push, one field of one record broken at a time (each a fresh
 * MotorVehicleID: a retry of a taken record is answered 0): the record's own StatusCode must be
 * non-zero where the standard or our document says it is refused.
 */
async function probeViidRecords(base: string, doc: Doc, path: string, method: string, cred: Credential, sys: TestSystem): Promise<void> {
  const name = `${method.toUpperCase()} ${path}`;
  if (!viidCarriesRecords(path, method)) return;
  const schema = resolve(doc, { $ref: `#/components/schemas/${path.endsWith('/Tollgates') ? 'ViidTollgateObject' : 'ViidMotorVehicleObject'}` });
  const validRecord = () => viidRecord(path, sys.clock.now());
  const wrap = (record: Record<string, unknown>) => JSON.stringify(viidBody(path, record, sys.clock.now()));
  const judge = async (what: string, record: Record<string, unknown>, mustRefuse: boolean) => {
    const r = await send(base, method, path, wrap(record), 'application/VIID+JSON;charset=UTF-8', {}, cred);
    record_(name, `record ${what}`, r, mustRefuse);
  };
  const record_ = (op: string, what: string, r: { status: number; text: string; json: Json }, mustRefuse: boolean) => {
    const statuses = (r.json as { ResponseStatusListObject?: { ResponseStatusObject?: { StatusCode?: unknown }[] } } | null)?.ResponseStatusListObject?.ResponseStatusObject;
    const code = statuses?.[0]?.StatusCode;
    if (r.status >= 500) findings.push({ kind: '5xx', auth: current, app: 'traffic-adapter', op, what, status: r.status, body: r.text.slice(0, 400) });
    else if (code === undefined) findings.push({ kind: 'no-code', auth: current, app: 'traffic-adapter', op, what, status: r.status, body: r.text.slice(0, 400) });
    else if (mustRefuse && Number(code) === 0) findings.push({ kind: 'wrong-2xx', auth: current, app: 'traffic-adapter', op, what: `${what} (record StatusCode 0)`, status: r.status, body: r.text.slice(0, 400) });
    if (VERBOSE) console.log(`${r.status} [${current}] ${op} ${what} → ${String(code)}`);
  };
  await judge('baseline', validRecord(), false);
  for (const [field, prop] of Object.entries(schema.properties ?? {})) {
    const required = (schema.required ?? []).includes(field);
    const good = validRecord();
    const mutations = mutationsOf(doc, prop, field, required, good[field]);
    if (/ID$/.test(field)) mutations.push({ what: 'id as a 20-digit JSON number', value: Number('45060300001210000001'), mustRefuse: true });
    for (const m of mutations) {
      const broken = validRecord();
      if (m.remove) delete broken[field];
      else broken[field] = m.value;
      await judge(`${field}: ${m.what}`, broken, viidRecordMustRefuse(field, required, m.what) || breaksDocumentedPattern(resolve(doc, prop), m.value));
    }
  }
}

/**
 * The CSV an operation takes (its request body is text/csv: the duty-roster import), hostile one
 * file at a time, with the right content type, so that the content itself is judged. Written from
 * what the document states: the header `team_id,badge,label,weekdays,start_local,end_local`, RFC
 * 4180 as spreadsheets save it (quoted fields, CRLF, a UTF-8 BOM), every field held to the JSON
 * API's rules (weekdays 1-7 joined by |, each once; HH:MM; a label of the list; a team and a badge
 * that exist, the officer in that team), all or nothing. Each answer must be a 2xx only for a valid
 * file, otherwise a 4xx whose message names what is wrong; and the shifts must be as before after
 * a refusal, and as the file says after a 2xx (the files taken here all say what is already there).
 */
async function probeCsv(app: string, base: string, path: string, method: string, cred: Credential): Promise<void> {
  const name = `${method.toUpperCase()} ${path}`;
  const exportPath = path.replace(/\/import$/, '/export.csv');
  const shifts = async () => (await send(base, 'get', exportPath, undefined, 'application/json', {}, cred)).text;
  const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean).sort().join('\n');
  const original = await shifts();
  const [header, ...rows] = original.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const officers = ((await send(base, 'get', '/api/v1/officers', undefined, 'application/json', {}, cred)).json as { items?: { badge: string; teamId: string }[] })?.items ?? [];
  const teams = [...new Set(officers.map((o) => o.teamId))];
  const row = rows[0];
  if (!row || teams.length < 2) {
    console.log(`probe set-up: ${name} needs a roster with shifts and two teams (export: ${original.slice(0, 200)}; teams: ${teams.join(', ')})`);
    return;
  }
  const [team, badge] = row.split(',');
  const stranger = officers.find((o) => o.teamId !== team)!.badge;
  const HEADER = 'team_id,badge,label,weekdays,start_local,end_local';
  const file = (...body: string[]) => [HEADER, ...body].join('\n') + '\n';
  const withCell = (index: number, value: string) => file(row.split(',').map((cell, i) => (i === index ? value : cell)).join(','));
  const COLUMNS = ['team_id', 'badge', 'label', 'weekdays', 'start_local', 'end_local'];
  const kept = rows.join('\n');
  const all = (eol: string) => [header, ...rows].join(eol) + eol;
  const quoted = [header, ...rows].map((line) => line.split(',').map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n';
  // Distinct rows, each a valid shift of the same officer (a minute apart): more than the document allows at once.
  const many = (n: number) => file(...Array.from({ length: n }, (_, i) => `${team},${badge},,${(i % 7) + 1},${String(Math.floor(i / 7 / 60) % 24).padStart(2, '0')}:${String(Math.floor(i / 7) % 60).padStart(2, '0')},23:59`));
  type Verdict = 'take' | 'refuse' | 'either';
  const cases: [string, string | Buffer, Verdict, RegExp?, string?][] = [
    ['the export as it is', original, 'take'],
    ['LF line ends, no BOM', all('\n'), 'take'],
    ['BOM and CRLF', `\uFEFF${all('\r\n')}`, 'take'],
    ['every field quoted, CRLF', quoted, 'take'],
    ['blank lines between rows', `${header}\n\n${kept}\n\n`, 'take'],
    ['lone CR line ends', all('\r'), 'either', /line|CSV/],
    ['mixed CRLF and lone CR', `${header}\r\n${rows.join('\r')}\r\n`, 'either', /line|CSV/],
    ['CRLF with one LF line end', `${header}\n${rows.join('\r\n')}\r\n`, 'either', /line|CSV/],
    ['as text/plain', all('\n'), 'either', /csv|CSV/, 'text/plain'],
    ['charset=gbk (ASCII content)', all('\n'), 'either', /charset|gbk/i, 'text/csv; charset=gbk'],
    // The file itself.
    ['empty file', '', 'refuse', /empty|no (rows|shifts)|header/],
    ['only a BOM', '\uFEFF', 'refuse', /empty|no (rows|shifts)|header/],
    ['only blank lines', '\r\n\r\n\n', 'refuse', /empty|no (rows|shifts)|header/],
    ['header only', `${HEADER}\n`, 'refuse', /no (rows|shifts)/],
    ['no header', `${kept}\n`, 'refuse', /line 1.*header/],
    ['wrong header', file(row).replace('start_local', 'start'), 'refuse', /line 1.*header/],
    ['header columns reordered', `badge,team_id,label,weekdays,start_local,end_local\n${row.split(',').map((c, i, a) => (i === 0 ? a[1] : i === 1 ? a[0] : c)).join(',')}\n`, 'refuse', /line 1.*header/],
    ['header repeated as a row', file(HEADER, row), 'refuse', /line 2/],
    ['semicolons for commas', file(row).replace(/,/g, ';'), 'refuse', /line 1.*header/],
    ['a missing column', file(row.split(',').slice(0, 5).join(',')), 'refuse', /line 2.*(fields|column)/],
    ['an extra column', file(`${row},extra`), 'refuse', /line 2.*(fields|column)/],
    ['an extra header column', `${HEADER},note\n${row},x\n`, 'refuse', /line 1.*header/],
    ['a row of one empty field per column', file(',,,,,'), 'refuse', /line 2/],
    // Quoting.
    ['a newline inside a quoted team_id', withCell(0, `"${team}\n${team}"`), 'refuse', /line \d+.*team_id/],
    ['a newline inside a quoted label', withCell(2, '"day\r\nnight"'), 'refuse', /line \d+.*label/],
    ['doubled quotes inside a label', withCell(2, '"da""y"'), 'refuse', /line 2.*label/],
    ['an unterminated quote', withCell(2, '"day'), 'refuse', /line \d+.*(quote|CSV)/i],
    ['a quote inside an unquoted field', withCell(1, `${badge}"x`), 'refuse', /line 2.*(quote|CSV|badge)/i],
    ['text after a closing quote', withCell(2, '"day"x'), 'refuse', /line 2.*(quote|CSV|label)/i],
    // Formula injection in every column.
    ...(['=1+2', '+cmd|x', '-1+2', '@SUM(1)', '\t=1', '"=HYPERLINK(""http://x"")"'] as const).flatMap((formula) =>
      COLUMNS.map((column, i) => [`formula ${formula} as ${column}`, withCell(i, formula), 'refuse' as Verdict, new RegExp(`line 2.*${column}`)] as [string, string, Verdict, RegExp]),
    ),
    // Characters no field may hold.
    ['a NUL byte in team_id', withCell(0, `${team}\u0000`), 'refuse', /line 2.*NUL/],
    ['a NUL byte in the header', file(row).replace('badge', 'bad\u0000ge'), 'refuse', /line 1.*NUL/],
    ['bytes that are not UTF-8 in team_id', Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xb7, 0xc0, 0xb3, 0xc7]), Buffer.from(`,${row.split(',').slice(1).join(',')}\n`)]), 'refuse', /line 2.*UTF-8/],
    ['bytes that are not UTF-8 in a label', Buffer.concat([Buffer.from(`${HEADER}\n${team},${badge},`), Buffer.from([0xff, 0xfe]), Buffer.from(`,1,08:00,20:00\n`)]), 'refuse', /line 2.*UTF-8/],
    ['a lone surrogate escaped as UTF-8 bytes', Buffer.concat([Buffer.from(`${HEADER}\n${team},${badge},`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(`,1,08:00,20:00\n`)]), 'refuse', /line 2.*UTF-8/],
    ['a charset no one knows', all('\n'), 'refuse', /charset/i, 'text/csv; charset=klingon'],
    ['CSV sent as JSON', all('\n'), 'refuse', /csv|JSON/i, 'application/json'],
    // Size.
    ['a label of 100,000 characters', withCell(2, 'x'.repeat(100_000)), 'refuse', /line 2.*(label|long)/],
    ['a team_id of 10,000 characters', withCell(0, 'a'.repeat(10_000)), 'refuse', /line 2.*team_id/],
    ['a badge of 41 characters', withCell(1, 'B'.repeat(41)), 'refuse', /line 2.*badge/],
    ['5,001 distinct valid rows', many(5001), 'refuse', /5000 rows/],
    ['a file over 1 MB', file(...Array.from({ length: 40_000 }, () => row)), 'refuse', /large|size|limit|MB|bytes/i],
    // Rows in themselves.
    ['the same row twice', file(row, row), 'refuse', /line 3.*(same|duplicate|line 2)/],
    ['the same shift twice, once quoted', file(row, row.split(',').map((c) => `"${c}"`).join(',')), 'refuse', /line 3.*(same|duplicate|line 2)/],
    ...([
      ['weekday 0', 3, '0'], ['weekday 8', 3, '8'], ['weekdays empty', 3, ''], ['weekday names', 3, 'Mon|Tue'], ['weekdays with commas (quoted)', 3, '"1,2"'],
      ['a weekday twice', 3, '1|1'], ['an empty weekday between bars', 3, '1||2'], ['a fractional weekday', 3, '1.5'], ['a negative weekday', 3, '-1'], ['weekday 1e1', 3, '1e1'],
      ['start 24:00', 4, '24:00'], ['start 8:00', 4, '8:00'], ['start 12:60', 4, '12:60'], ['start with seconds', 4, '08:00:00'], ['start empty', 4, ''], ['start as a date', 4, '2026-03-02'],
      ['end 25:00', 5, '25:00'], ['end in words', 5, 'noon'], ['end with a zone', 5, '20:00+08:00'], ['end full-width', 5, '２０:００'],
      ['label not in the list', 2, 'banana'], ['label in upper case', 2, 'DAY'],
      ['team_id in upper case', 0, team.toUpperCase()], ['team_id unknown', 0, 'no-such-team'], ['badge unknown', 1, 'NO-SUCH-1'], ['badge of an officer of another team', 1, stranger],
      ['team_id with a space', 0, `${team} x`], ['badge with a slash', 1, `${badge}/1`],
    ] as const).map(([what, i, value]) => [what, withCell(i, value), 'refuse', new RegExp(`line 2.*${COLUMNS[i]}`)] as [string, string, Verdict, RegExp]),
  ];
  for (const [what, body, verdict, names, contentType] of cases) {
    const before = await shifts();
    const r = await send(base, method, path, body, contentType ?? 'text/csv', {}, cred);
    record(app, name, `csv: ${what}`, r, verdict === 'refuse');
    const after = await shifts();
    // What the refusal names: its sentences and the place of each problem (`line 2.badge`).
    const refusal = r.json as { message?: unknown; errors?: { field?: unknown }[] } | null;
    const message = [[refusal?.message ?? ''].flat().join('; '), ...(refusal?.errors ?? []).map((e) => String(e.field ?? ''))].join(' | ');
    const push = (kind: Finding['kind'], note: string) => findings.push({ kind, auth: current, app, op: name, what: `csv: ${what} (${note})`, status: r.status, body: r.text.slice(0, 400) });
    if (r.status >= 400 && r.status < 500 && names && !names.test(message)) push('unnamed', `the refusal does not name what is wrong: ${names}`);
    if (r.status >= 400 && verdict === 'take') push('valid-refused', 'a valid file refused');
    if (r.status >= 300 && lines(after) !== lines(before)) push('half-written', 'refused, yet the shifts changed');
    if (r.status < 300 && lines(after) !== lines(original)) push('half-written', 'taken, yet the shifts are not what the file says');
    // Whatever happened, the roster as it was for what follows.
    if (lines(after) !== lines(original)) await send(base, method, path, original, 'text/csv', {}, cred);
  }
}

/** Every hostile credential of the operation's kind, with otherwise valid input: each must be refused. */
async function probeCredentials(app: string, base: string, doc: Doc, path: string, method: string, op: Operation, ids: Record<string, string>, kind: AuthKind, credentials: Credentials): Promise<void> {
  const name = `${method.toUpperCase()} ${path}`;
  const json = op.requestBody?.content['application/json'] ?? op.requestBody?.content['application/VIID+JSON'];
  const bodySchema = json ? resolve(doc, json.schema) : undefined;
  const isBatch = !!json?.schema.oneOf || bodySchema?.type === 'array';
  const objectSchema = isBatch ? resolve(doc, (json!.schema.oneOf?.[0] ?? bodySchema?.items) as Schema) : bodySchema;
  const valid = objectSchema ? (path.startsWith('/VIID/') ? viidBody(path, viidRecord(path, NOW), NOW) : sample(doc, objectSchema)) : undefined;
  // A keepalive names its device in the body too (KeepaliveObject.DeviceID, taken where User-Identify is missing): left out here, so the header alone is what is judged.
  const body = path.endsWith('/Keepalive') ? JSON.stringify({ KeepaliveObject: {} }) : valid === undefined ? undefined : JSON.stringify(isBatch ? [valid] : valid);
  const query = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(String(sample(doc, p.schema, p.name, 1)))}`).join('&');
  const target = pathWith(path, ids);
  for (const hostile of credentials.hostile(kind)) {
    const headers = await hostile.headers(method.toUpperCase(), target, body);
    const lines: [string, string][] = [...headers, ...(body !== undefined ? ([['content-type', 'application/json']] as [string, string][]) : [])];
    const url = base + target + (query ? `?${query}` : '');
    if (hostile.twice) await rawRequest(url, method, lines, body);
    sent += 1;
    sentBy.set(`${kind} (hostile)`, (sentBy.get(`${kind} (hostile)`) ?? 0) + 1);
    const r = await rawRequest(url, method, lines, body);
    let parsed: Json = null;
    try {
      parsed = JSON.parse(r.text);
    } catch {
      /* not JSON */
    }
    record(app, name, `credential: ${hostile.what}`, { status: r.status, text: r.text, json: parsed }, true, 'credential');
  }
}

/** Operations the admin key cannot use (they need a person who is an officer) are probed again as the officer, on the phone's session. */
const needsOfficer = (status: number) => status === 403;

async function probeOperation(app: string, base: string, doc: Doc, path: string, method: string, op: Operation, ids: Record<string, string>, credentials: Credentials, sys: TestSystem, gat: GatDeviceSimulator): Promise<void> {
  const kind = authKindOf(op, doc.security);
  const cred = credentials.of(kind);
  current = kind;
  if (path === '/api/v1/alerts/{id}/impound' && method === 'post' && !ids.onScene) {
    // A seizure is recorded only on scene: the officer's alert (acknowledged from the phone) is walked there first, so the record and what follows it (release, auction, estimate) are judged.
    for (const action of ['acknowledge', 'verify', 'dispatch', 'on-scene']) {
      const r = await send(base, 'post', `/api/v1/alerts/${ids.deviceAlert}/${action}`, '{}');
      if (r.status >= 300 && action !== 'acknowledge') console.log(`probe set-up: ${action} of the officer's alert: ${r.status} ${r.text.slice(0, 200)}`);
    }
    ids.onScene = ids.deviceAlert;
  }
  const status = await probeInput(app, base, doc, path, method, op, ids, cred);
  if (op.requestBody?.content['text/csv']) await probeCsv(app, base, path, method, cred);
  if (path.startsWith('/VIID/')) {
    await probeViidRecords(base, doc, path, method, cred, sys);
    // UnRegister (its baseline) leaves the device unregistered: register again for what follows.
    if (path.endsWith('/UnRegister') || path.endsWith('/Register')) await gat.register();
  }
  if (kind === 'admin key' && app === 'court-gateway' && needsOfficer(status)) {
    current = 'officer session';
    await probeInput(app, base, doc, path, method, op, ids, credentials.of('officer session'));
  }
  current = kind;
  await probeCredentials(app, base, doc, path, method, op, ids, kind, credentials);
  if (path.startsWith('/VIID/System/')) await gat.register();
}

/** Malformed Kafka records on every topic the apps consume: each must be dead-lettered, neither app may fall over. */
/** The topics one of the apps consumes (the rest are read by systems outside, or nobody). */
const consumed = (topic: string) => ([Topic.Seizures, Topic.Hits, Topic.InterceptRequests, Topic.InterceptOutcomes, Topic.Sightings] as string[]).includes(topic);

async function probeKafka(sys: TestSystem): Promise<void> {
  const kafka = new Kafka({ clientId: 'hostile-probe', brokers: sys.kafka.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const topics = Object.values(Topic);
  const admin = kafka.admin();
  await admin.connect();
  /** Messages on each topic's dead-letter topic so far. */
  const deadLetters = async () => {
    const counts = new Map<string, number>();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(deadLetterTopic(topic)).catch(() => []);
      counts.set(topic, offsets.reduce((sum, o) => sum + Number(o.high), 0));
    }
    return counts;
  };
  const before = await deadLetters();
  const produced = new Map<string, number>();
  const values: (string | Buffer | null)[] = [
    null,
    '',
    'not json',
    '[]',
    '"x"',
    '{}',
    '{"eventId":"not-a-uuid","type":"x","schemaVersion":1,"occurredAt":"x","producer":"x","payload":{}}',
    JSON.stringify({ eventId: '6f1c2a9e-0000-4000-8000-00000000aa01', type: 'SeizureRegistered', schemaVersion: 1, occurredAt: '2026-02-30T00:00:00Z', producer: 'x', payload: { plate: '\u0000' } }),
    JSON.stringify({ eventId: '6f1c2a9e-0000-4000-8000-00000000aa02', type: 'SeizureRegistered', schemaVersion: 99, occurredAt: '2026-03-01T00:00:00Z', producer: 'x', payload: {} }),
    Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    `${'['.repeat(10000)}${']'.repeat(10000)}`,
    JSON.stringify({ eventId: '6f1c2a9e-0000-4000-8000-00000000aa03', type: 'SeizureRegistered', schemaVersion: 1, occurredAt: '2026-03-01T00:00:00Z', producer: 'x', payload: 'x'.repeat(900_000) }),
  ];
  for (const topic of topics) {
    for (const value of values) {
      try {
        await producer.send({ topic, messages: [{ key: 'probe', value }] });
        sent += 1;
        produced.set(topic, (produced.get(topic) ?? 0) + 1);
      } catch {
        /* a topic we may not have: fine */
      }
    }
  }
  await producer.disconnect();
  // Every record a consumer reads must be set aside with its reason, none left blocking its partition.
  let after = await deadLetters();
  for (let waited = 0; waited < 20 && topics.some((t) => (after.get(t) ?? 0) - (before.get(t) ?? 0) < (produced.get(t) ?? 0) && consumed(t)); waited += 1) {
    await new Promise((r) => setTimeout(r, 500));
    after = await deadLetters();
  }
  await admin.disconnect();
  for (const topic of topics) {
    const set = (after.get(topic) ?? 0) - (before.get(topic) ?? 0);
    const count = produced.get(topic) ?? 0;
    console.log(`kafka ${topic}: ${count} malformed records sent, ${set} dead-lettered`);
    if (consumed(topic) && set < count) findings.push({ kind: '5xx', auth: 'kafka', app: 'kafka', op: topic, what: `${count - set} malformed records not dead-lettered`, status: 0, body: '' });
  }
  for (const [app, base] of [['court', sys.courtUrl], ['traffic', sys.trafficUrl]] as const) {
    const health = await send(base, 'get', '/health/ready');
    if (health.status !== 200) findings.push({ kind: '5xx', auth: 'public', app, op: 'GET /health/ready', what: 'after malformed Kafka records', status: health.status, body: health.text.slice(0, 400) });
  }
}

async function main(): Promise<void> {
  const sys = await startTestSystem({
    clockStart: NOW.toISOString(),
    courtEnv: { PUSH_ENDPOINT_HOSTS: '127.0.0.1' },
    trafficEnv: {
      TRAFFIC_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // Both GA/T 1400 roles on: a device that pushes to us, and the police platform we are a client of (never reached: a closed port).
      GAT1400_SERVER_DEVICES: JSON.stringify([{ id: GAT.deviceId, password: GAT.password }]),
      GAT1400_SERVER_ID: GAT.serverId,
      ...unreachedGat1400Platform(GAT.platformId),
    },
  });
  try {
    const ids = await realIds(sys);
    const { credentials, device } = await realCredentials(sys, ids);
    console.log(`ids: ${JSON.stringify(ids)}`);
    for (const [app, base] of [['court-gateway', sys.courtUrl], ['traffic-adapter', sys.trafficUrl]] as const) {
      const doc = JSON.parse(readFileSync(join(ROOT, 'openapi', `${app}.json`), 'utf8')) as Doc;
      for (const [path, item] of Object.entries(doc.paths)) {
        if (ONLY && !path.includes(ONLY)) continue;
        for (const [method, op] of Object.entries(item)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          // The live stream never ends; its parameters are probed through the list's.
          if (path.endsWith('/stream')) continue;
          await probeOperation(app, base, doc, path, method, op as Operation, ids, credentials, sys, device);
        }
      }
    }
    if (!ONLY) await probeKafka(sys);
    for (const [app, base] of [['court', sys.courtUrl], ['traffic', sys.trafficUrl]] as const) {
      const health = await send(base, 'get', '/health');
      if (health.status !== 200) findings.push({ kind: '5xx', auth: 'public', app, op: 'GET /health', what: 'at the end', status: health.status, body: health.text.slice(0, 400) });
    }
  } finally {
    await sys.stop();
  }
  const byKind = (kind: Finding['kind']) => findings.filter((f) => f.kind === kind);
  for (const f of findings) console.log(`[${f.kind}] [${f.auth}] ${f.status} ${f.app} ${f.op} — ${f.what}\n    ${f.body.replace(/\s+/g, ' ').slice(0, 300)}`);
  console.log('\nper credential: requests, 5xx, wrong 2xx, 4xx without code/field, batch answers wrong, refusals not naming the problem, half-written, valid refused');
  for (const [kind, count] of [...sentBy.entries()].sort()) {
    // "<kind> (hostile)" counts the hostile credentials of that kind; "<kind>" the hostile input sent with the correct one.
    const hostile = kind.endsWith(' (hostile)');
    const of = (k: Finding['kind']) => findings.filter((f) => f.kind === k && f.auth === kind.replace(' (hostile)', '') && f.what.startsWith('credential: ') === hostile).length;
    console.log(`  ${kind}: ${count}, ${of('5xx')}, ${of('wrong-2xx')}, ${of('no-code')}, ${of('batch')}, ${of('unnamed')}, ${of('half-written')}, ${of('valid-refused')}`);
  }
  console.log(`\nrequests sent: ${sent}; 5xx: ${byKind('5xx').length}; wrong 2xx: ${byKind('wrong-2xx').length}; 4xx without code/field: ${byKind('no-code').length}; batch answers wrong: ${byKind('batch').length}; refusals not naming the problem: ${byKind('unnamed').length}; half-written: ${byKind('half-written').length}; valid input refused: ${byKind('valid-refused').length}`);
  process.exit(findings.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
