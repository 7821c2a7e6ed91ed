import { compareDecimal, decimalPlaces, isDecimal } from './money';

describe(isDecimal.name, () => {
  it.each(['0', '-0', '12', '-5', '12.34', '1250.00', '0.5', '007.10', '12345678901234567890.01'])(
    'accepts the decimal text %j',
    (text) => {
      expect(isDecimal(text)).toBe(true);
    },
  );

  it.each([
    '',
    '-',
    '.5',
    '12.',
    '+1',
    '1e3',
    '1E-7',
    '1,250.00',
    ' 12',
    '12 ',
    '0x1F',
    'NaN',
    'Infinity',
    '--1',
    '1.2.3',
  ])('rejects %j', (text) => {
    expect(isDecimal(text)).toBe(false);
  });
});

describe(decimalPlaces.name, () => {
  it.each<[string, number]>([
    ['12', 0],
    ['-5', 0],
    ['12.3', 1],
    ['12.34', 2],
    ['-0.001', 3],
    ['1250.00', 2],
    ['12345678901234567890.123456', 6],
  ])('counts the written decimals of %j as %i, trailing zeros included', (text, places) => {
    expect(decimalPlaces(text)).toBe(places);
  });
});

describe(compareDecimal.name, () => {
  it.each<[string, string, number]>([
    ['1', '2', -1],
    ['2', '1', 1],
    ['12.34', '12.34', 0],
    ['12.3', '12.30', 0],
    ['12.300', '12.3', 0],
    ['0012.5', '12.50', 0],
    ['10', '9.99', 1],
    ['9.99', '10', -1],
    ['100', '99', 1],
    ['0.1', '0.09', 1],
    ['0.09', '0.1', -1],
    ['-1', '1', -1],
    ['1', '-1', 1],
    ['-1', '-2', 1],
    ['-2', '-1', -1],
    ['-10', '-9.99', -1],
    ['-0.01', '0', -1],
    ['0', '-0.01', 1],
    ['0.01', '0', 1],
    ['-0', '0', 0],
    ['0', '-0', 0],
    ['-0.00', '0.0', 0],
    ['-0', '-0.01', 1],
  ])('compares %j with %j as %i', (left, right, expected) => {
    expect(compareDecimal(left, right)).toBe(expected);
  });

  it('tells apart amounts a binary float cannot', () => {
    const low = '12345678901234567890.01';
    const high = '12345678901234567890.02';
    expect(Number(low)).toBe(Number(high));
    expect(compareDecimal(low, high)).toBe(-1);
    expect(compareDecimal(high, low)).toBe(1);
    expect(compareDecimal(low, low)).toBe(0);
  });

  it('orders huge negative amounts beyond float precision', () => {
    expect(compareDecimal('-12345678901234567890.02', '-12345678901234567890.01')).toBe(-1);
    expect(compareDecimal('-99999999999999999999.99', '-100000000000000000000')).toBe(1);
  });

  it('compares a number given as String(n) with a decimal string', () => {
    expect(compareDecimal(String(0.1 + 0.2), '0.3')).toBe(1);
    expect(compareDecimal(String(1250), '1250.00')).toBe(0);
    expect(compareDecimal(String(-0.01), String(0))).toBe(-1);
  });
});
