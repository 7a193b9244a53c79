import { FieldProblem, Problem, problem, textProblem, validationProblems } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, Matches, validateSync } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { sameShift } from './duty-roster';
import { BADGE, BADGE_RULE, SHIFT_LABELS, ShiftWindowDto, TEAM_ID, TEAM_ID_RULE } from './roster.dto';

export const ROSTER_CSV_COLUMNS = ['team_id', 'badge', 'label', 'weekdays', 'start_local', 'end_local'] as const;
export const ROSTER_CSV_HEADER = ROSTER_CSV_COLUMNS.join(',');
/** A roster of a court runs to hundreds of rows; past this a file is a mistake (or an attack). */
const MAX_ROWS = 5000;
/** Characters in one row: a roster row is under a hundred; a longer one is not a roster row. */
const MAX_ROW_CHARACTERS = 65_536;
/** csv-parse's errors in the words of someone who saves CSV from a spreadsheet. */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed (a " without its closing ")',
  INVALID_OPENING_QUOTE: 'a " inside a field that does not start with one: quote the whole field and double the " inside it',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing ": quote the whole field and double the " inside it',
  CSV_MAX_RECORD_SIZE: `a row longer than ${MAX_ROW_CHARACTERS} characters`,
};

/**
 * One row of the roster CSV, validated by the same rules as the JSON API (POST /roster/shifts
 * takes the window, POST /teams and /officers the team id and badge); the badge stands in for
 * the officer id.
 */
class ShiftCsvRow extends ShiftWindowDto {
  @Matches(TEAM_ID, { message: `team_id must be ${TEAM_ID_RULE}` })
  teamId: string;

  @Matches(BADGE, { message: `badge must be ${BADGE_RULE}` })
  badge: string;

  @IsOptional()
  @IsIn(SHIFT_LABELS, { message: `label must be empty or one of: ${SHIFT_LABELS.join(', ')}` })
  label?: string;
}

export type RosterCsvRow = Omit<ShiftCsvRow, 'label'> & { label: string | null; line: number };

const COLUMN_OF: Record<string, string> = { teamId: 'team_id', startLocal: 'start_local', endLocal: 'end_local' };

/** A problem of the file at a line (`line 3`, or `line 3.badge` for a column), its message `line N: …`. */
export function lineProblem(code: string, line: number | string, column: string | null, sentence: string, params: Record<string, string | number> = {}): FieldProblem {
  return problem(code, column ? `line ${line}.${column}` : `line ${line}`, `line ${line}: ${sentence}`, { line, ...params });
}

/**
 * Parses a roster CSV as spreadsheets save it (RFC 4180: quoted fields, doubled quotes, CRLF,
 * a UTF-8 BOM) and validates every field: the valid rows, and every problem as `line N: …`
 * with its code and place (`line N.column`).
 */
export function parseRosterCsv(csv: string): { rows: RosterCsvRow[]; errors: FieldProblem[]; named: { line: number; teamId: string; badge: string }[] } {
  const refuse = (error: FieldProblem) => ({ rows: [], errors: [error], named: [] });
  const untext = textProblem(csv);
  if (untext) {
    const at = csv.search(/\u0000|[\uD800-\uDFFF]/);
    return refuse(lineProblem(Problem.TextNotStorable, lineAt(csv, at), null, `the file ${untext}`, { char: /U\+[0-9A-F]{4}/.exec(untext)?.[0] ?? '' }));
  }
  // The body is decoded before it gets here: bytes that are not UTF-8 (a spreadsheet's "CSV" in the
  // local code page, GBK in China) arrive as U+FFFD, and no field of a roster holds one.
  const lost = csv.indexOf('\uFFFD');
  if (lost >= 0) return refuse(lineProblem(Problem.CsvNotUtf8, lineAt(csv, lost), null, 'the file is not UTF-8 text (bytes no UTF-8 text has): save it as "CSV UTF-8"'));
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    // The parser takes the first line end it meets for all (a CRLF file with one LF line reads two rows as one, a lone CR counts as
    // a line): every line end made one, which changes nothing a roster holds, since no field of it may hold a line break.
    // One record past the most a file may have (the header, then MAX_ROWS + 1 rows), so that a longer file is refused, never cut short.
    const lines = csv.replace(/\r\n?/g, '\n');
    records = parse(lines, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true, raw: true, max_record_size: MAX_ROW_CHARACTERS, to: MAX_ROWS + 2 }) as unknown as typeof records;
  } catch (error) {
    const e = error as CsvError & { lines?: number };
    return refuse(lineProblem(Problem.CsvNotCsv, e.lines ?? '?', null, `not valid CSV: ${CSV_ERRORS[e.code] ?? e.code ?? e.message}`));
  }
  const [header, ...body] = records;
  if (!header || header.record.join(',').replace(/\s/g, '') !== ROSTER_CSV_HEADER) return refuse(lineProblem(Problem.CsvHeader, 1, null, `header must be ${ROSTER_CSV_HEADER}`, { header: ROSTER_CSV_HEADER }));
  if (body.length === 0) return refuse(problem(Problem.CsvNoRows, '', 'the file has a header and no shifts: it would change nothing'));
  if (body.length > MAX_ROWS) return refuse(problem(Problem.CsvTooManyRows, '', `the file has more than ${MAX_ROWS} rows`, { max: MAX_ROWS }));
  const errors: FieldProblem[] = [];
  const rows: RosterCsvRow[] = [];
  /** Every row's team and badge, valid or not, so the caller can say which are unknown in the same answer. */
  const named: { line: number; teamId: string; badge: string }[] = [];
  // The rows taken so far by team, badge and times: a copy can only be among those (sameShift), and
  // searching every row taken would be quadratic (a 5,000-row file took half a minute).
  const taken = new Map<string, RosterCsvRow[]>();
  for (const { record, info, raw } of body) {
    const line = firstLineOf(info.lines, raw);
    if (record.length !== ROSTER_CSV_COLUMNS.length) {
      errors.push(lineProblem(Problem.CsvFieldCount, line, null, `expected ${ROSTER_CSV_COLUMNS.length} fields (${ROSTER_CSV_HEADER}), got ${record.length}`, { expected: ROSTER_CSV_COLUMNS.length, got: record.length }));
      continue;
    }
    const [teamId, badge, label, weekdays, startLocal, endLocal] = record;
    named.push({ line, teamId, badge });
    const days = weekdays.split('|').map((d) => d.trim());
    if (days.some((d) => !/^\d{1,2}$/.test(d))) {
      errors.push(lineProblem(Problem.CsvWeekdays, line, 'weekdays', 'weekdays must be whole numbers 1-7 (1 = Monday) joined by |'));
      continue;
    }
    const row = plainToInstance(ShiftCsvRow, {
      teamId,
      badge,
      label: label === '' ? undefined : label,
      weekdays: days.map(Number),
      startLocal,
      endLocal,
    });
    const problems = validationProblems(validateSync(row, { forbidUnknownValues: true, stopAtFirstError: true }));
    if (problems.length) {
      for (const p of problems) {
        const column = COLUMN_OF[p.field] ?? p.field;
        const sentence = p.message.replace(/^(\w+)/, (f) => COLUMN_OF[f] ?? f).replace(/^each value in weekdays/, 'weekdays: each value');
        errors.push(lineProblem(p.code, line, column, sentence, { ...p.params, field: `line ${line}.${column}` }));
      }
      continue;
    }
    // The badge stands for the officer (badges are unique; an officer of another team is refused by the caller).
    const key = [row.teamId, row.badge, row.startLocal, row.endLocal].join('\u0000');
    const alike = taken.get(key);
    const first = alike?.find((r) => sameShift({ ...r, officerId: r.badge }, { ...row, officerId: row.badge }));
    if (first) {
      errors.push(lineProblem(Problem.CsvDuplicateRow, line, null, `the same shift as line ${first.line} (team, badge and times, a weekday in common)`, { first: first.line }));
      continue;
    }
    const kept: RosterCsvRow = { ...row, label: row.label ?? null, line };
    rows.push(kept);
    if (alike) alike.push(kept);
    else taken.set(key, [kept]);
  }
  return { rows, errors, named };
}

/**
 * The line a record starts on: the parser counts the line it ends on, so a quoted field with line
 * breaks (refused by the field's rule) would be named by its last line. `raw` is the record as
 * written, after the blank lines skipped before it and with its line end.
 */
function firstLineOf(lastLine: number, raw: string): number {
  return lastLine - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
}

/** The line (1-based) of `csv` that character `index` is on, whichever line ends the file uses (CRLF, LF, a lone CR). */
function lineAt(csv: string, index: number): number {
  return csv.slice(0, Math.max(index, 0)).split(/\r\n|\r|\n/).length;
}
