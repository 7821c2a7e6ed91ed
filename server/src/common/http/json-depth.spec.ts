import { isNestedDeeperThan, MAX_JSON_DEPTH } from './json-depth';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) {
    value = i % 2 === 0 ? [value] : { inner: value };
  }
  return value;
}

describe(isNestedDeeperThan.name, () => {
  it.each([
    [1, 0, false],
    ['text', 0, false],
    [null, 0, false],
    [[], 1, false],
    [[], 0, true],
    [{ a: [1, { b: 2 }] }, 3, false],
    [{ a: [1, { b: 2 }] }, 2, true],
  ])('%j deeper than %i: %s', (value, max, expected) => {
    expect(isNestedDeeperThan(value, max)).toBe(expected);
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(isNestedDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(isNestedDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('walks 100,000 levels without running out of stack', () => {
    expect(isNestedDeeperThan(nested(100_000))).toBe(true);
  });
});
