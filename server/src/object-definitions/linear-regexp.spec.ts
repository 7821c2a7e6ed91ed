import { compileLinear, linearPatternProblem } from './linear-regexp';

describe('compileLinear', () => {
  it('reads JavaScript code-point escapes, but not an escaped backslash before a u', () => {
    expect(compileLinear('^caf\\u00e9$').test('café')).toBe(true);
    expect(compileLinear('^\\u{1F600}$').test('😀')).toBe(true);
    expect(compileLinear('^\\\\u0041$').test('\\u0041')).toBe(true);
  });

  it('matches a pathological pattern on a long input without backtracking', () => {
    expect(compileLinear('^(a|a)*$').test(`${'a'.repeat(100_000)}b`)).toBe(false);
  });

  it('names what RE2 refuses', () => {
    expect(linearPatternProblem('(?=a)')).toMatch(/\(\?=/);
    expect(linearPatternProblem('^[a-z]+$')).toBeUndefined();
  });
});
