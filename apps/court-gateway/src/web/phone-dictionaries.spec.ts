import * as fs from 'fs';
import * as path from 'path';

const WEB = path.resolve(__dirname, '..', '..', 'web');

function keysOf(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]);
}

/** The phone app's words: its own dictionaries (web/phone/i18n), falling back to the desk's (web/i18n). */
describe('phone app dictionaries', () => {
  const zh = keysOf(path.join(WEB, 'phone', 'i18n', 'zh-CN.js'));
  const en = keysOf(path.join(WEB, 'phone', 'i18n', 'en.js'));

  it('give every phone key in both languages, once', () => {
    expect(new Set(zh).size).toBe(zh.length);
    expect(new Set(en).size).toBe(en.length);
    expect([...en].sort()).toEqual([...zh].sort());
  });

  it('cover every key the phone pages ask for with a literal t(...), from the phone or the shared dictionary', () => {
    const known = new Set([...zh, ...keysOf(path.join(WEB, 'i18n', 'zh-CN.js'))]);
    const dir = path.join(WEB, 'phone');
    const used = fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/\b(?:t|fill)\('([^']+)'/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((key) => !known.has(key))).toEqual([]);
  });
});
