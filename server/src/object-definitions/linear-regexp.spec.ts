import { DEFINITION_QUOTAS } from './definition-quotas';
import { compileLinear, linearPatternProblem, patternProgramSize } from './linear-regexp';

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

  it('measures the compiled program (re2js internals, which the quota relies on)', () => {
    expect(patternProgramSize('[a-z]{100}')).toBeGreaterThan(100);
    expect(patternProgramSize('^[a-z]+$')).toBeLessThan(20);
  });

  it('refuses a pattern over the complexity quota, however short', () => {
    expect(linearPatternProblem('[a-z]{1000}'.repeat(2))).toMatch(
      new RegExp(
        `^is too complex: it compiles to \\d+ steps, at most ${DEFINITION_QUOTAS.patternProgramSize}`,
      ),
    );
    expect(linearPatternProblem('^\\+?[(]?[0-9][0-9 ().\\-]{2,31}$')).toBeUndefined();
  });
});
