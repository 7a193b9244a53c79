/**
 * How wide a parsed JSON value may be: the keys of all its objects together, and of any one
 * object. A body of 357,000 unknown keys (4 MB, valid JSON, under the size limit) took minutes to
 * refuse: class-transformer's key handling is quadratic in one object's keys, class-validator
 * makes one error per unknown key, and the answer listed every one. No request or event of ours
 * comes near these limits; counting is one pass with a stack of its own (no recursion, so no
 * nesting can exhaust the call stack) that stops at the first limit crossed.
 */
export interface JsonWidthLimits {
  /** Most keys in all the value's objects together, at every level. */
  maxKeys: number;
  /** Most keys in any one object. */
  maxKeysPerObject: number;
}

/** Which limit a value crossed: all its objects' keys together, or one object's (its place, `''` for the value itself). */
export type JsonWidthProblem = { scope: 'total'; max: number } | { scope: 'object'; path: string; max: number };

/**
 * The widest object any request or event of ours holds has 30 fields (HTTP DTOs and event
 * payloads; GA/T 1400 records are allowed more, see the /VIID doors): 100 leaves ample room.
 */
export const MAX_OBJECT_KEYS = 100;

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * The first width limit `value` crosses (the total is checked as each object is reached, so an
 * object that crosses both is reported as over the total), or null. Arrays' items are not keys:
 * an array is walked for the objects in it.
 */
export function jsonWidthProblem(value: unknown, limits: JsonWidthLimits): JsonWidthProblem | null {
  if (!isContainer(value)) return null;
  const stack: object[] = [value];
  let total = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) if (isContainer(node[i])) stack.push(node[i] as object);
      continue;
    }
    const keys = Object.keys(node);
    total += keys.length;
    if (total > limits.maxKeys) return { scope: 'total', max: limits.maxKeys };
    if (keys.length > limits.maxKeysPerObject) return { scope: 'object', path: pathTo(value, node), max: limits.maxKeysPerObject };
    for (let i = keys.length - 1; i >= 0; i--) {
      const item = (node as Record<string, unknown>)[keys[i]];
      if (isContainer(item)) stack.push(item);
    }
  }
  return null;
}

/** Where `target` is inside `root`, as a field path (`[3].location`, `a.b`; `''` for the root): found again only when a limit was crossed, so the walk itself keeps no paths. */
function pathTo(root: object, target: object): string {
  type Frame = { node: object; path: string };
  const stack: Frame[] = [{ node: root, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === target) return path;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) if (isContainer(node[i])) stack.push({ node: node[i] as object, path: `${path}[${i}]` });
      continue;
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const item = (node as Record<string, unknown>)[keys[i]];
      if (isContainer(item)) stack.push({ node: item, path: path ? `${path}.${keys[i]}` : keys[i] });
    }
  }
  return '';
}

/**
 * Whether the JSON text in `bytes` (UTF-8) holds more than `maxKeys` keys, read without parsing it:
 * each `:` outside a string is one key. For a refusal before the text is parsed at all
 * (JSON.parse of 357,000 keys alone takes most of a second); no byte of a multi-byte UTF-8
 * character is ASCII, so none is taken for a quote or a colon. Text that is not JSON may be
 * miscounted; the parser refuses it anyway.
 */
export function jsonTextHasMoreKeysThan(bytes: Uint8Array, maxKeys: number): boolean {
  let keys = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++; // a backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x3a && ++keys > maxKeys) return true;
  }
  return false;
}
