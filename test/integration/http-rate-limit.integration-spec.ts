import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const LIMIT = 5;

/** Per-caller budgets: RateLimit-* headers, 429 with the error body and Retry-After. */
describe('HTTP rate limit', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp({ rateLimitPerMinute: LIMIT });
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const list = (headers: Record<string, string>) =>
    testApp.http().get('/api/objects/deal').set(headers);

  it('counts down in RateLimit-* headers, then answers 429 RATE_LIMITED with Retry-After', async () => {
    for (let used = 1; used <= LIMIT; used += 1) {
      const response = await list(organization.headers).expect(200);
      expect(response.headers['ratelimit-limit']).toBe(String(LIMIT));
      expect(response.headers['ratelimit-remaining']).toBe(String(LIMIT - used));
      expect(Number(response.headers['ratelimit-reset'])).toBeGreaterThan(0);
    }
    const refused = await list(organization.headers).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      type: 'https://plinth.dev/errors/rate-limited',
      request_id: refused.headers['x-request-id'],
    });
  });

  it("keeps one organization's budget apart from another's", async () => {
    for (let used = 1; used <= LIMIT; used += 1) {
      await list(organization.headers).expect(200);
    }
    await list(organization.headers).expect(429);
    const other = await testApp.createOrganization();
    await list(other.headers).expect(200);
  });

  it('never limits the health probes', async () => {
    for (let used = 0; used <= LIMIT + 1; used += 1) {
      await testApp.http().get('/api/health/live').expect(200);
    }
  });
});
