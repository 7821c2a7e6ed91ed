import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { decodeCursor, encodeCursor, type SearchSortKey, sortSpecOf } from './record-search-cursor';

const ID = '3f2b8c1e-9d4a-4c7b-8e1f-0a2b3c4d5e6f';
const AMOUNT: PropertyDefinition = { name: 'amount', type: 'currency', label: 'Amount' };

function key(keyType: SearchSortKey['keyType'], isNullable = true): SearchSortKey {
  return { target: { kind: 'property', property: AMOUNT }, order: 'ASC', isNullable, keyType };
}

const ID_KEY: SearchSortKey = {
  target: { kind: 'field', field: 'id' },
  order: 'ASC',
  isNullable: false,
  keyType: 'uuid',
};

function forged(content: unknown): string {
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

describe(sortSpecOf.name, () => {
  it('tells orders apart by object, keys, directions and value types', () => {
    const base = sortSpecOf('deal', [key('numeric'), ID_KEY]);
    expect(sortSpecOf('deal', [key('numeric'), ID_KEY])).toBe(base);
    expect(
      new Set([
        base,
        sortSpecOf('company', [key('numeric'), ID_KEY]),
        sortSpecOf('deal', [{ ...key('numeric'), order: 'DESC' }, ID_KEY]),
        sortSpecOf('deal', [key('text'), ID_KEY]),
        sortSpecOf('deal', [ID_KEY]),
      ]).size,
    ).toBe(5);
  });

  it('tells rank orders of different queries apart', () => {
    const rank = (q: string): SearchSortKey => ({
      target: { kind: 'rank', q },
      order: 'DESC',
      isNullable: false,
      keyType: 'real',
    });
    expect(sortSpecOf('deal', [rank('acme'), ID_KEY])).not.toBe(
      sortSpecOf('deal', [rank('globex'), ID_KEY]),
    );
  });
});

describe(decodeCursor.name, () => {
  const keys = [key('numeric'), ID_KEY];
  const spec = sortSpecOf('deal', keys);

  it('reads back what encodeCursor wrote, as base64url', () => {
    const cursor = encodeCursor(spec, ['-12.50', ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, spec, keys)).toEqual(['-12.50', ID]);
    expect(decodeCursor(encodeCursor(spec, [null, ID]), spec, keys)).toEqual([null, ID]);
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['JSON but no object', forged([1, 2])],
    ['another version', forged({ v: 2, s: spec, k: ['1', ID] })],
    ['another order', forged({ v: 1, s: 'other', k: ['1', ID] })],
    ['too few values', forged({ v: 1, s: spec, k: ['1'] })],
    ['a number where text is kept', forged({ v: 1, s: spec, k: [1, ID] })],
    ['a value the key cannot take', forged({ v: 1, s: spec, k: ['1e5', ID] })],
    ['SQL for a value', forged({ v: 1, s: spec, k: ["1'; DROP TABLE record; --", ID] })],
    ['a missing id', forged({ v: 1, s: spec, k: ['1', null] })],
    ['an id that is no UUID', forged({ v: 1, s: spec, k: ['1', 'abc'] })],
    ['too long', 'a'.repeat(10000)],
  ])('refuses a cursor that is %s', (_case, cursor) => {
    expect(decodeCursor(cursor, spec, keys)).toBeNull();
  });

  it.each([
    ['2026-03-01T10:00:00.123456Z', true],
    ['2024-02-29T00:00:00.000000Z', true],
    ['2026-02-29T00:00:00.000000Z', false],
    ['2026-13-01T00:00:00.000000Z', false],
    ['2026-04-31T00:00:00.000000Z', false],
    ['2026-03-01T24:00:00.000000Z', false],
    ['0000-01-01T00:00:00.000000Z', false],
    ['2026-03-01 10:00:00+00', false],
    ['yesterday', false],
  ])('takes the timestamp %s: %s', (value, isValid) => {
    const timestamps = [key('timestamptz'), ID_KEY];
    const timestampSpec = sortSpecOf('deal', timestamps);
    const cursor = encodeCursor(timestampSpec, [value, ID]);
    expect(decodeCursor(cursor, timestampSpec, timestamps) !== null).toBe(isValid);
  });

  it.each([
    ['0.0607927', true],
    ['1e-20', true],
    ['0', true],
    ['1e-50', false],
    ['1e50', false],
    ['NaN', false],
    ['Infinity', false],
  ])('takes the rank %s: %s', (value, isValid) => {
    const ranks = [key('real', false), ID_KEY];
    const rankSpec = sortSpecOf('deal', ranks);
    expect(decodeCursor(encodeCursor(rankSpec, [value, ID]), rankSpec, ranks) !== null).toBe(
      isValid,
    );
  });

  it('refuses a missing value for a key that always has one, and NUL in text', () => {
    const texts = [key('text'), ID_KEY];
    const textSpec = sortSpecOf('deal', texts);
    expect(decodeCursor(encodeCursor(textSpec, ['any text', ID]), textSpec, texts)).not.toBeNull();
    expect(decodeCursor(encodeCursor(textSpec, ['a\u0000', ID]), textSpec, texts)).toBeNull();
    const fields = [key('timestamptz', false), ID_KEY];
    const fieldSpec = sortSpecOf('deal', fields);
    expect(decodeCursor(encodeCursor(fieldSpec, [null, ID]), fieldSpec, fields)).toBeNull();
  });
});
