import { Logger } from '@nestjs/common';
import { startEmbeddedPostgres } from 'src/database/embedded-postgres';

/**
 * A stand-in for one Plinth process on an embedded cluster (tests kill it for real): uses the
 * cluster of the data dir given as argument, prints `READY <json>`, leaves it on SIGTERM.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const database = await startEmbeddedPostgres(process.argv[2] ?? '');
  const { serverUrl, isOwner } = database;
  process.stdout.write(`READY ${JSON.stringify({ serverUrl, isOwner })}\n`);
  process.once('SIGTERM', () => {
    void database.stop().finally(() => process.exit(0));
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
