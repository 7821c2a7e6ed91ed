import { Logger } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { systemContext } from 'src/organizations/request-context';
import { RecordsService } from 'src/records/records.service';
import { runCli } from './cli-context';

interface SeedRecord {
  id: string;
  [property: string]: unknown;
}

function seedsDir(): string {
  return resolve(__dirname, '..', '..', '..', '..', 'seeds');
}

/**
 * `npm run seed`: loads seeds/<object>.json into the default organization through the record
 * service (validation applies). Idempotent: a record whose id exists is left as it is.
 */
runCli('Seed', async ({ app }) => {
  const logger = new Logger('Seed');
  const context = systemContext(await app.get(OrganizationsService).defaultOrganizationId());
  const records = app.get(RecordsService);
  const files = readdirSync(seedsDir())
    .filter((file) => file.endsWith('.json'))
    .sort();
  let created = 0;
  let kept = 0;
  for (const file of files) {
    const object = file.slice(0, -'.json'.length);
    const rows = JSON.parse(readFileSync(join(seedsDir(), file), 'utf8')) as SeedRecord[];
    let createdHere = 0;
    for (const { id, ...properties } of rows) {
      if (await records.recordExists(context, object, id)) {
        continue;
      }
      await records.createRecord(context, object, properties, { id, isTrusted: true });
      createdHere++;
    }
    created += createdHere;
    kept += rows.length - createdHere;
    logger.log(
      `${object.padEnd(18)} ${String(createdHere).padStart(4)} created, ${rows.length - createdHere} already there`,
    );
  }
  logger.log(`Done: ${created} records created, ${kept} already there.`);
});
