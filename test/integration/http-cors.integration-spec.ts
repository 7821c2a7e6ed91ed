import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const LISTED = 'https://crm.example.com';
const UNLISTED = 'https://evil.example.net';

function headerList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

/** CORS answers only the origins in CORS_ORIGINS, with credentials; every other origin gets nothing. */
describe('HTTP: CORS', () => {
  describe('with CORS_ORIGINS set', () => {
    let testApp: TestApp;
    let organization: TestOrganization;

    beforeAll(async () => {
      testApp = await startTestApp({ corsOrigins: [LISTED, 'http://localhost:5173'] });
      organization = await testApp.createOrganization();
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('answers a listed origin with its own origin and credentials allowed', async () => {
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .set(organization.headers)
        .set('Origin', LISTED)
        .expect(200);
      expect(response.headers['access-control-allow-origin']).toBe(LISTED);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
      expect(headerList(response.headers['access-control-expose-headers'])).toContain(
        'content-range',
      );
    });

    it('lets a listed origin preflight every header the API reads', async () => {
      const response = await testApp
        .http()
        .options('/api/objects/deal')
        .set('Origin', LISTED)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization,if-match')
        .expect(204);
      expect(response.headers['access-control-allow-origin']).toBe(LISTED);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
      expect(headerList(response.headers['access-control-allow-headers'])).toEqual(
        expect.arrayContaining([
          'authorization',
          'x-organization-id',
          'x-requested-with',
          'idempotency-key',
          'if-match',
          'content-type',
          'range',
        ]),
      );
      expect(headerList(response.headers['access-control-allow-methods'])).toContain('patch');
    });

    it('gives an unlisted origin no CORS header, on a request or a preflight', async () => {
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .set(organization.headers)
        .set('Origin', UNLISTED)
        .expect(200);
      expect(corsHeaders(response.headers)).toEqual([]);

      const preflight = await testApp
        .http()
        .options('/api/objects/deal')
        .set('Origin', UNLISTED)
        .set('Access-Control-Request-Method', 'DELETE')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(preflight.status).not.toBe(204);
      expect(corsHeaders(preflight.headers)).toEqual([]);
    });

    it('does not take an origin that only starts like a listed one', async () => {
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .set(organization.headers)
        .set('Origin', `${LISTED}.evil.example.net`)
        .expect(200);
      expect(corsHeaders(response.headers)).toEqual([]);
    });
  });

  describe('by default (no CORS_ORIGINS)', () => {
    let testApp: TestApp;
    let organization: TestOrganization;

    beforeAll(async () => {
      testApp = await startTestApp({ corsOrigins: [] });
      organization = await testApp.createOrganization();
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('answers no origin with CORS headers, not even a local development one', async () => {
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .set(organization.headers)
        .set('Origin', 'http://localhost:5173')
        .expect(200);
      expect(corsHeaders(response.headers)).toEqual([]);

      const preflight = await testApp
        .http()
        .options('/api/objects/deal')
        .set('Origin', 'http://localhost:5173')
        .set('Access-Control-Request-Method', 'GET');
      expect(corsHeaders(preflight.headers)).toEqual([]);
    });
  });
});

function corsHeaders(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.toLowerCase().startsWith('access-control-'));
}
