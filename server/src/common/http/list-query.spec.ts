import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import {
  contentRange,
  DEFAULT_PAGE_SIZE,
  type ListQueryParams,
  MAX_OFFSET,
  MAX_PAGE_SIZE,
  parseListQuery,
  wholeListRange,
} from './list-query';

/** The AppError `parseListQuery` throws for these params (fails the test when it does not throw). */
function errorOf(params: ListQueryParams): AppError {
  try {
    parseListQuery(params);
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(params)} to be rejected`);
}

describe(parseListQuery.name, () => {
  it('returns an empty filter and no sort or range when nothing is given', () => {
    expect(parseListQuery({})).toEqual({ filter: {} });
  });

  it('parses react-admin sort, range and filter', () => {
    expect(
      parseListQuery({
        sort: '["amount","DESC"]',
        range: '[0,24]',
        filter: '{"stage":"won","amount_gte":10}',
      }),
    ).toEqual({
      sort: { field: 'amount', order: 'DESC' },
      range: { start: 0, end: 24 },
      filter: { stage: 'won', amount_gte: 10 },
    });
  });

  it('accepts a lower-case order and upper-cases it', () => {
    expect(parseListQuery({ sort: '["name","asc"]' }).sort).toEqual({
      field: 'name',
      order: 'ASC',
    });
  });

  it('accepts a page of exactly the maximum size', () => {
    expect(parseListQuery({ range: `[0,${MAX_PAGE_SIZE - 1}]` }).range).toEqual({
      start: 0,
      end: MAX_PAGE_SIZE - 1,
    });
  });

  it('accepts a page that starts at the deepest offset', () => {
    expect(parseListQuery({ range: `[${MAX_OFFSET},${MAX_OFFSET + 24}]` }).range).toEqual({
      start: MAX_OFFSET,
      end: MAX_OFFSET + 24,
    });
  });

  it('refuses a deeper offset, pointing to the search endpoint cursors', () => {
    const error = errorOf({ range: `[${MAX_OFFSET + 1},${MAX_OFFSET + 10}]` });
    expect(error.status).toBe(400);
    expect(error.message).toContain('POST /api/objects/{object}/search');
    expect(error.errors).toHaveProperty('range');
  });

  it('refuses a filter nested deeper than JSON bodies may be', () => {
    const error = errorOf({ filter: `{"data":${'['.repeat(65)}${']'.repeat(65)}}` });
    expect(error.errors).toEqual({ filter: 'nests arrays or objects more than 64 levels deep' });
  });

  it('accepts a one-record page', () => {
    expect(parseListQuery({ range: '[5,5]' }).range).toEqual({ start: 5, end: 5 });
  });

  it.each<[string, ListQueryParams, string, string]>([
    ['sort that is not JSON', { sort: '[name,ASC]' }, 'sort', 'is not valid JSON'],
    [
      'sort given twice',
      { sort: ['["a","ASC"]', '["b","ASC"]'] },
      'sort',
      'must be given once, as JSON',
    ],
    [
      'sort that is an object',
      { sort: '{"field":"name"}' },
      'sort',
      'must be ["field","ASC"] or ["field","DESC"]',
    ],
    [
      'sort with one element',
      { sort: '["name"]' },
      'sort',
      'must be ["field","ASC"] or ["field","DESC"]',
    ],
    [
      'sort with an empty field',
      { sort: '["","ASC"]' },
      'sort',
      'must be ["field","ASC"] or ["field","DESC"]',
    ],
    [
      'sort with a numeric field',
      { sort: '[1,"ASC"]' },
      'sort',
      'must be ["field","ASC"] or ["field","DESC"]',
    ],
    [
      'sort with an unknown order',
      { sort: '["name","UP"]' },
      'sort',
      'the order must be "ASC" or "DESC"',
    ],
    ['range that is not JSON', { range: '0-24' }, 'range', 'is not valid JSON'],
    ['range with one number', { range: '[0]' }, 'range', 'must be [start, end], two whole numbers'],
    [
      'range with a fraction',
      { range: '[0,2.5]' },
      'range',
      'must be [start, end], two whole numbers',
    ],
    [
      'range with strings',
      { range: '["0","24"]' },
      'range',
      'must be [start, end], two whole numbers',
    ],
    [
      'range with a negative start',
      { range: '[-1,5]' },
      'range',
      'start must be >= 0 and end >= start',
    ],
    [
      'range that ends before it starts',
      { range: '[10,5]' },
      'range',
      'start must be >= 0 and end >= start',
    ],
    [
      'range larger than a page',
      { range: `[0,${MAX_PAGE_SIZE}]` },
      'range',
      `a page holds at most ${MAX_PAGE_SIZE} records`,
    ],
    ['filter that is not JSON', { filter: '{stage:won}' }, 'filter', 'is not valid JSON'],
    [
      'filter that is an array',
      { filter: '["won"]' },
      'filter',
      'must be a JSON object such as {"stage":"won"}',
    ],
    [
      'filter that is null',
      { filter: 'null' },
      'filter',
      'must be a JSON object such as {"stage":"won"}',
    ],
    [
      'filter that is a string',
      { filter: '"won"' },
      'filter',
      'must be a JSON object such as {"stage":"won"}',
    ],
  ])('rejects a %s as BAD_REQUEST keyed by the parameter', (_, params, key, message) => {
    const error = errorOf(params);
    expect(error.code).toBe(ErrorCode.BadRequest);
    expect(error.status).toBe(400);
    expect(error.errors).toEqual({ [key]: message });
    expect(error.message).toBe(`Invalid ${key}: ${message}`);
  });

  it('exports react-admin-friendly page sizes', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(25);
    expect(MAX_PAGE_SIZE).toBe(1000);
  });
});

describe(contentRange.name, () => {
  it.each<[number, number, number, string]>([
    [0, 25, 100, 'deal 0-24/100'],
    [25, 10, 35, 'deal 25-34/35'],
    [5, 1, 6, 'deal 5-5/6'],
    [0, 0, 0, 'deal */0'],
    [100, 0, 42, 'deal */42'],
  ])('formats start %i, count %i, total %i as %j', (start, count, total, expected) => {
    expect(contentRange('deal', start, count, total)).toBe(expected);
  });
});

describe(wholeListRange.name, () => {
  it.each<[number, string]>([
    [3, 'roles 0-2/3'],
    [0, 'roles */0'],
  ])('formats a whole list of %i as %j', (total, expected) => {
    expect(wholeListRange('roles', total)).toBe(expected);
  });
});
