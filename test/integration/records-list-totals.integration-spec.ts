import { EXACT_COUNT_LIMIT } from 'src/common/http/list-query';
import { listRecords, totalOf } from '../support/list-fixtures';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const MORE = EXACT_COUNT_LIMIT + 200;
const LEADS = 40;

/**
 * Totals: counted up to EXACT_COUNT_LIMIT matches, PostgreSQL's estimate beyond it (flagged by
 * X-Total-Estimated), exact on request (`count=exact`) and on the last page.
 */
describe('GET /api/objects/:object totals (Content-Range, X-Total-Estimated)', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp({ corsOrigins: ['http://localhost:5173'] });
    org = await testApp.createOrganization();
    for (let start = 0; start < MORE; start += 1000) {
      const bodies = Array.from({ length: Math.min(1000, MORE - start) }, (_, i) => ({
        name: `Deal ${start + i}`,
        stage: start + i < LEADS ? 'lead' : 'qualified',
      }));
      await testApp
        .http()
        .post('/api/objects/deal/batch')
        .set(org.headers)
        .send(bodies)
        .expect(201);
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('counts exactly when at most the limit match, and says so', async () => {
    const response = await listRecords(testApp, org, 'deal', { filter: { stage: 'lead' } }).expect(
      200,
    );
    expect(response.headers['content-range']).toBe(`deal 0-24/${LEADS}`);
    expect(response.headers['x-total-estimated']).toBe('false');
  });

  it('answers an estimate flagged as such when more than the limit match', async () => {
    const response = await listRecords(testApp, org, 'deal', { range: [0, 24] }).expect(200);
    expect(response.headers['x-total-estimated']).toBe('true');
    // Never below what is known: more than the limit were counted.
    expect(totalOf(response)).toBeGreaterThan(EXACT_COUNT_LIMIT);
    expect(response.body).toHaveLength(25);
  });

  it('counts every match when asked for count=exact', async () => {
    const response = await listRecords(testApp, org, 'deal', {
      filter: { stage: 'qualified' },
      count: 'exact',
    }).expect(200);
    expect(response.headers['content-range']).toBe(`deal 0-24/${MORE - LEADS}`);
    expect(response.headers['x-total-estimated']).toBe('false');
  });

  it('knows the total exactly on the last page, estimate or not', async () => {
    const response = await listRecords(testApp, org, 'deal', {
      range: [MORE - 10, MORE + 14],
    }).expect(200);
    expect(response.body).toHaveLength(10);
    expect(response.headers['content-range']).toBe(`deal ${MORE - 10}-${MORE - 1}/${MORE}`);
    expect(response.headers['x-total-estimated']).toBe('false');
  });

  it('counts full-text matches within the ranking window exactly, without a count query', async () => {
    // "5" as a prefix: Deal 5, 50–59, 500–599.
    const response = await listRecords(testApp, org, 'deal', { filter: { q: 'deal 5' } }).expect(
      200,
    );
    expect(response.headers['content-range']).toBe('deal 0-24/111');
    expect(response.headers['x-total-estimated']).toBe('false');
  });

  it('estimates full-text matches beyond the ranking window, and counts them on request', async () => {
    const estimated = await listRecords(testApp, org, 'deal', { filter: { q: 'deal' } }).expect(
      200,
    );
    expect(estimated.headers['x-total-estimated']).toBe('true');
    expect(totalOf(estimated)).toBeGreaterThanOrEqual(EXACT_COUNT_LIMIT);
    const exact = await listRecords(testApp, org, 'deal', {
      filter: { q: 'deal' },
      count: 'exact',
    }).expect(200);
    expect(exact.headers['content-range']).toBe(`deal 0-24/${MORE}`);
    expect(exact.headers['x-total-estimated']).toBe('false');
  });

  it('exposes the flag to browsers (CORS)', async () => {
    const response = await listRecords(testApp, org, 'deal')
      .set('Origin', 'http://localhost:5173')
      .expect(200);
    const exposed = String(response.headers['access-control-expose-headers']).toLowerCase();
    expect(exposed).toContain('x-total-estimated');
  });

  it.each(['exactly', '', 'true'])(
    'refuses count=%j with a 400 naming the parameter',
    async (value) => {
      const response = await listRecords(testApp, org, 'deal', { count: value }).expect(400);
      expect(response.body).toMatchObject({
        code: 'BAD_REQUEST',
        errors: { count: expect.any(String) },
      });
    },
  );
});
