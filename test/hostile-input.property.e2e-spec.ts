import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from './support/api';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * Generated hostile input for every operation of both OpenAPI documents (openapi/*.json, the
 * contract integrators code against), property-based with fast-check:
 * - every write endpoint gets bodies built from its request schema and then broken in one place
 *   (a required field dropped, a wrong JSON type, an unknown field, a number out of range, a value
 *   outside its enum, text with NUL, a lone surrogate or past its length), and pure noise;
 * - every path and query parameter gets values outside its schema (wrong format, NUL, lone
 *   surrogates, huge and negative numbers, impossible dates, repeats).
 * Asserted for each request: never a 5xx; never a 2xx for input the schema refuses; nothing
 * written by a refused request (row triggers on every table but the audit log); an audit row for
 * every refusal (the caller is signed in with the admin key). The counts are printed.
 */
type Schema = { $ref?: string; type?: string; format?: string; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; oneOf?: Schema[]; allOf?: Schema[]; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; pattern?: string; nullable?: boolean; minItems?: number; maxItems?: number };
type Parameter = { name: string; in: 'path' | 'query'; required?: boolean; schema?: Schema };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const RUNS_PER_OPERATION = Number(process.env.HOSTILE_RUNS ?? 12);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261130);
const WRITES = new Set(['post', 'put', 'patch', 'delete']);

describe('hostile input, generated from the OpenAPI documents: never a 5xx, never a 2xx for invalid input, nothing written, every refusal audited', () => {
  let sys: TestSystem;
  const counts = { requests: 0, invalid: 0, refused: 0, accepted: 0, operations: 0 };
  const failures: string[] = [];

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', trafficEnv: { TRAFFIC_WEBHOOK_SECRET: 'hostile-webhook-secret-0123456789' } });
    // Every row written to any table but the audit log is counted here: a refused request must leave it unchanged.
    // Each write is a row naming its table and operation, so a failure says what was written (counted,
    // not numbered: a sequence would move for a write rolled back).
    await sys.db.query(`CREATE TABLE public.hostile_written (n bigserial PRIMARY KEY, what text NOT NULL);
      CREATE FUNCTION public.hostile_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO public.hostile_written (what) VALUES (TG_OP || ' ' || TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
        RETURN NULL; END $$;`);
    const tables = await sys.db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema IN ('court', 'traffic') AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'migrations')`,
    );
    for (const t of tables) await sys.db.query(`CREATE TRIGGER hostile_count AFTER INSERT OR UPDATE OR DELETE ON ${t.schema}.${t.name} FOR EACH ROW EXECUTE FUNCTION public.hostile_count()`);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const writes = async () => Number((await sys.db.query<{ n: string }>('SELECT count(*) AS n FROM public.hostile_written'))[0].n);
  /** Background work (outbox relay, consumers) writes after an accepted request; wait until it is quiet. */
  async function quiet(): Promise<void> {
    let last = await writes();
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 60));
      const now = await writes();
      if (now === last) return;
      last = now;
    }
  }

  const documents: [app: 'court' | 'traffic', doc: Document][] = [
    ['court', JSON.parse(readFileSync(join(__dirname, '../openapi/court-gateway.json'), 'utf8'))],
    ['traffic', JSON.parse(readFileSync(join(__dirname, '../openapi/traffic-adapter.json'), 'utf8'))],
  ];

  /** Arbitraries of values the schema accepts (as far as a schema can say: plates and case numbers have rules of their own). */
  function valid(doc: Document, schema: Schema, depth = 0): fc.Arbitrary<unknown> {
    if (schema.$ref) return valid(doc, doc.components.schemas[schema.$ref.split('/').pop()!], depth);
    if (schema.allOf) return valid(doc, Object.assign({}, ...schema.allOf.map((s) => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s))), depth);
    if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => valid(doc, s, depth)));
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'date-time') return fc.date({ min: new Date('2026-02-01T00:00:00Z'), max: new Date('2026-03-02T02:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
        if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
        return fc.string({ minLength: Math.max(schema.minLength ?? 1, 1), maxLength: Math.min(schema.maxLength ?? 20, 20) });
      case 'integer':
        return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(valid(doc, schema.items ?? { type: 'string' }, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'object':
      default: {
        if (!schema.properties || depth > 3) return fc.constant({});
        const required = new Set(schema.required ?? []);
        const entries = Object.entries(schema.properties);
        return fc.record(Object.fromEntries(entries.map(([k, s]) => [k, valid(doc, s, depth + 1)])), { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) });
      }
    }
  }

  /** Control characters, as the one rule for text refuses them in bodies (tabs and line breaks are fine there). */
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
  /** Text no field may take, whatever its schema. */
  const hostileText = fc.constantFrom('a\u0000b', '\ud800', 'x\udfff', 'bell\u0007', '\u001b[31mred', 'next\u0085line', 'del\u007f', 'x'.repeat(100_001), '=HYPERLINK("http://x","y")', "'; DROP TABLE court.seizures; --", '\u202e桂PA2345', '2026-W05-1', '2026-02-30T00:00:00Z');
  const wrongType = (schema: Schema): fc.Arbitrary<unknown> => {
    const t = schema.type ?? (schema.enum ? typeof schema.enum[0] : 'object');
    return fc.constantFrom(...([['a'], { a: 1 }, true, 42, 'text', 21.7, '21.7'] as unknown[]).filter((v) => (t === 'string' ? typeof v !== 'string' : t === 'integer' || t === 'number' ? typeof v !== 'number' : t === 'boolean' ? typeof v !== 'boolean' : t === 'array' ? !Array.isArray(v) : typeof v !== 'object' || Array.isArray(v))));
  };

  /** One break of a schema-valid object body: what the schema (or the README's "unknown fields are rejected") refuses. */
  function broken(doc: Document, schema: Schema): fc.Arbitrary<{ body: unknown; how: string }> | null {
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema.oneOf ? (schema.oneOf[0].$ref ? doc.components.schemas[schema.oneOf[0].$ref.split('/').pop()!] : schema.oneOf[0]) : schema;
    if (!resolved?.properties) return null;
    const props = Object.entries(resolved.properties).map(([k, s]) => [k, s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s] as const);
    const base = valid(doc, { ...resolved, required: Object.keys(resolved.properties) }) as fc.Arbitrary<Record<string, unknown>>;
    const breaks: fc.Arbitrary<{ body: unknown; how: string }>[] = [
      base.map((b) => ({ body: { ...b, ['unknownField' + Object.keys(b).length]: 1 }, how: 'an unknown field' })),
      fc.tuple(base, fc.constantFrom(null, [], 'x', 1, [{}])).map(([, v]) => ({ body: v, how: `a body that is ${JSON.stringify(v)}` })),
    ];
    for (const [key, s] of props) {
      if ((resolved.required ?? []).includes(key)) breaks.push(base.map((b) => { const { [key]: _, ...rest } = b; return { body: rest, how: `without required ${key}` }; }));
      breaks.push(fc.tuple(base, wrongType(s)).map(([b, v]) => ({ body: { ...b, [key]: v }, how: `${key} as ${JSON.stringify(v)?.slice(0, 30)}` })));
      if (s.type === 'string' && !s.enum) breaks.push(fc.tuple(base, hostileText).filter(([, t]) => t.length > (s.maxLength ?? 100_000) || /\u0000|[\ud800-\udfff]/.test(t) || CONTROL.test(t) || (!!s.pattern && !new RegExp(s.pattern).test(t)) || s.format === 'date-time' || s.format === 'uuid').map(([b, t]) => ({ body: { ...b, [key]: t }, how: `${key} as hostile text` })));
      if (s.enum) breaks.push(base.map((b) => ({ body: { ...b, [key]: 'not-one-of-them' }, how: `${key} outside its enum` })));
      if ((s.type === 'integer' || s.type === 'number') && s.maximum !== undefined) breaks.push(base.map((b) => ({ body: { ...b, [key]: s.maximum! + 1 }, how: `${key} above its maximum` })));
      if ((s.type === 'integer' || s.type === 'number') && s.minimum !== undefined) breaks.push(base.map((b) => ({ body: { ...b, [key]: s.minimum! - 1 }, how: `${key} below its minimum` })));
    }
    return fc.oneof(...breaks);
  }

  /** Whether a path or query value is outside what the parameter's schema (and the rules for every path and query) allow. */
  function outside(p: Parameter, value: string | string[]): boolean {
    if (Array.isArray(value)) return true; // a parameter given twice
    if (/%00|%ED%A0%80|%E0%A4%A$/i.test(value)) return true; // NUL, a lone surrogate, broken percent-encoding
    if (/%[01][0-9A-F]|%7F|%C2%[89][0-9A-F]/i.test(value)) return true; // control characters (line breaks too: no path or query holds one)
    const s = p.schema ?? {};
    const text = decodeURIComponent(value);
    if (s.enum) return !s.enum.map(String).includes(text);
    if (s.format === 'uuid') return !/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(text);
    if (s.pattern) return !new RegExp(s.pattern).test(text);
    if (s.type === 'integer' || s.type === 'number') return !/^-?\d+(\.\d+)?$/.test(text) || (s.minimum !== undefined && Number(text) < s.minimum) || (s.maximum !== undefined && Number(text) > s.maximum);
    if (s.type === 'boolean') return !['true', 'false'].includes(text);
    return false;
  }

  /** Path and query values outside a parameter's schema. */
  function badParameter(p: Parameter): fc.Arbitrary<string | string[]> | null {
    const s = p.schema ?? {};
    const range = s.type === 'integer' ? [s.maximum, s.minimum].flatMap((bound, i) => (bound === undefined ? [] : [String(i === 0 ? bound + 1 : bound - 1)])) : [];
    const hostile = fc.constantFrom('a%00b', '%ED%A0%80', '%E0%A4%A', 'a%01b', '%1B%5B31m', 'a%0Ab', '%C2%85', '..%2F..%2Fetc', '99999999999999999999999', '-1', '1e309', '0x10', '2026-02-30', '-271821-04-20T00:00:00Z', '%3Cscript%3E', ...range);
    if (p.in === 'query') return fc.oneof(hostile, fc.tuple(fc.string(), fc.string()).map(([a, b]) => [a || 'x', b || 'y']));
    if (s.format === 'uuid' || s.enum || s.pattern || s.type === 'integer') return hostile;
    return fc.constantFrom('a%00b', '%ED%A0%80', '%E0%A4%A');
  }

  async function send(app: 'court' | 'traffic', method: string, path: string, body: unknown | undefined, what: string, invalid: boolean) {
    const url = app === 'court' ? sys.courtUrl : sys.trafficUrl;
    const correlationId = `hostile-${randomUUID()}`;
    const before = await writes();
    let req = api(url)[method as 'get'](path).set('x-correlation-id', correlationId);
    if (body !== undefined) req = req.set('content-type', 'application/json').send(JSON.stringify(body) ?? 'null');
    const res = await req;
    counts.requests++;
    if (invalid) counts.invalid++;
    const where = `${method.toUpperCase()} ${path.slice(0, 120)} (${what})`;
    if (res.status >= 500) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    if (invalid && res.status < 300) failures.push(`${where}: ${res.status} for invalid input`);
    if (res.status >= 400) {
      counts.refused++;
      const after = await writes();
      if (after !== before) {
        const written = await sys.db.query<{ what: string }>('SELECT what FROM public.hostile_written ORDER BY n DESC LIMIT $1', [after - before]);
        failures.push(`${where}: refused with ${res.status} but wrote ${after - before} row(s): ${written.map((w) => w.what).join(', ')}`);
      }
      if (res.status !== 429) {
        const audited = await sys.db.query(`SELECT 1 FROM ${app}.audit_log WHERE correlation_id = $1`, [correlationId]);
        if (audited.length !== 1) failures.push(`${where}: refused with ${res.status}, ${audited.length} audit rows`);
      }
    } else {
      counts.accepted++;
      await quiet();
    }
  }

  for (const [app, doc] of documents) {
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const params = op.parameters ?? [];
        const bodySchema = op.requestBody?.content['application/json']?.schema;
        const isWrite = WRITES.has(method);
        if (!isWrite && params.length === 0) continue;
        if (template.endsWith('/stream') || template === '/api/v1/auth/logout') continue; // an endless event stream; signing the admin key out is not input
        if (template.startsWith('/VIID/')) continue; // GA/T 1400: answered in its own form, callers are devices not signed-in users (test/gat1400-hostile.e2e-spec.ts)
        it(`${app} ${method.toUpperCase()} ${template}`, async () => {
          counts.operations++;
          const fill = (overrides: Record<string, string>) =>
            template.replace(/\{(\w+)\}/g, (_m, name: string) => overrides[name] ?? (params.find((p) => p.name === name)?.schema?.format === 'uuid' ? randomUUID() : 'FCG-K07'));
          const cases: fc.Arbitrary<{ path: string; body?: unknown; what: string; invalid: boolean }>[] = [];
          for (const p of params) {
            const bad = badParameter(p);
            if (!bad) continue;
            cases.push(
              bad.map((v) => {
                if (p.in === 'path') return { path: fill({ [p.name]: String(v) }), what: `${p.name}=${String(v).slice(0, 30)}`, invalid: outside(p, String(v)) };
                const query = (Array.isArray(v) ? v : [v]).map((x) => `${p.name}=${x.includes('%') ? x : encodeURIComponent(x)}`).join('&');
                return { path: `${fill({})}?${query}`, what: `?${query.slice(0, 40)}`, invalid: outside(p, Array.isArray(v) ? v : v.includes('%') ? v : encodeURIComponent(v)) };
              }),
            );
          }
          if (bodySchema) {
            const b = broken(doc, bodySchema);
            if (b) cases.push(b.map(({ body, how }) => ({ path: fill({}), body, what: how, invalid: true })));
            cases.push(fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v as object).some((k) => !bodySchema.$ref || !doc.components.schemas[bodySchema.$ref.split('/').pop()!]?.properties?.[k]))  .map((v) => ({ path: fill({}), body: v, what: 'noise', invalid: true })));
          } else if (isWrite) {
            // No body is declared: anything with content is refused (an empty object is no content).
            const content = (v: unknown) => v !== null && (typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length > 0);
            cases.push(fc.jsonValue({ maxDepth: 2 }).map((v) => ({ path: fill({}), body: v, what: `a body where none is taken: ${JSON.stringify(v)?.slice(0, 30)}`, invalid: content(v) })));
          }
          if (cases.length === 0) return;
          await fc.assert(
            fc.asyncProperty(fc.oneof(...cases), async ({ path, body, what, invalid }) => {
              await send(app, method, path, body === undefined && isWrite && method !== 'delete' ? {} : body, what, invalid);
            }),
            { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
          );
        });
      }
    }
  }

  it('reports what was tried and found nothing wrong', () => {
    console.log(
      `hostile input (generated from openapi/*.json, seed ${SEED}): ${counts.operations} operations, ${counts.requests} requests ` +
        `(${counts.invalid} invalid by the schema), ${counts.refused} refused, ${counts.accepted} accepted; failures: ${failures.length}`,
    );
    expect(failures).toEqual([]);
  });
});
