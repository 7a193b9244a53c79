import * as fs from 'fs';
import * as path from 'path';

const I18N = path.resolve(__dirname, '..', '..', 'web', 'i18n');

function keysOf(file: string): string[] {
  return [...fs.readFileSync(path.join(I18N, file), 'utf8').matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]);
}

describe('web dictionaries', () => {
  it('give every key in both languages, once', () => {
    const zh = keysOf('zh-CN.js');
    const en = keysOf('en.js');
    expect(new Set(zh).size).toBe(zh.length);
    expect(new Set(en).size).toBe(en.length);
    expect([...en].sort()).toEqual([...zh].sort());
  });

  it('cover every key the pages ask for with a literal t(...)', () => {
    const known = new Set(keysOf('zh-CN.js'));
    const appDir = path.resolve(I18N, '..', 'app');
    const used = fs
      .readdirSync(appDir)
      .flatMap((file) => [...fs.readFileSync(path.join(appDir, file), 'utf8').matchAll(/\bt\('([^']+)'\)/g)].map((m) => m[1]));
    expect(used.filter((key) => !known.has(key))).toEqual([]);
  });
});
