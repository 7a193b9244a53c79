import { getMetadataStorage, ValidationError } from 'class-validator';

/**
 * One thing wrong with a request, as a client acts on it and a page translates it: the field (a
 * path such as `location.lat` or `[3].plate`, empty for the request as a whole), a stable code
 * (`error.<code>` in the web dictionaries, with the same `{placeholders}`, `{field}` always
 * among them), the values the code names, and the English sentence API clients already read.
 */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
  params: Record<string, string | number>;
}

interface RuleSpec {
  code: string;
  /** Names for the rule's constraint arguments, in order (`maxLength(100)` → `max: 100`); lists are joined with `, `. */
  args?: readonly string[];
}

/**
 * Every class-validator rule our DTOs and payloads use (by the constraint name class-validator
 * reports), with its stable code. The English stays class-validator's (or the decorator's own
 * message): clients matched on it before codes existed. A rule not listed answers
 * `validation.invalid`; validation-rules.spec.ts fails when a DTO uses one that is not listed.
 */
export const VALIDATION_RULES: Readonly<Record<string, RuleSpec>> = {
  // Shape of the body itself (class-validator's own constraints).
  whitelistValidation: { code: 'validation.unknown_field' },
  unknownValue: { code: 'validation.unknown_value' },
  nestedValidation: { code: 'validation.not_object' },
  isDefined: { code: 'validation.required' },
  isNotEmpty: { code: 'validation.required' },
  // Types.
  isString: { code: 'validation.not_string' },
  isInt: { code: 'validation.not_integer' },
  isNumber: { code: 'validation.not_number' },
  isBoolean: { code: 'validation.not_boolean' },
  isArray: { code: 'validation.not_array' },
  isObject: { code: 'validation.not_object' },
  // Sizes and ranges.
  maxLength: { code: 'validation.too_long', args: ['max'] },
  minLength: { code: 'validation.too_short', args: ['min'] },
  isLength: { code: 'validation.length', args: ['min', 'max'] },
  min: { code: 'validation.too_small', args: ['min'] },
  max: { code: 'validation.too_large', args: ['max'] },
  arrayMinSize: { code: 'validation.too_few_items', args: ['min'] },
  arrayMaxSize: { code: 'validation.too_many_items', args: ['max'] },
  arrayUnique: { code: 'validation.items_repeated' },
  isIn: { code: 'validation.not_one_of', args: ['values'] },
  isEnum: { code: 'validation.not_one_of', args: ['', 'values'] },
  // Formats.
  matches: { code: 'validation.format' },
  isUuid: { code: 'validation.not_uuid' },
  isUrl: { code: 'validation.not_url' },
  isBase64: { code: 'validation.not_base64' },
  isIso8601: { code: 'validation.not_timestamp' },
  isTimestamp: { code: 'validation.not_timestamp' },
  isCalendarDate: { code: 'validation.not_calendar_date' },
  isLatitude: { code: 'validation.not_latitude' },
  isLatitudeDegrees: { code: 'validation.not_latitude' },
  isLongitude: { code: 'validation.not_longitude' },
  isLongitudeDegrees: { code: 'validation.not_longitude' },
  isDisplayText: { code: 'validation.display_text', args: ['max'] },
  isYuan: { code: 'validation.yuan' },
  isParsable: { code: 'validation.format' },
  isCronOrOff: { code: 'validation.format' },
  isSlaTargets: { code: 'validation.format' },
  // Domain rules (libs/contracts).
  isChinesePlate: { code: 'validation.plate' },
  isPlateRead: { code: 'validation.plate_read' },
  fitsPlate: { code: 'validation.plate_color' },
  isCaseNumber: { code: 'validation.case_number' },
};

/** The code for a rule no entry names. */
export const GENERIC_VALIDATION_CODE = 'validation.invalid';

/**
 * Problems found outside class-validator (the request's shape before validation, path and query
 * parameters, batches, the roster CSV), each with the values it names besides `{field}`.
 */
export const Problem = {
  /** The body nests deeper than any of ours ({max} levels). */
  TooDeep: 'request.too_deep',
  /** The body's objects hold more than {max} keys together (every level counted): more than any request of ours. */
  TooManyFields: 'request.too_many_fields',
  /** One object of the body (the field names it; '' for the body itself) holds more than {max} keys. */
  ObjectTooWide: 'request.object_too_wide',
  /** The last entry of a list of problems cut short: {count} more were found and not listed (MAX_LISTED_PROBLEMS). */
  MoreProblems: 'request.more_problems',
  /** A key that reaches an object's prototype (`__proto__`, `constructor`, `prototype`). */
  KeyNotAllowed: 'request.key_not_allowed',
  /** NUL or a lone surrogate ({char}): not text PostgreSQL can hold. */
  TextNotStorable: 'request.text_not_storable',
  /** A control character ({char}) where none may be. */
  ControlCharacter: 'request.control_character',
  /** A path segment or query part that is not valid percent-encoded UTF-8. */
  NotUtf8: 'request.not_utf8',
  /** A path or query value longer than {max} characters. */
  TooLong: 'request.too_long',
  /** A query parameter given {times} times. */
  Repeated: 'request.repeated',
  /** A query parameter that is not plain text (`?a[b]=1`). */
  NotText: 'request.not_text',
  /** A body sent to an operation that reads none (fields found: {fields}). */
  BodyNotExpected: 'request.body_not_expected',
  BodyNotJson: 'request.body_not_json',
  BodyNotCsv: 'request.body_not_csv',
  BodyTooLarge: 'request.body_too_large',
  /** A body of a type no parser takes ({type}) where JSON is read. */
  UnsupportedMediaType: 'request.unsupported_media_type',
  EncodingUnsupported: 'request.encoding_unsupported',
  /** A body that does not decode by its Content-Encoding (gzip claimed, not gzip). */
  BodyNotDecodable: 'request.body_not_decodable',
  /** Request headers over the {max} bytes the server takes (HTTP 431, answered before routing). */
  HeadersTooLarge: 'request.headers_too_large',
  /** Not well-formed HTTP ({reason}: a header value with a control character, a broken request line), refused by the HTTP parser. */
  NotHttp: 'request.not_http',
  /** No operation at {method} {path}. */
  RouteNotFound: 'request.route_not_found',
  RateLimited: 'request.rate_limited',
  /** Any other refusal of the request's form, by its HTTP {status}. */
  Refused: 'request.refused',
  BatchEmpty: 'batch.empty',
  /** A batch of {count} items; at most {max}. */
  BatchTooMany: 'batch.too_many',
  /** A batch item that is not a JSON object. */
  ItemNotObject: 'batch.item_not_object',
  /** A path id that must be a positive whole number of at most 18 digits. */
  PositiveId: 'validation.positive_id',
  /** A whole number from {min} to {max}. */
  IntRange: 'validation.int_range',
  /** An instant ({at}) further ahead of the server's clock ({now}) than a sender's clock may run. */
  TimeInFuture: 'time.in_future',
  /** An instant ({at}) older than the window this system acts on (server time {now}). */
  TimeTooOld: 'time.too_old',
  CsvNotCsv: 'roster_csv.not_csv',
  /** Bytes that are not UTF-8 at line {line} (a spreadsheet's "CSV" in a local code page, not "CSV UTF-8"). */
  CsvNotUtf8: 'roster_csv.not_utf8',
  /** A header and no shift rows: a file that would change nothing is a mistake, not an import. */
  CsvNoRows: 'roster_csv.no_rows',
  /** The shift of line {line} repeats line {first}'s (same team, badge and window, a weekday in common). */
  CsvDuplicateRow: 'roster_csv.duplicate_row',
  /** The header must be {header}. */
  CsvHeader: 'roster_csv.header',
  /** More than {max} rows. */
  CsvTooManyRows: 'roster_csv.too_many_rows',
  /** {expected} fields expected, {got} given. */
  CsvFieldCount: 'roster_csv.field_count',
  CsvWeekdays: 'roster_csv.weekdays',
  /** Team {team} is not on the roster. */
  CsvTeamUnknown: 'roster_csv.team_unknown',
  /** Badge {badge} is not on the roster. */
  CsvBadgeUnknown: 'roster_csv.badge_unknown',
  /** Officer {badge} is not in team {team}. */
  CsvOfficerNotInTeam: 'roster_csv.officer_not_in_team',
} as const;

const PROBLEM_PARAMS: Record<string, readonly string[]> = {
  [Problem.TooDeep]: ['max'],
  [Problem.TooManyFields]: ['max'],
  [Problem.ObjectTooWide]: ['max'],
  [Problem.MoreProblems]: ['count'],
  [Problem.TextNotStorable]: ['char'],
  [Problem.ControlCharacter]: ['char'],
  [Problem.TooLong]: ['max'],
  [Problem.Repeated]: ['times'],
  [Problem.BodyNotExpected]: ['fields'],
  [Problem.RouteNotFound]: ['method', 'path'],
  [Problem.UnsupportedMediaType]: ['type'],
  [Problem.HeadersTooLarge]: ['max'],
  [Problem.NotHttp]: ['reason'],
  [Problem.Refused]: ['status'],
  [Problem.BatchTooMany]: ['count', 'max'],
  [Problem.IntRange]: ['min', 'max'],
  [Problem.TimeInFuture]: ['at', 'now'],
  [Problem.TimeTooOld]: ['at', 'now'],
  [Problem.CsvNotCsv]: ['line'],
  [Problem.CsvNotUtf8]: ['line'],
  [Problem.CsvDuplicateRow]: ['line', 'first'],
  [Problem.CsvHeader]: ['line', 'header'],
  [Problem.CsvTooManyRows]: ['max'],
  [Problem.CsvFieldCount]: ['line', 'expected', 'got'],
  [Problem.CsvWeekdays]: ['line'],
  [Problem.CsvTeamUnknown]: ['line', 'team'],
  [Problem.CsvBadgeUnknown]: ['line', 'badge'],
  [Problem.CsvOfficerNotInTeam]: ['line', 'badge', 'team'],
};

/**
 * Most problems one refusal lists (the answer's `message` and `errors`, an item's refusal in a
 * batch, a dead-letter reason): a body with thousands of wrong fields is answered with the first
 * ones and a count, not with megabytes of the same sentence.
 */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * `problems` as a refusal lists them: all of them when there are at most `max`, else the first
 * `max` and a last entry `… and N more problems` (code `request.more_problems`, `{count}` N).
 */
export function listedProblems(problems: FieldProblem[], max = MAX_LISTED_PROBLEMS): FieldProblem[] {
  if (problems.length <= max) return problems;
  const more = problems.length - max;
  return [...problems.slice(0, max), { field: '', code: Problem.MoreProblems, message: moreProblemsSentence(more), params: { field: '', count: more } }];
}

/** The sentence that ends a list cut short. */
function moreProblemsSentence(more: number): string {
  return `… and ${more} more problem${more === 1 ? '' : 's'}`;
}

/** Every problem code a refusal can carry, with its placeholders besides `{field}`: for the dictionaries' check. */
export function problemCodes(): Map<string, string[]> {
  const codes = new Map<string, string[]>([[GENERIC_VALIDATION_CODE, []]]);
  for (const spec of Object.values(VALIDATION_RULES)) codes.set(spec.code, (spec.args ?? []).filter(Boolean) as string[]);
  codes.set(NOT_NULL_CODE, []);
  for (const code of Object.values(Problem)) codes.set(code, [...(PROBLEM_PARAMS[code] ?? [])]);
  return codes;
}

/** The arguments a rule was declared with on `property` of the validated object's class (`@MaxLength(100)` → [100]). */
function declaredArgs(target: object | undefined, property: string, rule: string): unknown[] {
  if (!target || typeof target !== 'object') return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return metadata.find((m) => m.propertyName === property && m.name === rule)?.constraints ?? [];
}

function paramsOf(spec: RuleSpec | undefined, args: unknown[]): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [index, name] of (spec?.args ?? []).entries()) {
    if (!name) continue;
    const value = args[index];
    if (typeof value === 'number' || typeof value === 'string') params[name] = value;
    else if (Array.isArray(value)) params[name] = value.join(', ');
  }
  return params;
}

const TYPE_RULES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'nestedValidation']);
const SIZE_RULES = new Set(['maxLength', 'minLength', 'isLength', 'arrayMinSize', 'arrayMaxSize']);

/**
 * How telling a broken rule is about its field, lowest first: a field that may not be there at
 * all, then one that is missing, then one of the wrong type, then one of the wrong size; any
 * other rule (range, format, a plate or case number) only means something once those hold. A
 * missing `displayName` breaks isNotEmpty, isString and maxLength at once, and only the first
 * says what is wrong; a case number of 10,000 characters is too long before it is malformed.
 */
function ruleRank(rule: string): number {
  if (rule === 'whitelistValidation' || rule === 'unknownValue') return 0;
  if (rule === 'isDefined' || rule === 'isNotEmpty') return 1;
  if (TYPE_RULES.has(rule)) return 2;
  if (SIZE_RULES.has(rule)) return 3;
  return 4;
}

/**
 * Flattens class-validator errors into one problem per wrong field, naming it by its path (nested
 * ones with their parents, array items with their index) with the most telling rule it broke
 * (ruleRank; among equals the first class-validator reports). The messages are the ones
 * {@link describeValidationErrors} always gave.
 */
export function validationProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const broken = Object.entries(e.constraints ?? {});
    const telling = broken.reduce<[string, string][]>((best, entry) => (!best.length || ruleRank(entry[0]) < ruleRank(best[0][0]) ? [entry] : best), []);
    // class-validator messages already start with the property name; prefix the nesting path.
    const own = telling.map(([rule, m]): FieldProblem => {
      const spec = VALIDATION_RULES[rule];
      return {
        field: path,
        code: spec?.code ?? GENERIC_VALIDATION_CODE,
        message: prefix ? `${prefix}.${m}` : m,
        params: { field: path, ...paramsOf(spec, declaredArgs(e.target, e.property, rule)) },
      };
    });
    return [...own, ...validationProblems(e.children ?? [], path)];
  });
}

const NULL_ALLOWED = Symbol('nullAllowed');

/**
 * On an optional property where `null` is a value of its own (a Web Push subscription's
 * `expirationTime: null`). Everywhere else null on an optional field is refused: IsOptional lets
 * it through every rule, and it reached NOT NULL columns as a 500 (PATCH /officers/{id} with
 * `name: null`) or was taken as "absent" without a word.
 */
export function NullAllowed(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(NULL_ALLOWED, true, target, property);
}

/** The code of an optional field sent as null. */
export const NOT_NULL_CODE = 'validation.not_null';

/**
 * Optional properties of `cls` sent as null (nested objects of a nested class too), as problems;
 * required ones are left to their own rules, which already refuse null.
 */
export function nullProblems(cls: new () => object, plain: unknown, prefix = '', depth = 0): FieldProblem[] {
  if (!plain || typeof plain !== 'object' || Array.isArray(plain) || depth > 8) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(plain)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const rules = metadata.filter((m) => m.propertyName === key);
    if (value === null) {
      const optional = rules.some((m) => m.name === 'isOptional');
      if (optional && !Reflect.getMetadata(NULL_ALLOWED, cls.prototype, key)) {
        problems.push({ field: path, code: NOT_NULL_CODE, message: `${path} must not be null: leave it out instead`, params: { field: path } });
      }
    } else if (rules.some((m) => m.type === 'nestedValidation')) {
      const nested = Reflect.getMetadata('design:type', cls.prototype, key) as (new () => object) | undefined;
      if (nested && nested !== Object && nested !== Array) problems.push(...nullProblems(nested, value, path, depth + 1));
    }
  }
  return problems;
}
