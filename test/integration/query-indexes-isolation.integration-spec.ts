import { randomBytes, randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { createApp, initApp } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { migrate } from 'src/database/database-connection';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import { DataModelClient } from '../support/data-model-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';
import {
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  SERVER_URL_VARIABLE,
} from '../support/test-database';

/** Runtime index names end in a hash of their definition: tests name them without it. */
async function runtimeIndexes(testApp: Pick<TestApp, 'dataSource'>): Promise<string[]> {
  const rows = await testApp.dataSource.query<Array<{ name: string }>>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'record'::regclass AND c.relname LIKE 'rx\\_%' AND i.indisvalid`,
  );
  return rows.map((row) => row.name.replace(/_[0-9a-f]{6}$/, ''));
}

describe('Runtime indexes: first start and isolation', () => {
  it('builds the system objects’ indexes on the first start of a fresh database, without a restart', async () => {
    const serverUrl = process.env[SERVER_URL_VARIABLE]!;
    const database = `plinth_test_fresh_${randomUUID().slice(0, 8)}`;
    await recreateDatabase(serverUrl, database);
    const dataSource = createDataSource(databaseUrl(serverUrl, database), 4);
    await dataSource.initialize();
    try {
      await migrate(dataSource);
      const app = await createApp(dataSource, { ...loadAppConfig(), logLevel: 'error' });
      await initApp(app);
      try {
        // Only the runs start-up scheduled itself: none is started by the test.
        await app.get(PropertyIndexesService).idle();
        expect(await runtimeIndexes({ dataSource })).toEqual(
          expect.arrayContaining(['rx_t_stage', 'rx_d_close_date', 'rx_n_total', 'rx_d_due_date']),
        );
      } finally {
        await app.close();
      }
    } finally {
      await dataSource.destroy();
      await dropDatabase(serverUrl, database);
    }
  }, 120_000);

  describe('another object’s values under the same property name', () => {
    let testApp: TestApp;
    let api: DataModelClient;

    beforeAll(async () => {
      testApp = await sharedTestApp();
      api = new DataModelClient(testApp, await testApp.createOrganization());
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('neither fail that object’s writes nor the shared index’s build', async () => {
      const name = await api.newObject({
        primary_display_property: 'title',
        properties: [
          { name: 'title', type: 'text', label: 'Title' },
          // Named like invoice's indexed currency and date properties.
          { name: 'total', type: 'long_text', label: 'Total' },
          { name: 'due_date', type: 'text', label: 'Due date' },
        ],
      });
      // More digits than `numeric` holds, and text far past a btree entry's size limit.
      await api
        .createRecord(name, {
          title: 'odd',
          total: '9'.repeat(140_000),
          due_date: randomBytes(6000).toString('base64'),
        })
        .expect(201);

      const indexes = testApp.app.get(PropertyIndexesService);
      // No build of this object's new definition is still in flight to rebuild them first.
      await indexes.idle();
      await testApp.dataSource.query(
        `DO $$ DECLARE i text; BEGIN
           FOR i IN SELECT relname FROM pg_class WHERE relname LIKE 'rx\\_n\\_total\\_%' OR relname LIKE 'rx\\_d\\_due\\_date\\_%'
           LOOP EXECUTE format('DROP INDEX %I', i); END LOOP; END $$`,
      );
      const rebuilt = await indexes.sync();
      expect(rebuilt.failed).toEqual([]);
      expect(rebuilt.created.map((n: string) => n.replace(/_[0-9a-f]{6}$/, ''))).toEqual(
        expect.arrayContaining(['rx_n_total', 'rx_d_due_date']),
      );
      expect(indexes.status()).toEqual({ failing: [] });
      const health = await testApp.http().get('/api/health').expect(200);
      expect(health.body).toMatchObject({ status: 'ok', indexes: { failing: [] } });
    });
  });
});
