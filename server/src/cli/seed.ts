import { Logger } from '@nestjs/common';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { systemContext } from 'src/organizations/request-context';
import { runCli } from './cli-context';
import { loadSeeds } from './seed-records';

/**
 * `npm run seed`: loads seeds/<object>.json into the default organization through the record
 * service (validation and the transitions apply; cli/seed-records.ts). Idempotent.
 */
runCli('Seed', async ({ app }) => {
  const logger = new Logger('Seed');
  const context = systemContext(await app.get(OrganizationsService).defaultOrganizationId());
  const counts = await loadSeeds(app, context);
  for (const { object, created, kept } of counts) {
    logger.log(
      `${object.padEnd(18)} ${String(created).padStart(4)} created, ${kept} already there`,
    );
  }
  const created = counts.reduce((sum, c) => sum + c.created, 0);
  const kept = counts.reduce((sum, c) => sum + c.kept, 0);
  logger.log(`Done: ${created} records created, ${kept} already there.`);
});
