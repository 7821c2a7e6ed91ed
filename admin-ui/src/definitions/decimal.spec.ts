import { describe, expect, it } from 'vitest';
import { compareDecimals, decimalPlaces, parseDecimal } from './decimal';

describe(compareDecimals.name, () => {
  it.each([
    ['1.10', '1.1', 0],
    ['-0.00', '0', 0],
    ['10', '9.99', 1],
    ['-10', '-9.99', -1],
    ['12345678901234567.01', '12345678901234567.02', -1],
    [0.5, '0.49', 1],
  ])('compares %s with %s exactly', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });

  it('answers undefined for a non-decimal', () => {
    expect(compareDecimals('1e5', '1')).toBeUndefined();
  });
});

describe(decimalPlaces.name, () => {
  it('counts digits after the point, trailing zeros included', () => {
    expect(decimalPlaces('1.50')).toBe(2);
    expect(decimalPlaces('15')).toBe(0);
  });
});

describe(parseDecimal.name, () => {
  it('refuses what is not a plain decimal', () => {
    expect(parseDecimal('1,5')).toBeUndefined();
    expect(parseDecimal('12.')).toBeUndefined();
  });
});
