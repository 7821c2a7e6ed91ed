import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, initApp } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { READ_APPLICATION_NAME } from 'src/database/read-data-source';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { aDeal, anEmail } from '../support/factories';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';
import {
  APP_SERVER_URL_VARIABLE,
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  SERVER_URL_VARIABLE,
  TEMPLATE_VARIABLE,
} from '../support/test-database';

/** The app on `testApp`'s database with `databaseReadUrl`, as a second server process would be. */
async function startAppReadingFrom(
  testApp: TestApp,
  databaseReadUrl: string,
): Promise<{ app: NestFastifyApplication; dataSource: DataSource }> {
  const { url } = testApp.dataSource.options as { url: string };
  const dataSource = createDataSource(url, 4);
  await dataSource.initialize();
  const app = await createApp(dataSource, {
    ...loadAppConfig(),
    logLevel: 'error',
    rateLimitPerMinute: 1_000_000,
    databaseReadUrl,
  });
  await initApp(app);
  return { app, dataSource };
}

interface Connection {
  usename: string;
  query: string;
}

/**
 * DATABASE_READ_URL (docs/scaling.md, "Read replicas"). Here it names the test app's own database,
 * read-only (`default_transaction_read_only`) and under the read pool's `application_name`: a
 * write sent to the read pool fails, and `pg_stat_activity` shows the last statement of each of
 * its connections.
 */
describe('DATABASE_READ_URL', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let app: NestFastifyApplication;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp();
    const readUrl = new URL((testApp.dataSource.options as { url: string }).url);
    readUrl.searchParams.set('options', '-c default_transaction_read_only=on');
    ({ app, dataSource } = await startAppReadingFrom(testApp, readUrl.toString()));
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await testApp.close();
  });

  const http = () => request(app.getHttpServer());

  /** The read pool's connections, with the last statement each ran. */
  function readConnections(): Promise<Connection[]> {
    return testApp.dataSource.query(
      `SELECT usename, query FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1`,
      [READ_APPLICATION_NAME],
    );
  }

  async function readStatements(): Promise<string[]> {
    return (await readConnections()).map((connection) => connection.query);
  }

  it('keeps writes and their answers on the primary, and serves lists, searches and exports from the read pool', async () => {
    const created = await http()
      .post('/api/objects/deal')
      .set(org.headers)
      .send(aDeal({ name: 'Replica deal' }))
      .expect(201);
    const updated = await http()
      .patch(`/api/objects/deal/${created.body.id}`)
      .set(org.headers)
      .send({ next_step: 'Call back' })
      .expect(200);
    expect(updated.body).toMatchObject({ id: created.body.id, next_step: 'Call back' });
    await http().get(`/api/objects/deal/${created.body.id}`).set(org.headers).expect(200);
    expect((await readStatements()).filter((query) => /\brecord\b/.test(query))).toEqual([]);

    const listed = await http().get('/api/objects/deal').set(org.headers).expect(200);
    expect(listed.body).toEqual([updated.body]);
    expect(await readStatements()).toContainEqual(expect.stringMatching(/FROM record r/));

    const searched = await http()
      .post('/api/objects/deal/search')
      .set(org.headers)
      .send({ query: 'Replica' })
      .expect(200);
    expect(searched.body.results.map((deal: { id: string }) => deal.id)).toEqual([created.body.id]);
    // A search page carries its sort keys (the cursor's values).
    expect(await readStatements()).toContainEqual(
      expect.stringMatching(/AS sort_keys FROM record r/),
    );
    const exported = await http().get('/api/objects/deal/export.csv').set(org.headers).expect(200);
    expect(exported.text).toContain('Replica deal');
    // The export's snapshot: a read-only transaction, its cursor read out, then committed.
    expect(await readStatements()).toContain('COMMIT');
  });

  it('connects the read pool with the role the primary uses', async () => {
    const [primary] =
      await testApp.dataSource.query<Array<{ current_user: string }>>('SELECT current_user');
    const connections = await readConnections();
    expect(connections.length).toBeGreaterThan(0);
    expect(new Set(connections.map((connection) => connection.usename))).toEqual(
      new Set([primary?.current_user]),
    );
  });
});

/**
 * A replica that lags behind, taken to the extreme: DATABASE_READ_URL names a copy of the migrated
 * template, which never sees the test's organization. What must see one's own writes still does.
 */
describe('DATABASE_READ_URL on a replica that lags behind', () => {
  const serverUrl = process.env[SERVER_URL_VARIABLE] ?? '';
  const stale = `${process.env[TEMPLATE_VARIABLE] ?? ''}_stale_${process.env.JEST_WORKER_ID ?? '0'}`;
  let testApp: TestApp;
  let dataSource: DataSource;
  let app: NestFastifyApplication;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp();
    await recreateDatabase(serverUrl, stale, process.env[TEMPLATE_VARIABLE]);
    const appServerUrl = process.env[APP_SERVER_URL_VARIABLE] ?? serverUrl;
    ({ app, dataSource } = await startAppReadingFrom(testApp, databaseUrl(appServerUrl, stale)));
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await dropDatabase(serverUrl, stale);
    await testApp.close();
  });

  const http = () => request(app.getHttpServer());

  it('answers a write and reads by id or by idProperty from the primary, and lists from the replica', async () => {
    const email = anEmail();
    const created = await http()
      .post('/crm/v3/objects/contacts')
      .set(org.headers)
      .send({ properties: { email, firstname: 'Ada' } })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await http().get(`/api/objects/person/${id}`).set(org.headers).expect(200);
    // HubSpot's idProperty lookup decides reads and upserts: it must see the write before it.
    const byEmail = await http()
      .get(`/crm/v3/objects/contacts/${encodeURIComponent(email)}`)
      .query({ idProperty: 'email' })
      .set(org.headers)
      .expect(200);
    expect(byEmail.body).toMatchObject({ id });
    const upserted = await http()
      .post('/crm/v3/objects/contacts/batch/upsert')
      .set(org.headers)
      .send({ inputs: [{ idProperty: 'email', id: email, properties: { firstname: 'Grace' } }] })
      .expect(200);
    expect(upserted.body.results).toEqual([expect.objectContaining({ id, new: false })]);

    const listed = await http().get('/api/objects/person').set(org.headers).expect(200);
    expect([listed.body, listed.headers['content-range']]).toEqual([[], 'person */0']);
  });
});
