import { compareDecimal, decimalPlaces, isDecimal } from '@plinth/common/money';
import { describe, expect, it } from 'vitest';

/** The UI runs the server's money module (one decimal module for both sides); pinned in the UI's build. */
describe(compareDecimal.name, () => {
  it.each([
    ['1.10', '1.1', 0],
    ['-0.00', '0', 0],
    ['10', '9.99', 1],
    ['-10', '-9.99', -1],
    ['12345678901234567.01', '12345678901234567.02', -1],
    [String(0.5), '0.49', 1],
  ])('compares %s with %s exactly', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });
});

describe(decimalPlaces.name, () => {
  it('counts digits after the point, trailing zeros included', () => {
    expect(decimalPlaces('1.50')).toBe(2);
    expect(decimalPlaces('15')).toBe(0);
  });
});

describe(isDecimal.name, () => {
  it('refuses what is not a plain decimal', () => {
    expect(isDecimal('1,5')).toBe(false);
    expect(isDecimal('12.')).toBe(false);
    expect(isDecimal('1e5')).toBe(false);
    expect(isDecimal('-12.50')).toBe(true);
  });
});
