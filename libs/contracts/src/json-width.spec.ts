import { jsonTextHasMoreKeysThan, jsonWidthProblem } from './json-width';

const limits = { maxKeys: 10, maxKeysPerObject: 4 };
const wide = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 1]));

describe(jsonWidthProblem.name, () => {
  it('lets values within both limits through, the limits themselves included', () => {
    expect(jsonWidthProblem({ a: 1, b: { c: 1, d: 2, e: 3, f: 4 }, g: [{ h: 1 }, { i: 1 }], j: 'x' }, limits)).toBeNull();
    expect(jsonWidthProblem(wide(4), limits)).toBeNull();
    expect(jsonWidthProblem(null, limits)).toBeNull();
    expect(jsonWidthProblem('text', limits)).toBeNull();
    expect(jsonWidthProblem([], limits)).toBeNull();
  });

  it('counts the keys of every object at every level, not the items of arrays', () => {
    // 3 objects of 3 keys and the wrapper's 1: 10 keys.
    expect(jsonWidthProblem({ list: [wide(3), wide(3), wide(3)] }, limits)).toBeNull();
    expect(jsonWidthProblem({ list: [wide(3), wide(3), wide(3), { x: 1 }] }, limits)).toEqual({ scope: 'total', max: 10 });
    expect(jsonWidthProblem({ numbers: Array.from({ length: 10_000 }, (_, i) => i) }, limits)).toBeNull();
  });

  it('names an object wider than the limit by its place', () => {
    expect(jsonWidthProblem(wide(5), limits)).toEqual({ scope: 'object', path: '', max: 4 });
    expect(jsonWidthProblem([{ a: 1 }, { a: 1, location: wide(5) }], limits)).toEqual({ scope: 'object', path: '[1].location', max: 4 });
    expect(jsonWidthProblem({ a: { b: [0, { c: wide(5) }] } }, limits)).toEqual({ scope: 'object', path: 'a.b[1].c', max: 4 });
  });

  it('refuses the 357,000 keys of the probe at once, whatever the per-object limit', () => {
    const probe = wide(357_000);
    expect(jsonWidthProblem(probe, { maxKeys: 32_000, maxKeysPerObject: 1_000_000 })).toEqual({ scope: 'total', max: 32_000 });
    expect(jsonWidthProblem(probe, { maxKeys: 1_000_000, maxKeysPerObject: 100 })).toEqual({ scope: 'object', path: '', max: 100 });
  });

  it('stops at the total once crossed, without walking the rest', () => {
    const many = Array.from({ length: 100_000 }, () => wide(3));
    expect(jsonWidthProblem(many, { maxKeys: 30, maxKeysPerObject: 100 })).toEqual({ scope: 'total', max: 30 });
  });

  it('walks any nesting with a stack of its own: a million levels neither overflow nor slip through', () => {
    const deep = JSON.parse(`${'['.repeat(1_000_000)}{"a":1,"b":2,"c":3,"d":4,"e":5}${']'.repeat(1_000_000)}`);
    expect(jsonWidthProblem(deep, limits)).toEqual({ scope: 'object', path: `${'[0]'.repeat(1_000_000)}`, max: 4 });
    let objects: unknown = { leaf: 1 };
    for (let i = 0; i < 100_000; i++) objects = { o: objects };
    expect(jsonWidthProblem(objects, { maxKeys: 200_000, maxKeysPerObject: 4 })).toBeNull();
    expect(jsonWidthProblem(objects, { maxKeys: 1000, maxKeysPerObject: 4 })).toEqual({ scope: 'total', max: 1000 });
  });
});

describe(jsonTextHasMoreKeysThan.name, () => {
  const over = (text: string, max: number) => jsonTextHasMoreKeysThan(Buffer.from(text), max);

  it('counts the keys of JSON text at every level without parsing it', () => {
    const text = JSON.stringify({ a: 1, b: { c: [{ d: 1 }, { e: 2 }] } });
    expect(over(text, 5)).toBe(false);
    expect(over(text, 4)).toBe(true);
    expect(over(`{${Array.from({ length: 357_000 }, (_, i) => `"k${i}":1`).join(',')}}`, 32_000)).toBe(true);
  });

  it('does not count colons inside strings, escaped quotes, or multi-byte characters', () => {
    expect(over(JSON.stringify({ note: 'a:b:c:d', time: '10:00:00', quoted: 'say "x:y" : z', path: 'C:\\dir\\', 中文: '：桂PA2345:' }), 5)).toBe(false);
    expect(over(JSON.stringify({ note: 'a:b:c:d', time: '10:00:00', quoted: 'say "x:y" : z', path: 'C:\\dir\\', 中文: '：桂PA2345:' }), 4)).toBe(true);
    expect(over('[1, 2, "3:4"]', 0)).toBe(false);
  });

  it('agrees with the parsed count on generated bodies', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const value = Array.from({ length: seed }, (_, i) => ({ [`k${i}:"`]: `v\\${i}"\u003a`, nested: { list: [i, `x:${i}`, { deep: '\\' }] } }));
      const keys = seed * 4;
      expect(over(JSON.stringify(value), keys)).toBe(false);
      expect(over(JSON.stringify(value), keys - 1)).toBe(true);
      expect(jsonWidthProblem(value, { maxKeys: keys, maxKeysPerObject: 100 })).toBeNull();
    }
  });
});
