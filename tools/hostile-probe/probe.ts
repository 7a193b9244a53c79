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
import { Kafka, logLevel } from 'kafkajs';
import { TEST_ADMIN_KEY } from '../../test/support/api';
import { startTestSystem, TestSystem } from '../../test/support/test-system';

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
  default?: unknown;
  nullable?: boolean;
  additionalProperties?: unknown;
};
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const ROOT = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
const VERBOSE = args.includes('--verbose');

interface Finding {
  kind: '5xx' | 'wrong-2xx' | 'no-code' | 'batch';
  app: string;
  op: string;
  what: string;
  status: number;
  body: string;
}
const findings: Finding[] = [];
let sent = 0;

/** One request, raw: the body as text (so that invalid JSON, duplicated keys and NaN can be sent). */
async function send(base: string, method: string, path: string, body?: string, contentType = 'application/json', headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: Json }> {
  sent += 1;
  try {
    const response = await fetch(base + path, {
      method: method.toUpperCase(),
      headers: { 'x-api-key': TEST_ADMIN_KEY, ...(body !== undefined ? { 'content-type': contentType } : {}), ...headers },
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
};

function sample(doc: Doc, raw: Schema | undefined, name = '', depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (name in KNOWN && depth > 0) return KNOWN[name];
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
      { what: 'full-width characters', value: text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)), mustRefuse: (shaped || isDate) && name !== 'plate' },
      { what: 'emoji', value: `${text}🚗`, mustRefuse: shaped || isDate },
      { what: 'SQL text', value: "x' OR '1'='1", mustRefuse: shaped || isDate },
    );
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

function record(app: string, op: string, what: string, response: { status: number; text: string; json: Json }, mustRefuse: boolean): void {
  const body = response.text.slice(0, 400);
  // GA/T 1400 answers in the standard's ResponseStatus form, without our codes.
  const standardForm = op.includes(' /VIID');
  if (response.status >= 500) findings.push({ kind: '5xx', app, op, what, status: response.status, body });
  else if (mustRefuse && response.status < 300) findings.push({ kind: 'wrong-2xx', app, op, what, status: response.status, body });
  else if (response.status >= 400 && response.status < 500 && !standardForm) {
    // Every refusal carries a code; every 400 also the field it concerns ('' for the request as a whole).
    const json = response.json as { code?: unknown; field?: unknown } | null;
    if (!json || typeof json.code !== 'string' || (response.status === 400 && typeof json.field !== 'string')) findings.push({ kind: 'no-code', app, op, what, status: response.status, body });
  }
  if (VERBOSE) console.log(`${response.status} ${app} ${op} ${what}`);
}

/** Path ids that exist, found or made before the probe (a 404 would hide what a handler does with its input). */
async function realIds(sys: TestSystem): Promise<Record<string, string>> {
  const court = sys.courtUrl;
  const ids: Record<string, string> = {};
  const seal = await send(court, 'post', '/api/v1/seizures', JSON.stringify({ caseNumber: '(2025)桂0603执1357号', plate: '桂PB1357', tribunal: '防城法庭', sealedAt: '2026-03-01T00:00:00+08:00' }));
  ids.seizure = (seal.json as { id?: string })?.id ?? '';
  const officers = await send(court, 'get', '/api/v1/officers');
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

function pathWith(path: string, ids: Record<string, string>, values: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in values) return values[name];
    if (name === 'hitId') return ids.hit || '6f1c2a9e-0000-4000-8000-000000000002';
    if (name === 'n') return '1';
    if (name === 'kind') return 'notice';
    if (name === 'period') return 'month';
    if (name === 'start') return '2026-02-01';
    if (/\/checkpoints\//.test(path)) return ids.checkpoint;
    if (/\/alerts\//.test(path)) return ids.alert;
    if (/\/seizures\//.test(path)) return ids.seizure;
    if (/\/teams\//.test(path)) return 'fangcheng';
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

async function probeOperation(app: string, base: string, doc: Doc, path: string, method: string, op: Operation, ids: Record<string, string>): Promise<void> {
  const name = `${method.toUpperCase()} ${path}`;
  // GA/T 1400 (/VIID) answers in the standard's own form with its own credentials; probed for 5xx only.
  const viid = path.startsWith('/VIID');
  const json = op.requestBody?.content['application/json'];
  const params = op.parameters ?? [];
  const target = pathWith(path, ids);
  const bodySchema = json ? resolve(doc, json.schema) : undefined;
  const isBatch = !!json?.schema.oneOf || bodySchema?.type === 'array';
  const objectSchema = isBatch ? resolve(doc, (json!.schema.oneOf?.[0] ?? bodySchema?.items) as Schema) : bodySchema;
  const valid = objectSchema ? sample(doc, objectSchema) : undefined;
  const validQuery = params.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(String(sample(doc, p.schema, p.name, 1)))}`).join('&');
  const url = (p: string, q = validQuery) => (q ? `${p}?${q}` : p);
  const go = (what: string, mustRefuse: boolean, body?: string, contentType?: string, p = target, q = validQuery) =>
    send(base, method, url(p, q), body, contentType).then((r) => record(app, name, what, r, mustRefuse && !viid));

  const baseline = await send(base, method, url(target), valid === undefined ? undefined : JSON.stringify(valid));
  if (VERBOSE) console.log(`baseline ${baseline.status} ${name} ${baseline.text.slice(0, 200)}`);
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
    return;
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
    if (what === 'gzip claimed') {
      const r = await fetch(base + url(target), { method: method.toUpperCase(), headers: { 'x-api-key': TEST_ADMIN_KEY, 'content-type': type, 'content-encoding': 'gzip' }, body: text })
        .then(async (res) => {
          const body = await res.text();
          let json: Json = null;
          try {
            json = JSON.parse(body);
          } catch {
            /* not JSON */
          }
          return { status: res.status, text: body, json };
        })
        .catch((e) => ({ status: 599, text: String(e), json: null as Json }));
      sent += 1;
      record(app, name, what, r, mustRefuse && !viid);
      continue;
    }
    await go(what, mustRefuse, text, type);
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
        await go(`${field}: ${m.what}`, m.mustRefuse, JSON.stringify(isBatch ? [body] : body));
        if (isBatch) {
          // In a batch beside a good item: the good one taken (207), the bad one refused by index with a code.
          const r = await send(base, method, url(target), JSON.stringify([{ ...base0, eventId: `good-${sent}` }, body]));
          if (r.status >= 500) findings.push({ kind: '5xx', app, op: name, what: `batch [good, ${field}: ${m.what}]`, status: r.status, body: r.text.slice(0, 400) });
          else if (m.mustRefuse) {
            const answer = r.json as { received?: number; refusals?: { index: number; problems?: { code?: string }[] }[] } | null;
            const refusal = answer?.refusals?.find((x) => x.index === 1);
            if (r.status !== 207 || !refusal || !refusal.problems?.every((p) => typeof p.code === 'string')) {
              findings.push({ kind: 'batch', app, op: name, what: `batch [good, ${field}: ${m.what}]`, status: r.status, body: r.text.slice(0, 400) });
            }
          }
          sent += 0;
        }
      }
      // Duplicated keys: the valid value last, then the invalid one last.
      const duplicated = `{${JSON.stringify(field)}:12345,${validText.slice(1)}`;
      await go(`${field}: duplicated key (bad first)`, false, isBatch ? `[${duplicated}]` : duplicated);
      const duplicatedLast = `${validText.slice(0, -1)},${JSON.stringify(field)}:{"probe":[1]}}`;
      await go(`${field}: duplicated key (bad last)`, true, isBatch ? `[${duplicatedLast}]` : duplicatedLast);
    }
  }
  if (isBatch) {
    await go('batch: empty array', true, '[]');
    await go('batch: 1001 items', true, JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ ...(valid as object), eventId: `many-${i}` }))));
    await go('batch: all items bad', true, JSON.stringify([1, 'x', null, []]));
    const mixed = await send(base, method, url(target), JSON.stringify([{ ...(valid as object), eventId: 'mix-good-1' }, 7, null, { ...(valid as object), plate: '' }, { ...(valid as object), eventId: 'mix-good-2' }]));
    const answer = mixed.json as { received?: number; refused?: number; refusals?: { index: number; problems?: unknown[] }[] } | null;
    if (mixed.status !== 207 || answer?.refused !== 3 || answer?.refusals?.map((x) => x.index).join() !== '1,2,3') {
      findings.push({ kind: 'batch', app, op: name, what: 'batch: good, 7, null, bad plate, good', status: mixed.status, body: mixed.text.slice(0, 400) });
    }
    record(app, name, 'batch mixed', mixed, false);
  }
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
    if (consumed(topic) && set < count) findings.push({ kind: '5xx', app: 'kafka', op: topic, what: `${count - set} malformed records not dead-lettered`, status: 0, body: '' });
  }
  for (const [app, base] of [['court', sys.courtUrl], ['traffic', sys.trafficUrl]] as const) {
    const health = await send(base, 'get', '/health/ready');
    if (health.status !== 200) findings.push({ kind: '5xx', app, op: 'GET /health/ready', what: 'after malformed Kafka records', status: health.status, body: health.text.slice(0, 400) });
  }
}

async function main(): Promise<void> {
  const sys = await startTestSystem({ clockStart: NOW.toISOString(), trafficEnv: { TRAFFIC_WEBHOOK_SECRET: 'probe-webhook-secret-0123456789' } });
  try {
    const ids = await realIds(sys);
    console.log(`ids: ${JSON.stringify(ids)}`);
    for (const [app, base] of [['court-gateway', sys.courtUrl], ['traffic-adapter', sys.trafficUrl]] as const) {
      const doc = JSON.parse(readFileSync(join(ROOT, 'openapi', `${app}.json`), 'utf8')) as Doc;
      for (const [path, item] of Object.entries(doc.paths)) {
        if (ONLY && !path.includes(ONLY)) continue;
        for (const [method, op] of Object.entries(item)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          // The live stream never ends; its parameters are probed through the list's.
          if (path.endsWith('/stream')) continue;
          await probeOperation(app, base, doc, path, method, op, ids);
        }
      }
    }
    if (!ONLY) await probeKafka(sys);
    for (const [app, base] of [['court', sys.courtUrl], ['traffic', sys.trafficUrl]] as const) {
      const health = await send(base, 'get', '/health');
      if (health.status !== 200) findings.push({ kind: '5xx', app, op: 'GET /health', what: 'at the end', status: health.status, body: health.text.slice(0, 400) });
    }
  } finally {
    await sys.stop();
  }
  const byKind = (kind: Finding['kind']) => findings.filter((f) => f.kind === kind);
  for (const f of findings) console.log(`[${f.kind}] ${f.status} ${f.app} ${f.op} — ${f.what}\n    ${f.body.replace(/\s+/g, ' ').slice(0, 300)}`);
  console.log(`\nrequests sent: ${sent}; 5xx: ${byKind('5xx').length}; wrong 2xx: ${byKind('wrong-2xx').length}; 4xx without code/field: ${byKind('no-code').length}; batch answers wrong: ${byKind('batch').length}`);
  process.exit(findings.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
