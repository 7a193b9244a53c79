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
    expect(errors('"fangcheng,FC-1001,day,1,08:00,20:00')[0]).toMatch(/^line \d+: not valid CSV \(CSV_QUOTE_NOT_CLOSED\)/);
    expect(errors('fang\u0000cheng,FC-1001,day,1,08:00,20:00')).toEqual(['line 2: the file contains a NUL character (U+0000), which no text field may hold']);
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
