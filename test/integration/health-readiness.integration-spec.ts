import { sharedTestApp, type TestApp } from '../support/test-app';
import { SERVER_URL_VARIABLE, withClient } from '../support/test-database';

/** Liveness never looks at the database; readiness answers 503 while it is gone, 200 once back. */
describe('Health', () => {
  let testApp: TestApp;
  let database: string;
  const serverUrl = (): string => String(process.env[SERVER_URL_VARIABLE]);

  /** Cuts the app off its database: no new connections, and the pooled ones are terminated. */
  async function takeDatabaseAway(): Promise<void> {
    await withClient(serverUrl(), async (client) => {
      await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [database],
      );
    });
  }

  async function bringDatabaseBack(): Promise<void> {
    await withClient(serverUrl(), async (client) => {
      await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    });
  }

  beforeAll(async () => {
    testApp = await sharedTestApp();
    const rows: Array<{ name: string }> = await testApp.dataSource.query(
      'SELECT current_database() AS name',
    );
    database = String(rows[0]?.name);
  });

  afterAll(async () => {
    await bringDatabaseBack();
    await testApp.close();
  });

  it('is live and ready while the database answers', async () => {
    expect((await testApp.http().get('/api/health/live').expect(200)).body).toEqual({
      status: 'ok',
    });
    for (const path of ['/api/health', '/api/health/ready']) {
      expect((await testApp.http().get(path).expect(200)).body).toMatchObject({
        status: 'ok',
        database: 'ok',
        indexes: { failing: [] },
        workers: { listening: 1, expected: 1 },
      });
    }
  });

  it('answers 503 with the error body and Retry-After while the database is gone, 200 when back', async () => {
    await takeDatabaseAway();
    for (const path of ['/api/health', '/api/health/ready']) {
      const response = await testApp.http().get(path).expect(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        type: 'https://plinth.dev/errors/service-unavailable',
        request_id: response.headers['x-request-id'],
      });
    }
    await testApp.http().get('/api/health/live').expect(200);
    await bringDatabaseBack();
    await testApp.http().get('/api/health/ready').expect(200);
  });
});
