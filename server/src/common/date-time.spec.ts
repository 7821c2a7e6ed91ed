import { canonicalDateTime, hasStorableOffset } from './date-time';

describe(canonicalDateTime.name, () => {
  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z'],
    ['2024-05-01t10:00:00z', '2024-05-01T10:00:00Z'],
    ['2024-05-01 10:00:00Z', '2024-05-01T10:00:00Z'],
    ['2024-05-01T10:00:00.123456z', '2024-05-01T10:00:00.123456Z'],
    ['2024-05-01T10:00:00+0200', '2024-05-01T10:00:00+02:00'],
    ['2024-05-01T10:00:00-05', '2024-05-01T10:00:00-05:00'],
    ['2024-05-01T10:00:00+05:30', '2024-05-01T10:00:00+05:30'],
    ['2024-05-01T10:00:00+00:00', '2024-05-01T10:00:00Z'],
    ['2024-05-01T10:00:00-0000', '2024-05-01T10:00:00Z'],
  ])('writes %j as %j', (value, expected) => {
    expect(canonicalDateTime(value)).toBe(expected);
  });

  it.each(['2024-05-01', '2024-05-01T10:00:00', 'tomorrow', '2024-05-01T10:00Z', ''])(
    'leaves %j, not a date-time, as it is',
    (value) => {
      expect(canonicalDateTime(value)).toBe(value);
    },
  );
});

describe(hasStorableOffset.name, () => {
  it.each([
    ['2024-05-01T10:00:00Z', true],
    ['2024-05-01T10:00:00+15:59', true],
    ['2024-05-01T10:00:00-15:59', true],
    ['2024-05-01T10:00:00+16:00', false],
    ['2024-05-01T10:00:00+20:00', false],
    ['2024-05-01T10:00:00-2300', false],
    ['not a date', false],
  ])('%j: %s', (value, expected) => {
    expect(hasStorableOffset(value)).toBe(expected);
  });
});
