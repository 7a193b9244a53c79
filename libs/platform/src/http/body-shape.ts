import { controlledTextProblem, untextProblem } from '@app/contracts';

/** Deeper than any body of ours: past it, validation libraries recurse until the stack runs out. */
export const MAX_BODY_DEPTH = 32;
/** Keys that reach an object's prototype when merged; no field of ours has these names. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What makes a parsed JSON body unacceptable before validation even looks at it, or null:
 * nesting that would exhaust the stack, prototype keys (JSON.parse keeps `__proto__` as an
 * own key, and the validator's whitelist lets it pass silently), text PostgreSQL cannot hold
 * (U+0000, lone surrogates), and control characters other than tabs and line breaks in any
 * string (one rule for every free-text field: controlCharacterProblem).
 */
export function bodyShapeProblem(body: unknown): string | null {
  const walk = (value: unknown, path: string, depth: number): string | null => {
    if (value === null || typeof value !== 'object') return null;
    if (depth >= MAX_BODY_DEPTH) return `body is nested deeper than ${MAX_BODY_DEPTH} levels`;
    for (const key of Object.keys(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) return `property ${at} is not allowed`;
      const problem = walk((value as Record<string, unknown>)[key], at, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  const problem = walk(body, '', 0);
  if (problem) return problem;
  return untextProblem(body) ?? controlledTextProblem(body);
}
