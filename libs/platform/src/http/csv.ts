import { stringify } from 'csv-stringify/sync';

/**
 * A field as a spreadsheet must not run it: text starting with = + - @ (or a tab or carriage
 * return before one) is a formula to Excel and LibreOffice (CSV injection), so it gets a
 * leading apostrophe, which they show as text. Our own values never start so (ids, badges,
 * times, labels are validated), but names and old rows might.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV text (RFC 4180, quoting where needed) of `rows`, every field neutralised. */
export function toCsv(header: readonly string[], rows: (string | number | null)[][]): string {
  return stringify([header as string[], ...rows.map((r) => r.map((v) => neutraliseFormula(v === null ? '' : String(v))))], { record_delimiter: '\n' });
}
