import { PROBLEM_MEMBERS } from '../support/factories';
import { listRecords, type ListParams } from '../support/list-fixtures';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

interface BadListCase {
  name: string;
  params: ListParams;
  message: string;
  errors: Record<string, string>;
}

const RANGE_BOUNDS = 'start must be >= 0 and end >= start';
const SORT_SHAPE = 'must be ["field","ASC"] or ["field","DESC"]';
const DATE_MESSAGE = 'must be a date (YYYY-MM-DD)';
const DATE_TIME_MESSAGE =
  'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)';
const NUL_MESSAGE = 'must not contain the character \\u0000';

/** Each failing case's whole error body is spelled out, so the error contract is reviewed like code. */
const BAD_LISTS: BadListCase[] = [
  {
    name: 'a sort by an unknown property',
    params: { sort: ['nope', 'ASC'] },
    message: 'Invalid sort: nope is not a property of deal',
    errors: { sort: 'unknown property "nope"' },
  },
  {
    name: 'a sort field that smuggles SQL',
    params: { sort: ['name; DROP TABLE record', 'ASC'] },
    message: 'Invalid sort: name; DROP TABLE record is not a property of deal',
    errors: { sort: 'unknown property "name; DROP TABLE record"' },
  },
  {
    name: 'a sort order other than ASC or DESC',
    params: { sort: ['name', 'UP'] },
    message: 'Invalid sort: the order must be "ASC" or "DESC"',
    errors: { sort: 'the order must be "ASC" or "DESC"' },
  },
  {
    name: 'a sort without an order',
    params: { sort: ['name'] },
    message: `Invalid sort: ${SORT_SHAPE}`,
    errors: { sort: SORT_SHAPE },
  },
  {
    name: 'a sort that is not JSON',
    params: { sort: 'name,ASC' },
    message: 'Invalid sort: is not valid JSON',
    errors: { sort: 'is not valid JSON' },
  },
  {
    name: 'a filter on an unknown property',
    params: { filter: { nope: 1 } },
    message: 'Invalid filter: nope is not a property of deal',
    errors: { 'filter.nope': 'is not a property of deal' },
  },
  {
    name: 'a filter with an unknown operator suffix',
    params: { filter: { amount_between: [1, 2] } },
    message: 'Invalid filter: amount_between is not a property of deal',
    errors: { 'filter.amount_between': 'is not a property of deal' },
  },
  {
    name: 'a currency filter that is not an amount',
    params: { filter: { amount: 'abc' } },
    message: 'Invalid filter: amount must be a decimal amount such as 1250.00',
    errors: { 'filter.amount': 'must be a decimal amount such as 1250.00' },
  },
  {
    name: 'a percent filter that is text',
    params: { filter: { probability_gte: 'high' } },
    message: 'Invalid filter: probability_gte must be a number',
    errors: { 'filter.probability_gte': 'must be a number' },
  },
  {
    name: 'an enumeration filter outside the options',
    params: { filter: { stage: 'bogus' } },
    message:
      'Invalid filter: stage must be one of: lead, qualified, proposal, negotiation, won, lost',
    errors: { 'filter.stage': 'must be one of: lead, qualified, proposal, negotiation, won, lost' },
  },
  {
    name: 'a date filter that is not a date',
    params: { filter: { close_date_gte: 'yesterday' } },
    message: 'Invalid filter: close_date_gte must be a date (YYYY-MM-DD)',
    errors: { 'filter.close_date_gte': 'must be a date (YYYY-MM-DD)' },
  },
  {
    name: 'a null filter value',
    params: { filter: { amount: null } },
    message:
      'Invalid filter: amount must be a decimal amount (a number or a string such as "1250.00")',
    errors: {
      'filter.amount': 'must be a decimal amount (a number or a string such as "1250.00")',
    },
  },
  {
    name: 'a date filter in year 0, which PostgreSQL has not',
    params: { filter: { close_date: '0000-01-01' } },
    message: `Invalid filter: close_date ${DATE_MESSAGE}`,
    errors: { 'filter.close_date': DATE_MESSAGE },
  },
  {
    name: 'a date-time filter in year 0',
    params: { filter: { closed_at_lt: '0000-01-01T00:00:00Z' } },
    message: `Invalid filter: closed_at_lt ${DATE_TIME_MESSAGE}`,
    errors: { 'filter.closed_at_lt': DATE_TIME_MESSAGE },
  },
  {
    name: 'a NUL character in a text filter',
    params: { filter: { name: 'a\u0000b' } },
    message: `Invalid filter: name ${NUL_MESSAGE}`,
    errors: { 'filter.name': NUL_MESSAGE },
  },
  {
    name: 'a NUL character in a search',
    params: { filter: { q: 'a\u0000b' } },
    message: `Invalid filter: q ${NUL_MESSAGE}`,
    errors: { 'filter.q': NUL_MESSAGE },
  },
  {
    name: '_contains on a currency',
    params: { filter: { amount_contains: '1' } },
    message: 'Invalid filter: amount_contains cannot be used on a currency property',
    errors: { 'filter.amount_contains': 'cannot be used on a currency property' },
  },
  {
    name: '_exists that is not a boolean',
    params: { filter: { amount_exists: 'yes' } },
    message: 'Invalid filter: amount_exists must be true or false',
    errors: { 'filter.amount_exists': 'must be true or false' },
  },
  {
    name: 'an empty _in list',
    params: { filter: { stage_in: [] } },
    message: 'Invalid filter: stage_in must be a list of 1 to 1000 values',
    errors: { 'filter.stage_in': 'must be a list of 1 to 1000 values' },
  },
  {
    name: 'ids that are not strings',
    params: { filter: { id: [1, 2] } },
    message: 'Invalid filter: id must be a record id or a list of at most 1000 ids',
    errors: { 'filter.id': 'must be a record id or a list of at most 1000 ids' },
  },
  {
    name: 'a search that is not text',
    params: { filter: { q: 5 } },
    message: 'Invalid filter: q must be a string',
    errors: { 'filter.q': 'must be a string' },
  },
  {
    name: 'a filter that is not JSON',
    params: { filter: '{stage:won}' },
    message: 'Invalid filter: is not valid JSON',
    errors: { filter: 'is not valid JSON' },
  },
  {
    name: 'a filter that is an array',
    params: { filter: ['won'] },
    message: 'Invalid filter: must be a JSON object such as {"stage":"won"}',
    errors: { filter: 'must be a JSON object such as {"stage":"won"}' },
  },
  {
    name: 'a range that is not JSON',
    params: { range: '0-9' },
    message: 'Invalid range: is not valid JSON',
    errors: { range: 'is not valid JSON' },
  },
  {
    name: 'a range of fractions',
    params: { range: [0.5, 3] },
    message: 'Invalid range: must be [start, end], two whole numbers',
    errors: { range: 'must be [start, end], two whole numbers' },
  },
  {
    name: 'a negative range start',
    params: { range: [-1, 9] },
    message: `Invalid range: ${RANGE_BOUNDS}`,
    errors: { range: RANGE_BOUNDS },
  },
  {
    name: 'a range ending before it starts',
    params: { range: [10, 5] },
    message: `Invalid range: ${RANGE_BOUNDS}`,
    errors: { range: RANGE_BOUNDS },
  },
  {
    name: 'a page of more than 1000 records',
    params: { range: [0, 1000] },
    message: 'Invalid range: a page holds at most 1000 records',
    errors: { range: 'a page holds at most 1000 records' },
  },
];

describe('GET /api/objects/:object with bad list parameters', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it.each(BAD_LISTS)(
    'rejects $name with 400 and the field in errors',
    async ({ params, message, errors }) => {
      const response = await listRecords(testApp, org, 'deal', params).expect(400);
      expect(response.body).toEqual({
        status: 400,
        code: 'BAD_REQUEST',
        message,
        errors,
        request_id: expect.any(String),
        ...PROBLEM_MEMBERS,
      });
    },
  );

  it('rejects a list parameter given twice', async () => {
    const response = await testApp
      .http()
      .get('/api/objects/deal?range=[0,9]&range=[10,19]')
      .set(org.headers)
      .expect(400);
    expect(response.body).toMatchObject({
      code: 'BAD_REQUEST',
      errors: { range: 'must be given once, as JSON' },
    });
  });

  it('accepts the largest page, 1000 records', async () => {
    const response = await listRecords(testApp, org, 'deal', { range: [0, 999] }).expect(200);
    expect(response.headers['content-range']).toBe('deal */0');
  });

  it('answers 404 DEFINITION_NOT_FOUND for an unknown object', async () => {
    const response = await listRecords(testApp, org, 'nope').expect(404);
    expect(response.body).toEqual({
      status: 404,
      code: 'DEFINITION_NOT_FOUND',
      message: 'No object named "nope"',
      request_id: expect.any(String),
      ...PROBLEM_MEMBERS,
    });
  });

  it('answers an amount beyond any stored one with an empty list, not an error', async () => {
    const response = await listRecords(testApp, org, 'deal', {
      filter: { amount_gt: 1e300 },
    }).expect(200);
    expect(response.body).toEqual([]);
  });

  it('refuses to store a date in year 0, so lists sorted by that date keep working', async () => {
    const created = await testApp
      .http()
      .post('/api/objects/deal')
      .set(org.headers)
      .send({ name: 'Ancient', close_date: '0000-01-01', closed_at: '0000-06-01T00:00:00Z' })
      .expect(400);
    expect(created.body.errors).toEqual({ close_date: DATE_MESSAGE, closed_at: DATE_TIME_MESSAGE });
    await listRecords(testApp, org, 'deal', { sort: ['close_date', 'ASC'] }).expect(200);
  });
});
