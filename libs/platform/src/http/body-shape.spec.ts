import { bodyShapeProblem } from './body-shape';

/** The sentence (what the answer's message says). */
const shape = (body: unknown) => bodyShapeProblem(body)?.message ?? null;

describe(bodyShapeProblem.name, () => {
  it('accepts ordinary bodies', () => {
    expect(shape({ plate: '桂PA2345', location: { lat: 21.7, lon: 108.3 }, tags: ['a', 'b'] })).toBeNull();
  });

  it('names a prototype key where it is', () => {
    expect(shape(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toBe('property a.__proto__ is not allowed');
    expect(shape([{ b: { constructor: {} } }])).toBe('property [0].b.constructor is not allowed');
  });

  it('refuses a body wider than any of ours before anything else looks at it: the keys of all its objects, and of one', () => {
    const keys = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 1]));
    // The probe's body: 357,000 unknown keys, refused by the total before the per-object limit is looked at.
    expect(bodyShapeProblem(keys(357_000))).toMatchObject({ field: '', code: 'request.too_many_fields', params: { field: '', max: 10_000 }, message: 'body holds more than 10000 fields (keys of its objects, every level counted)' });
    expect(bodyShapeProblem(keys(357_000), 500_000)).toMatchObject({ field: '', code: 'request.object_too_wide', params: { max: 100 }, message: 'body holds more than 100 fields' });
    // An app may allow more in all (traffic-adapter's batches of reads), never more in one object.
    const batch = Array.from({ length: 1000 }, () => keys(15));
    expect(bodyShapeProblem(batch)).toMatchObject({ code: 'request.too_many_fields' });
    expect(bodyShapeProblem(batch, 32_000)).toBeNull();
    expect(bodyShapeProblem([{ plate: 'x' }, { plate: 'y', location: keys(101) }], 32_000)).toMatchObject({ field: '[1].location', code: 'request.object_too_wide', message: '[1].location holds more than 100 fields' });
    expect(bodyShapeProblem(keys(100))).toBeNull();
    // Width first: the other walks never see such a body.
    expect(bodyShapeProblem({ ...keys(20_000), bad: 'a\u0000b' })).toMatchObject({ code: 'request.too_many_fields' });
  });

  it('refuses nesting past 32 levels', () => {
    const deep = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`);
    expect(shape(deep)).toBe('body is nested deeper than 32 levels');
  });

  it('refuses control characters in any string or key, one rule for every field; tabs and line breaks stay', () => {
    expect(shape({ note: 'line one\nline two\ttabbed\r\n' })).toBeNull();
    expect(shape({ location: { name: 'K07\u0007' } })).toBe('location.name contains a control character (U+0007); only tabs and line breaks are allowed');
    expect(shape([{ label: '\u001b[31mred' }])).toBe('[0].label contains a control character (U+001B); only tabs and line breaks are allowed');
    expect(shape({ reason: 'next\u0085line' })).toMatch(/reason contains a control character \(U\+0085\)/);
    expect(shape({ reason: 'del\u007f' })).toMatch(/U\+007F/);
    expect(shape({ ['a\nb']: 1 })).toBe('(a key) contains a control character (U+000A)');
  });

  it('names a NUL character where it is', () => {
    expect(shape([{ cameraId: 'K\u000007' }])).toBe('[0].cameraId contains a NUL character (U+0000), which no text field may hold');
  });

  it('gives each problem its place and code', () => {
    expect(bodyShapeProblem(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toMatchObject({ field: 'a.__proto__', code: 'request.key_not_allowed' });
    expect(bodyShapeProblem({ location: { name: 'K07\u0007' } })).toMatchObject({ field: 'location.name', code: 'request.control_character', params: { char: 'U+0007' } });
    expect(bodyShapeProblem([{ cameraId: 'K\u000007' }])).toMatchObject({ field: '[0].cameraId', code: 'request.text_not_storable', params: { char: 'U+0000' } });
    expect(bodyShapeProblem(JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`))).toMatchObject({ field: '', code: 'request.too_deep', params: { max: 32 } });
  });
});
