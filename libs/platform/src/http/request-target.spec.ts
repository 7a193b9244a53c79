import { requestTargetProblem as problemOf } from './request-target';

/** The sentence (what the answer's message says). */
const requestTargetProblem = (...args: Parameters<typeof problemOf>) => problemOf(...args)?.message ?? null;

describe('requestTargetProblem', () => {
  it('accepts ordinary paths and queries, CJK included', () => {
    expect(requestTargetProblem('/api/v1/teams/fangcheng/base', { team: 'fangcheng' })).toBeNull();
    expect(requestTargetProblem('/api/v1/checkpoints/%E9%98%B2%E5%9F%8E-K07', {})).toBeNull();
  });

  it('names NUL, broken encoding and lone surrogates in the path', () => {
    expect(requestTargetProblem('/api/v1/teams/a%00b/base', {})).toBe('path segment 4 (a%00b) contains a NUL character (U+0000), which no text field may hold');
    expect(requestTargetProblem('/api/v1/teams/%E0%A4%A/base', {})).toBe('path segment 4 (%E0%A4%A) is not valid percent-encoded UTF-8');
    expect(requestTargetProblem('/api/v1/teams/%ED%A0%80/base', {})).toMatch(/not valid percent-encoded UTF-8/);
  });

  it('refuses control characters, line breaks included, in path segments, query names and values', () => {
    expect(requestTargetProblem('/api/v1/teams/a%01b/base', {})).toBe('path segment 4 (a%01b) contains a control character (U+0001)');
    expect(requestTargetProblem('/x', { team: 'a\nb' })).toBe('query parameter team contains a control character (U+000A)');
    expect(requestTargetProblem('/x', { ['t\u001b']: 'b' })).toBe('a query parameter name contains a control character (U+001B)');
  });

  it('refuses a query part that is not valid percent-encoded UTF-8 (the parser would keep it as raw text)', () => {
    expect(requestTargetProblem('/x', { actor: '%ED%A0%80' }, 'actor=%ED%A0%80')).toBe('query part actor=%ED%A0%80 is not valid percent-encoded UTF-8');
    expect(requestTargetProblem('/x', { targetType: '%E0%A4%A' }, 'limit=5&targetType=%E0%A4%A')).toBe('query part targetType=%E0%A4%A is not valid percent-encoded UTF-8');
    expect(requestTargetProblem('/x', { q: 'a b' }, 'q=a+b&team=%E9%98%B2')).toBeNull();
  });

  it('names NUL and lone surrogates in the query and refuses a repeated parameter', () => {
    expect(requestTargetProblem('/x', { team: 'a\u0000b' })).toBe('query parameter team contains a NUL character (U+0000), which no text field may hold');
    expect(requestTargetProblem('/x', { team: 'a\ud800' })).toBe('query parameter team contains a lone surrogate (U+D800), which is not text');
    expect(requestTargetProblem('/x', { team: ['a', 'b'] })).toBe('query parameter team is given 2 times; give it once');
    expect(requestTargetProblem('/x', { ['a\u0000']: 'b' })).toBe('a query parameter name contains a NUL character (U+0000), which no text field may hold');
  });

  it('gives each problem its place and code', () => {
    expect(problemOf('/api/v1/teams/a%00b/base', {})).toMatchObject({ field: 'path', code: 'request.text_not_storable', params: { char: 'U+0000' } });
    expect(problemOf('/x', { team: ['a', 'b'] })).toMatchObject({ field: 'team', code: 'request.repeated', params: { times: 2 } });
    expect(problemOf('/x', { team: 'a\nb' })).toMatchObject({ field: 'team', code: 'request.control_character', params: { char: 'U+000A' } });
    expect(problemOf('/x', { actor: '%ED%A0%80' }, 'actor=%ED%A0%80')).toMatchObject({ field: 'actor', code: 'request.not_utf8' });
  });
});
