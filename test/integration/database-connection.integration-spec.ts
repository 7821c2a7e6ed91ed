import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { loadAppConfig } from 'src/config/app-config';
import { connectDatabase } from 'src/database/database-connection';
import {
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  SERVER_URL_VARIABLE,
  withClient,
} from '../support/test-database';

describe('connectDatabase', () => {
  const serverUrl = process.env[SERVER_URL_VARIABLE] ?? '';
  const name = `plinth_test_empty_${randomUUID().slice(0, 8)}`;

  beforeAll(() => recreateDatabase(serverUrl, name));
  afterAll(() => dropDatabase(serverUrl, name));

  it('migrates an empty database and connects (what a first npm start does)', async () => {
    const config = { ...loadAppConfig(), databaseUrl: databaseUrl(serverUrl, name) };
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const connection = await connectDatabase(config);
    try {
      // The test server's URL is the superuser's (unless TEST_DATABASE_URL names another
      // user): an operator doing that is warned.
      const isSuperuser = await withClient(serverUrl, async (client) => {
        const { rows } = await client.query<{ rolsuper: boolean }>(
          'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
        );
        return rows[0]?.rolsuper === true;
      });
      const warnings = warn.mock.calls.map(([message]) => String(message));
      expect(warnings.some((message) => /DATABASE_URL connects as a superuser/.test(message))).toBe(
        isSuperuser,
      );
      const rows: { count: string }[] = await connection.dataSource.query(
        'SELECT count(*) AS count FROM typeorm_migration',
      );
      expect(Number(rows[0]?.count)).toBeGreaterThan(5);
      expect(connection.embedded).toBe('none');
    } finally {
      warn.mockRestore();
      await connection.close();
    }
  });
});
