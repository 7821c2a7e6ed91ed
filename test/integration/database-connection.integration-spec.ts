import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { loadAppConfig } from 'src/config/app-config';
import { connectDatabase } from 'src/database/database-connection';
import {
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  SERVER_URL_VARIABLE,
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
      // The test server's URL is the superuser's: an operator doing that is warned.
      expect(warn.mock.calls.map(([message]) => String(message))).toContainEqual(
        expect.stringMatching(/DATABASE_URL connects as a superuser/),
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
