import { controlCharacterProblem, FieldProblem, jsonWidthProblem, MAX_OBJECT_KEYS, Problem, problem, textProblem } from '@app/contracts';

/** Deeper than any body of ours: past it, validation libraries recurse until the stack runs out. */
export const MAX_BODY_DEPTH = 32;
/**
 * Most keys a JSON body's objects may hold together, every level counted, unless the app sets its
 * own (HttpAppInfo.maxBodyKeys: traffic-adapter's batches of reads). Every other body of ours is
 * one object of at most 30 fields with a few small nested ones.
 */
export const MAX_BODY_KEYS = 10_000;
/** Most keys any one object of a body may hold (MAX_OBJECT_KEYS: the widest DTO of ours has 30). */
export const MAX_BODY_OBJECT_KEYS = MAX_OBJECT_KEYS;

/** A body whose objects hold more than `max` keys in all (found in its text before parsing, or in the parsed value). */
export function tooManyFieldsProblem(max: number): FieldProblem {
  return problem(Problem.TooManyFields, '', `body holds more than ${max} fields (keys of its objects, every level counted)`, { max });
}

/**
 * A body wider than any of ours (jsonWidthProblem), as a problem: checked first, in one pass, so
 * that nothing else (the shape walks below, class-transformer, class-validator) looks at the
 * 357,000 keys of a hostile 4 MB body.
 */
export function bodyWidthProblem(body: unknown, maxKeys = MAX_BODY_KEYS): FieldProblem | null {
  const wide = jsonWidthProblem(body, { maxKeys, maxKeysPerObject: MAX_BODY_OBJECT_KEYS });
  if (!wide) return null;
  if (wide.scope === 'total') return tooManyFieldsProblem(wide.max);
  return problem(Problem.ObjectTooWide, wide.path, `${wide.path || 'body'} holds more than ${wide.max} fields`, { max: wide.max });
}

/** Keys that reach an object's prototype when merged; no field of ours has these names. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The character a text problem names (`U+0007`), from its sentence. */
const charOf = (sentence: string) => /U\+[0-9A-F]{4}/.exec(sentence)?.[0] ?? '';

/** The first string or key (by its place) for which `check` finds a problem, as a FieldProblem. */
function firstTextProblem(body: unknown, code: string, check: (text: string, isKey: boolean) => string | null): FieldProblem | null {
  const walk = (value: unknown, path: string, depth: number): FieldProblem | null => {
    if (typeof value === 'string') {
      const found = check(value, false);
      return found ? problem(code, path, `${path || '(value)'} ${found}`, { char: charOf(found) }) : null;
    }
    if (depth > MAX_BODY_DEPTH || value === null || typeof value !== 'object') return null;
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = check(key, true);
      if (keyProblem) return problem(code, path, `${path ? `${path}.` : ''}(a key) ${keyProblem}`, { char: charOf(keyProblem) });
      const found = walk(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(body, '', 0);
}

/**
 * What makes a parsed JSON body unacceptable before validation even looks at it, or null:
 * more keys than any body of ours holds (in all, `maxKeys`, or in one object), nesting that
 * would exhaust the stack, prototype keys (JSON.parse keeps `__proto__` as an
 * own key, and the validator's whitelist lets it pass silently), text PostgreSQL cannot hold
 * (U+0000, lone surrogates), and control characters other than tabs and line breaks in any
 * string (one rule for every free-text field: controlCharacterProblem). Each with its place
 * and code.
 */
export function bodyShapeProblem(body: unknown, maxKeys = MAX_BODY_KEYS): FieldProblem | null {
  const wide = bodyWidthProblem(body, maxKeys);
  if (wide) return wide;
  const walk = (value: unknown, path: string, depth: number): FieldProblem | null => {
    if (value === null || typeof value !== 'object') return null;
    if (depth >= MAX_BODY_DEPTH) return problem(Problem.TooDeep, '', `body is nested deeper than ${MAX_BODY_DEPTH} levels`, { max: MAX_BODY_DEPTH });
    for (const key of Object.keys(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) return problem(Problem.KeyNotAllowed, at, `property ${at} is not allowed`);
      const found = walk((value as Record<string, unknown>)[key], at, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return (
    walk(body, '', 0) ??
    firstTextProblem(body, Problem.TextNotStorable, (text) => textProblem(text)) ??
    firstTextProblem(body, Problem.ControlCharacter, (text, isKey) => controlCharacterProblem(text, { lineBreaks: !isKey }))
  );
}
