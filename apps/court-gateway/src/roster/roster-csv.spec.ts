import { neutraliseFormula, toCsv } from '@app/platform';
import { parseRosterCsv } from './roster-csv';

const header = 'team_id,badge,label,weekdays,start_local,end_local\n';

describe(parseRosterCsv.name, () => {
  it('reads a file as a spreadsheet saves it: BOM, CRLF, quoted fields, blank lines', () => {
    // Written by hand as LibreOffice Calc saves "Text CSV" with "quote all text cells".
    const csv = '\uFEFF"team_id","badge","label","weekdays","start_local","end_local"\r\n"fangcheng","FC-1001","day","1|2|3|4|5","08:00","20:00"\r\n\r\nfangcheng,FC-1002,,6|7,20:00,08:00\r\n';
    expect(parseRosterCsv(csv)).toMatchObject({
      errors: [],
      rows: [
        { teamId: 'fangcheng', badge: 'FC-1001', label: 'day', weekdays: [1, 2, 3, 4, 5], startLocal: '08:00', endLocal: '20:00', line: 2 },
        { teamId: 'fangcheng', badge: 'FC-1002', label: null, weekdays: [6, 7], startLocal: '20:00', endLocal: '08:00', line: 4 },
      ],
    });
  });

  it('refuses what the JSON API refuses, naming line and column', () => {
    const errors = (body: string) => {
      return parseRosterCsv(header + body).errors.map((e) => e.message);
    };
    expect(errors('fangcheng,FC-1001,=1+2,1,08:00,20:00')).toEqual(['line 2: label must be empty or one of: day, night, weekend, lunch, other']);
    expect(errors('fangcheng,FC-1001,@SUM(1+1),1,08:00,20:00')).toEqual(['line 2: label must be empty or one of: day, night, weekend, lunch, other']);
    expect(errors('fangcheng,FC-1001,"=HYPERLINK(""http://x"",""y"")",1,08:00,20:00')).toHaveLength(1);
    expect(errors(`fangcheng,FC-1001,${'x'.repeat(10_000)},1,08:00,20:00`)).toHaveLength(1);
    expect(errors('fangcheng,FC-1001,banana,1,08:00,20:00')).toHaveLength(1);
    expect(errors('fangcheng,FC-1001,da\u0007y,1,08:00,20:00')).toHaveLength(1);
    expect(errors('+cmd|x,FC-1001,day,1,08:00,20:00')).toEqual(['line 2: team_id must be 2-40 lower-case letters, digits or dashes']);
    expect(errors('fangcheng,FC 1001,day,1,08:00,20:00')[0]).toMatch(/^line 2: badge must be/);
    expect(errors('fangcheng,FC-1001,day,1|8,08:00,20:00')).toEqual(['line 2: weekdays: each value must not be greater than 7']);
    expect(errors('fangcheng,FC-1001,day,1.5,08:00,20:00')).toEqual(['line 2: weekdays must be whole numbers 1-7 (1 = Monday) joined by |']);
    expect(errors('fangcheng,FC-1001,day,1,8:00,24:00')).toEqual(['line 2: start_local must be HH:MM', 'line 2: end_local must be HH:MM']);
    expect(errors('fangcheng,FC-1001,day,1,08:00')).toEqual(['line 2: expected 6 fields (team_id,badge,label,weekdays,start_local,end_local), got 5']);
    expect(errors('"fangcheng,FC-1001,day,1,08:00,20:00')).toEqual(['line 2: not valid CSV: a quoted field is never closed (a " without its closing ")']);
    expect(errors('fang\u0000cheng,FC-1001,day,1,08:00,20:00')).toEqual(['line 2: the file contains a NUL character (U+0000), which no text field may hold']);
  });

  it('says what is wrong with a file that is not CSV in the words of whoever saved it, at its line', () => {
    const errors = (body: string) => parseRosterCsv(header + body).errors.map((e) => e.message);
    expect(errors('fangcheng,FC-1001,day,1,08:00,20:00\nfangcheng,FC-10"02,day,1,08:00,20:00')).toEqual(['line 3: not valid CSV: a " inside a field that does not start with one: quote the whole field and double the " inside it']);
    expect(errors('fangcheng,FC-1001,"day"x,1,08:00,20:00')).toEqual(['line 2: not valid CSV: text after a closing ": quote the whole field and double the " inside it']);
    expect(errors(`fangcheng,FC-1001,${'x'.repeat(100_000)},1,08:00,20:00`)).toEqual(['line 2: not valid CSV: a row longer than 65536 characters']);
  });

  it('refuses a file whose bytes were not UTF-8 (decoded as U+FFFD), naming the line, not the field rule it happens to break', () => {
    // What the HTTP layer hands over for a file saved as GBK "CSV" (防城 in GBK: B7 C0 B3 C7).
    const gbk = Buffer.concat([Buffer.from(header + 'fangcheng,FC-1001,day,1,08:00,20:00\n'), Buffer.from([0xb7, 0xc0, 0xb3, 0xc7]), Buffer.from(',FC-1002,day,1,08:00,20:00\n')]).toString('utf8');
    expect(parseRosterCsv(gbk)).toEqual({
      rows: [],
      named: [],
      errors: [{ field: 'line 3', code: 'roster_csv.not_utf8', message: 'line 3: the file is not UTF-8 text (bytes no UTF-8 text has): save it as "CSV UTF-8"', params: { field: 'line 3', line: 3 } }],
    });
    // Lines counted as the file ends them, a lone CR included.
    expect(parseRosterCsv(`${header.trim()}\r\uFFFD`).errors[0].field).toBe('line 2');
    expect(parseRosterCsv(`${header.trim()}\rfang\u0000cheng`).errors[0].field).toBe('line 2');
  });

  it('reads every line end a file may mix (CRLF, LF, a lone CR) as one, and names a row by the line it starts on', () => {
    const csv = `${header.trim()}\r\nfangcheng,FC-1001,day,1,08:00,20:00\nfangcheng,FC-1002,day,2,08:00,20:00\rfangcheng,FC-1003,day,3,08:00,20:00\r\n`;
    expect(parseRosterCsv(csv)).toMatchObject({ errors: [], rows: [{ badge: 'FC-1001', line: 2 }, { badge: 'FC-1002', line: 3 }, { badge: 'FC-1003', line: 4 }] });
    // A line break inside quotes (no roster field may hold one), after a blank line: the row starts on line 3.
    expect(parseRosterCsv(`${header}\r\nfangcheng,"FC-\r\n1001",day,1,08:00,20:00\r\n`).errors.map((e) => e.message)).toEqual([
      'line 3: badge must be 1-40 letters, digits, dots, dashes or underscores, starting with a letter or digit',
    ]);
  });

  it('refuses a file with a header and no shifts: it would change nothing', () => {
    for (const csv of [header, `\uFEFF${header}\r\n\r\n`]) {
      expect(parseRosterCsv(csv)).toMatchObject({ rows: [], errors: [{ field: '', code: 'roster_csv.no_rows', message: 'the file has a header and no shifts: it would change nothing' }] });
    }
  });

  it('refuses a file of more than 5000 rows whole, never taking the first 5000 of it', () => {
    // Distinct valid shifts (one officer, a minute apart on each weekday), so that only their number is wrong.
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `fangcheng,FC-1001,,${(i % 7) + 1},${String(Math.floor(i / 7 / 60)).padStart(2, '0')}:${String(Math.floor(i / 7) % 60).padStart(2, '0')},23:59`).join('\n');
    expect(parseRosterCsv(header + rows(5000))).toMatchObject({ errors: [], rows: { length: 5000 } });
    expect(parseRosterCsv(header + rows(5001))).toEqual({
      rows: [],
      named: [],
      errors: [{ field: '', code: 'roster_csv.too_many_rows', message: 'the file has more than 5000 rows', params: { field: '', max: 5000 } }],
    });
  });

  it("refuses a shift the file already gave (same team, badge and times on a weekday in common), naming both lines, whatever its label or quoting", () => {
    const errors = (...body: string[]) => parseRosterCsv(header + body.join('\n')).errors;
    const row = 'fangcheng,FC-1001,day,1|2|3,08:00,20:00';
    expect(errors(row, row)).toEqual([{ field: 'line 3', code: 'roster_csv.duplicate_row', message: 'line 3: the same shift as line 2 (team, badge and times, a weekday in common)', params: { field: 'line 3', line: 3, first: 2 } }]);
    expect(errors(row, '"fangcheng","FC-1001","","3|4","08:00","20:00"').map((e) => e.message)).toEqual(['line 3: the same shift as line 2 (team, badge and times, a weekday in common)']);
    // Other days, other hours or another officer are other shifts.
    expect(errors(row, 'fangcheng,FC-1001,day,4|5,08:00,20:00', 'fangcheng,FC-1001,night,1|2|3,20:00,08:00', 'fangcheng,FC-1002,day,1|2|3,08:00,20:00')).toEqual([]);
  });

  it('refuses a file without the header', () => {
    expect(parseRosterCsv('fangcheng,FC-1001,day,1,08:00,20:00\n')).toEqual({
      rows: [],
      named: [],
      errors: [{ field: 'line 1', code: 'roster_csv.header', message: 'line 1: header must be team_id,badge,label,weekdays,start_local,end_local', params: { field: 'line 1', line: 1, header: 'team_id,badge,label,weekdays,start_local,end_local' } }],
    });
  });
});

describe(neutraliseFormula.name, () => {
  it('makes formula-looking fields text and leaves the rest alone', () => {
    expect(['=1+2', '+cmd|x', '-1', '@SUM(1)', '\t=1', 'day', '08:00', '防城法庭'].map(neutraliseFormula)).toEqual(["'=1+2", "'+cmd|x", "'-1", "'@SUM(1)", "'\t=1", 'day', '08:00', '防城法庭']);
  });

  it('writes RFC 4180 CSV that reads back to the same fields', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=HYPERLINK("u")', null]])).toBe('a,b\n"x,y","say ""hi"""\n"\'=HYPERLINK(""u"")",\n');
  });

  it("gives each problem its line and column as its field, and the rule's code", () => {
    const [label] = parseRosterCsv(`${header}fangcheng,FC-1001,banana,1,08:00,20:00`).errors;
    expect(label).toMatchObject({ field: 'line 2.label', code: 'validation.not_one_of', params: { field: 'line 2.label', line: 2 } });
    const [weekdays] = parseRosterCsv(`${header}fangcheng,FC-1001,day,1|8,08:00,20:00`).errors;
    expect(weekdays).toMatchObject({ field: 'line 2.weekdays', code: 'validation.too_large', params: { max: 7 } });
  });
});
