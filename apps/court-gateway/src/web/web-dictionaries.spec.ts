import * as fs from 'fs';
import * as path from 'path';
import { ERROR_CATALOGUE, ErrorCode, problemCodes, REASON_CATALOGUE, ReasonCode } from '@app/contracts';

const I18N = path.resolve(__dirname, '..', '..', 'web', 'i18n');

function keysOf(file: string): string[] {
  return [...fs.readFileSync(path.join(I18N, file), 'utf8').matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]);
}

/** Each entry's text, as the page reads it (a single-quoted string literal). */
function entriesOf(file: string): Map<string, string> {
  const text = fs.readFileSync(path.join(I18N, file), 'utf8');
  return new Map([...text.matchAll(/^\s*'([^']+)':\s*'((?:[^'\\]|\\.)*)',?\s*$/gm)].map((m) => [m[1], m[2].replace(/\\(.)/g, '$1')]));
}

/** The names a template fills in (`{name}` or `{name|prefix}`, the prefix maybe dotted: `{period|report.period}`), sorted. */
const placeholders = (template: string) => [...new Set([...template.matchAll(/\{(\w+)(?:\|[\w.]+)?\}/g)].map((m) => m[1]))].sort();

describe('web dictionaries', () => {
  const coded = [
    ...Object.values(ErrorCode).map((code) => ({ key: `error.${code}`, sent: [...placeholders(ERROR_CATALOGUE[code].en), ...(ERROR_CATALOGUE[code].also ?? [])] })),
    ...Object.values(ReasonCode).map((code) => ({ key: code as string, sent: placeholders(REASON_CATALOGUE[code]) })),
    // Each problem of a refused request's form (validation, shape, parameters, batches, the roster CSV): `{field}` and its own values.
    ...[...problemCodes()].map(([code, names]) => ({ key: `error.${code}`, sent: ['field', ...names] })),
  ];

  it.each(['zh-CN.js', 'en.js'])('%s translates every error, problem and reason code the server gives, naming the same values', (file) => {
    const dictionary = entriesOf(file);
    const missing = coded.filter(({ key }) => !dictionary.has(key)).map(({ key }) => key);
    expect(missing).toEqual([]);
    // A translation may leave a value out (it reads better) but never name one the server does not send.
    const unknown = coded.filter(({ key, sent }) => placeholders(dictionary.get(key)!).some((name) => !sent.includes(name)));
    expect(unknown.map(({ key }) => key)).toEqual([]);
  });

  it('says every coded message in Chinese in the Chinese dictionary', () => {
    const zh = entriesOf('zh-CN.js');
    const notChinese = coded.filter(({ key }) => !/[\u4e00-\u9fff]/.test(zh.get(key) ?? '')).map(({ key }) => key);
    expect(notChinese).toEqual([]);
  });

  it('give every key in both languages, once', () => {
    const zh = keysOf('zh-CN.js');
    const en = keysOf('en.js');
    expect(new Set(zh).size).toBe(zh.length);
    expect(new Set(en).size).toBe(en.length);
    expect([...en].sort()).toEqual([...zh].sort());
  });

  it('label in Chinese every request field the API documents, so a reason names it in the words of the page', () => {
    type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[] };
    const doc = JSON.parse(fs.readFileSync(path.resolve(I18N, '..', '..', '..', '..', 'openapi', 'court-gateway.json'), 'utf8'));
    const names = new Set<string>();
    const seen = new Set<string>();
    const walk = (schema: Schema | undefined): void => {
      if (!schema) return;
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop()!;
        if (!seen.has(name)) {
          seen.add(name);
          walk(doc.components.schemas[name]);
        }
        return;
      }
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        names.add(name);
        walk(property);
      }
      walk(schema.items);
      for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) walk(part);
    };
    for (const operations of Object.values(doc.paths) as Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> }; parameters?: { name: string; in: string }[] }>[]) {
      for (const op of Object.values(operations)) {
        for (const content of Object.values(op.requestBody?.content ?? {})) walk(content.schema);
        for (const parameter of op.parameters ?? []) if (parameter.in !== 'header') names.add(parameter.name);
      }
    }
    const zh = entriesOf('zh-CN.js');
    expect(names.size).toBeGreaterThan(50);
    expect([...names].filter((name) => !/[\u4e00-\u9fff]/.test(zh.get(`field.${name}`) ?? '')).sort()).toEqual([]);
  });

  it('cover every key the pages ask for with a literal t(...)', () => {
    const known = new Set(keysOf('zh-CN.js'));
    const appDir = path.resolve(I18N, '..', 'app');
    const used = fs
      .readdirSync(appDir)
      .flatMap((file) => [...fs.readFileSync(path.join(appDir, file), 'utf8').matchAll(/\bt\('([^']+)'\)/g)].map((m) => m[1]));
    expect(used.filter((key) => !known.has(key))).toEqual([]);
  });
});
