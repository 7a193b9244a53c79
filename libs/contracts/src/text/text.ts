/**
 * Characters no text of ours may hold: U+0000 (PostgreSQL text and jsonb cannot store it) and
 * UTF-16 surrogates that are not part of a pair (not text at all: jsonb refuses `"\ud800"`, and
 * UTF-8 encoders silently turn them into U+FFFD). JSON and URLs can carry both, so every door
 * (bodies, paths, queries, CSV, Kafka payloads) refuses them up front, naming the place.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string as text, e.g. `contains a NUL character (U+0000)`, or null. */
export function textProblem(value: string): string | null {
  const found = UNSTORABLE.exec(value);
  if (!found) return null;
  const code = found[0].charCodeAt(0);
  return code === 0
    ? 'contains a NUL character (U+0000), which no text field may hold'
    : `contains a lone surrogate (U+${code.toString(16).toUpperCase()}), which is not text`;
}

/**
 * The first place in a parsed JSON value (keys included) where a string is not storable text,
 * as `payload.cameraId contains a NUL character (U+0000), …`, or null.
 */
export function untextProblem(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? `${path || '(value)'} ${problem}` : null;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return `${path ? `${path}.` : ''}(a key) ${keyProblem}`;
    const found = untextProblem(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A copy of `value` safe to store anywhere (logs, the audit table's jsonb): NUL and lone
 * surrogates become U+FFFD. For recording what a refused request held, never for data.
 */
export function storableText(value: string): string {
  return UNSTORABLE.test(value) ? value.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD') : value;
}

/** C0 and C1 control characters, except the line breaks and tab multi-line text may hold. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * The one rule for control characters in text a client sends, whatever the field: C0 controls,
 * DEL and C1 controls are refused; a body's text may hold tabs and line breaks (notes, addresses),
 * a path or query value nothing of the kind. They break CSV exports, log lines and desk rows and
 * are never part of a plate, a name or a note. Names and labels refuse line breaks too
 * (displayTextProblem).
 */
export function controlCharacterProblem(value: string, { lineBreaks }: { lineBreaks: boolean }): string | null {
  const found = (lineBreaks ? CONTROL : CONTROL_SINGLE_LINE).exec(value);
  if (!found) return null;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `contains a control character (U+${code})${lineBreaks ? '; only tabs and line breaks are allowed' : ''}`;
}

/** The first string in a parsed JSON body (keys included) that breaks the control-character rule, named by its place, or null. */
export function controlledTextProblem(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') {
    const problem = controlCharacterProblem(value, { lineBreaks: true });
    return problem ? `${path || '(value)'} ${problem}` : null;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = controlCharacterProblem(key, { lineBreaks: false });
    if (keyProblem) return `${path ? `${path}.` : ''}(a key) ${keyProblem}`;
    const found = controlledTextProblem(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/** What is wrong with a name, label or note shown to people, or null (`value` is already a string). */
export function displayTextProblem(value: string, options: { max: number; multiline?: boolean }): string | null {
  if (value.trim().length === 0) return 'must not be empty or blank';
  if ([...value].length > options.max) return `must be at most ${options.max} characters`;
  const untext = textProblem(value);
  if (untext) return untext;
  if ((options.multiline ? CONTROL : CONTROL_SINGLE_LINE).test(value)) return `must not contain control characters${options.multiline ? ' (line breaks and tabs are fine)' : ''}`;
  return null;
}

/**
 * `table[key]` for a key that came from outside (a code, a colour word): only the table's own
 * entries. A plain lookup answers "constructor", "toString" or "__proto__" with what every object
 * inherits, which then passes for a colour or a brand.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
