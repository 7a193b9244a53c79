import { FieldProblem, Problem, problem, textProblem, validationProblems } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, Matches, validateSync } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { BADGE, BADGE_RULE, SHIFT_LABELS, ShiftWindowDto, TEAM_ID, TEAM_ID_RULE } from './roster.dto';

export const ROSTER_CSV_COLUMNS = ['team_id', 'badge', 'label', 'weekdays', 'start_local', 'end_local'] as const;
export const ROSTER_CSV_HEADER = ROSTER_CSV_COLUMNS.join(',');
/** A roster of a court runs to hundreds of rows; past this a file is a mistake (or an attack). */
const MAX_ROWS = 5000;

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
    return refuse(lineProblem(Problem.TextNotStorable, csv.slice(0, Math.max(at, 0)).split('\n').length, null, `the file ${untext}`, { char: /U\+[0-9A-F]{4}/.exec(untext)?.[0] ?? '' }));
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true, max_record_size: 65_536, to: MAX_ROWS + 1 }) as unknown as typeof records;
  } catch (error) {
    const e = error as CsvError & { lines?: number };
    return refuse(lineProblem(Problem.CsvNotCsv, e.lines ?? '?', null, `not valid CSV (${e.code ?? e.message})`));
  }
  const [header, ...body] = records;
  if (!header || header.record.join(',').replace(/\s/g, '') !== ROSTER_CSV_HEADER) return refuse(lineProblem(Problem.CsvHeader, 1, null, `header must be ${ROSTER_CSV_HEADER}`, { header: ROSTER_CSV_HEADER }));
  if (body.length > MAX_ROWS) return refuse(problem(Problem.CsvTooManyRows, '', `the file has more than ${MAX_ROWS} rows`, { max: MAX_ROWS }));
  const errors: FieldProblem[] = [];
  const rows: RosterCsvRow[] = [];
  /** Every row's team and badge, valid or not, so the caller can say which are unknown in the same answer. */
  const named: { line: number; teamId: string; badge: string }[] = [];
  for (const { record, info: { lines: line } } of body) {
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
    rows.push({ ...row, label: row.label ?? null, line });
  }
  return { rows, errors, named };
}
