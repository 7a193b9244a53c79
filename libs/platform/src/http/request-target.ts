import { controlCharacterProblem, FieldProblem, Problem, problem, textProblem } from '@app/contracts';

/** Longer than any id or filter of ours; past it a path or query value is noise (or an attack). */
const MAX_TARGET_TEXT = 2000;

/**
 * What makes a request's path or query unacceptable before any handler sees it, or null. The
 * body check (body-shape.ts) did not cover these: `%00` in `/teams/a%00b/base` or `?team=a%00b`
 * reached PostgreSQL and failed there with a 500, and a repeated query parameter arrived as an
 * array where every handler expects one string.
 */
export function requestTargetProblem(path: string, query: unknown, rawQuery = ''): FieldProblem | null {
  const charOf = (sentence: string) => /U\+[0-9A-F]{4}/.exec(sentence)?.[0] ?? '';
  const textCode = (sentence: string) => (/control character/.test(sentence) ? Problem.ControlCharacter : Problem.TextNotStorable);
  const segments = path.split('/');
  for (const [index, raw] of segments.entries()) {
    if (!raw.includes('%')) continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return problem(Problem.NotUtf8, 'path', `path segment ${index} (${raw.slice(0, 100)}) is not valid percent-encoded UTF-8`);
    }
    const found = textProblem(segment) ?? controlCharacterProblem(segment, { lineBreaks: false });
    if (found) return problem(textCode(found), 'path', `path segment ${index} (${raw.slice(0, 100)}) ${found}`, { char: charOf(found) });
  }
  if (path.length > MAX_TARGET_TEXT) return problem(Problem.TooLong, 'path', `path is longer than ${MAX_TARGET_TEXT} characters`, { max: MAX_TARGET_TEXT });
  // The query parser keeps a part it cannot decode as its raw text (`?actor=%ED%A0%80` arrived as
  // the nine characters `%ED%A0%80` and was searched for); refused here as in the path.
  for (const part of rawQuery.split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return problem(Problem.NotUtf8, part.split('=')[0].slice(0, 100), `query part ${part.slice(0, 100)} is not valid percent-encoded UTF-8`);
    }
  }
  if (query && typeof query === 'object') {
    for (const [name, value] of Object.entries(query)) {
      const keyProblem = textProblem(name) ?? controlCharacterProblem(name, { lineBreaks: false });
      if (keyProblem) return problem(textCode(keyProblem), '', `a query parameter name ${keyProblem}`, { char: charOf(keyProblem) });
      // `?team[]=a` and `?team[a]=b` reach the handler as parameters it does not know (team[]), silently ignored.
      const bracketed = /^([^[\]]+)\[[^\]]*\]/.exec(name);
      if (bracketed) return problem(Problem.NotText, bracketed[1], `query parameter ${bracketed[1]} must be plain text, given once (not ${name.slice(0, 100)})`);
      if (Array.isArray(value)) return problem(Problem.Repeated, name, `query parameter ${name} is given ${value.length} times; give it once`, { times: value.length });
      if (typeof value !== 'string') return problem(Problem.NotText, name, `query parameter ${name} must be plain text`);
      const found = textProblem(value) ?? controlCharacterProblem(value, { lineBreaks: false });
      if (found) return problem(textCode(found), name, `query parameter ${name} ${found}`, { char: charOf(found) });
      if (value.length > MAX_TARGET_TEXT) return problem(Problem.TooLong, name, `query parameter ${name} is longer than ${MAX_TARGET_TEXT} characters`, { max: MAX_TARGET_TEXT });
    }
  }
  return null;
}
