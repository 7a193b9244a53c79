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
