/**
 * Reading GA/T 1400 bodies the way real platforms write them. Platforms differ: content types
 * (`application/VIID+JSON`, `application/json`, `text/plain`), charsets (UTF-8, sometimes GBK),
 * a byte-order mark, trailing commas, key case (`plateNo` for `PlateNo`), a list of one written as
 * the object itself, and the list wrapper present or left out. All of that is accepted here, in
 * one place, so the handlers see one shape.
 */

export type DecodedBody = { ok: true; value: unknown } | { ok: false; problem: string };

/** Decodes and parses a request or response body; the problem names what is wrong for the sender. */
export function decodeViidBody(body: Buffer, contentType: string | undefined): DecodedBody {
  if (body.length === 0) return { ok: false, problem: 'the body is empty; a JSON object was expected' };
  let text: string;
  try {
    const charset = charsetOf(contentType);
    // Node's own UTF-8 decoding is several times faster than TextDecoder's on bodies of many MB (inline pictures).
    text = charset === 'utf-8' || charset === 'utf8' ? body.toString('utf8') : new TextDecoder(charset, { fatal: false }).decode(body);
  } catch {
    return { ok: false, problem: `charset of "${contentType}" is not supported; send UTF-8` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (first) {
    const relaxed = withoutTrailingCommas(text);
    if (relaxed !== text) {
      try {
        return { ok: true, value: JSON.parse(relaxed) };
      } catch {
        // fall through to the first error, which points into what the sender wrote
      }
    }
    return { ok: false, problem: `the body is not valid JSON: ${(first as Error).message.slice(0, 200)}` };
  }
}

/** The charset a content type names (`utf-8` when none; GBK and GB2312 as `gb18030`). */
export function charsetOf(contentType: string | undefined): string {
  const m = /charset\s*=\s*"?([\w.-]+)"?/i.exec(contentType ?? '');
  const charset = (m?.[1] ?? 'utf-8').toLowerCase();
  // GBK and GB2312 are subsets of GB18030; decode them all with the superset.
  return ['gbk', 'gb2312', 'gb18030', 'x-gbk'].includes(charset) ? 'gb18030' : charset;
}

/** Removes commas that directly precede `}` or `]` outside strings (`{"a":1,}`). */
export function withoutTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === '}' || text[j] === ']') continue;
    }
    out += c;
  }
  return out;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[name]`, or the value of the key that equals `name` ignoring case (`plateNo`, `PLATENO`). */
export function field(obj: JsonObject, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

/**
 * The items of a GA/T 1400 list, however the sender wrapped it. For `listName`
 * `MotorVehicleListObject` and `itemName` `MotorVehicleObject` all of these give the items:
 * `{MotorVehicleListObject:{MotorVehicleObject:[…]}}`, the same with a single object instead of
 * the array, `{MotorVehicleObject:[…]}` without the wrapper, and a bare array. `alsoListNames`
 * are other wrapper names platforms use for the same list. Returns null when none is there.
 */
export function listItems(body: unknown, listName: string, itemName: string, alsoListNames: string[] = []): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (!isObject(body)) return null;
  for (const name of [listName, ...alsoListNames]) {
    const list = field(body, name);
    if (list === undefined) continue;
    if (Array.isArray(list)) return list;
    if (!isObject(list)) return null;
    const items = field(list, itemName);
    if (Array.isArray(items)) return items;
    if (isObject(items)) return [items];
    return null;
  }
  const items = field(body, itemName);
  if (Array.isArray(items)) return items;
  if (isObject(items)) return [items];
  return null;
}

/** The object under `name` (`{RegisterObject:{…}}`), or the body itself when it has no wrapper. */
export function singleObject(body: unknown, name: string): JsonObject | null {
  if (!isObject(body)) return null;
  const inner = field(body, name);
  if (isObject(inner)) return inner;
  if (Array.isArray(inner) && inner.length === 1 && isObject(inner[0])) return inner[0];
  return inner === undefined ? body : null;
}

/** A text field: strings as sent, numbers as their decimal text (ids and codes sent as numbers). */
export function text(obj: JsonObject, name: string): string | undefined {
  const value = field(obj, name);
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  // An id of 20 or 48 digits sent as a JSON number has already lost digits: not taken as text.
  if (typeof value === 'number' && Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))) return String(value);
  return undefined;
}

