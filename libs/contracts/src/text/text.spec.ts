import { storableText, textProblem, untextProblem } from './text';

describe(untextProblem.name, () => {
  it('accepts ordinary text, emoji (surrogate pairs) and CJK', () => {
    expect(untextProblem({ plate: '桂PA2345', name: '王某 😀', tags: ['a', { b: 'c' }] })).toBeNull();
  });

  it('names NUL and lone surrogates where they are, keys included', () => {
    expect(untextProblem([{ cameraId: 'K\u000007' }])).toBe('[0].cameraId contains a NUL character (U+0000), which no text field may hold');
    expect(untextProblem({ a: { b: 'x\ud800' } })).toBe('a.b contains a lone surrogate (U+D800), which is not text');
    expect(untextProblem({ a: '\udc00y' })).toBe('a contains a lone surrogate (U+DC00), which is not text');
    expect(untextProblem({ a: { 'k\u0000': 1 } })).toBe('a.(a key) contains a NUL character (U+0000), which no text field may hold');
    expect(textProblem('\ud83d\ude00')).toBeNull();
  });
});

describe(storableText.name, () => {
  it('replaces what cannot be stored and nothing else', () => {
    expect(storableText('a\u0000b\ud800c😀')).toBe('a\uFFFDb\uFFFDc😀');
    expect(storableText('plain')).toBe('plain');
  });
});
