import { Logger } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { failedRowsCsv } from 'src/imports/import-failures';
import { ImportsService } from 'src/imports/imports.service';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { systemContext } from 'src/organizations/request-context';
import { runCli } from './cli-context';

const USAGE =
  'npm run import -- <object> <file.csv> [--key <property or key>] [--dry-run] [--organization <slug|id>]';

function options(): {
  object: string;
  file: string;
  key?: string;
  isDryRun: boolean;
  organization?: string;
} {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      'dry-run': { type: 'boolean' },
      organization: { type: 'string' },
    },
  });
  const [object, file] = positionals;
  if (object === undefined || file === undefined || positionals.length > 2) {
    throw new Error(`Usage: ${USAGE}`);
  }
  return {
    object,
    file,
    isDryRun: values['dry-run'] === true,
    ...(values.key !== undefined ? { key: values.key } : {}),
    ...(values.organization !== undefined ? { organization: values.organization } : {}),
  };
}

/**
 * `npm run import -- deal deals.csv --key name`: imports a CSV file into an object of an
 * organization (the default one unless --organization names another) as Plinth itself, through
 * the same service and write path as `POST /api/imports`: columns mapped by name or label,
 * create-only, or upsert by --key. A progress bar while it runs; the failed rows, with their
 * reasons, go to `<file>.failed.csv`. --dry-run checks every row and writes nothing.
 */
runCli('Import', async ({ app }) => {
  const input = options();
  const logger = new Logger('Import');
  const organizations = app.get(OrganizationsService);
  const organizationId =
    input.organization === undefined
      ? await organizations.defaultOrganizationId()
      : (await organizations.getOrganization(input.organization)).id;
  // As a request would: the organization holds the shipped system objects first.
  await app.get(SystemDefinitionsBootstrap).ensureCurrent(organizationId);
  const context = systemContext(organizationId);
  const imports = app.get(ImportsService);
  const uploaded = await imports.upload(context, input.object, {
    stream: createReadStream(input.file),
    declaredLength: (await stat(input.file)).size,
    fileName: basename(input.file),
  });
  const unmapped = uploaded.columns.filter((column) => !(column in uploaded.mapping));
  logger.log(
    `${uploaded.rows_total} rows; columns mapped: ${Object.entries(uploaded.mapping)
      .map(([column, property]) => `${column} → ${property}`)
      .join(', ')}${unmapped.length > 0 ? `; not imported: ${unmapped.join(', ')}` : ''}`,
  );
  const settings = {
    mode: input.key === undefined ? ('create' as const) : ('upsert' as const),
    ...(input.key !== undefined ? { key: input.key } : {}),
    mapping: uploaded.mapping,
  };
  if (input.isDryRun) {
    const checked = await imports.dryRun(context, uploaded.id, settings);
    await imports.cancel(context, uploaded.id);
    for (const error of checked.errors) {
      logger.warn(`row ${error.row}: ${error.reason}`);
    }
    return `Dry run: ${checked.rows_valid} of ${checked.rows_total} rows would be written, ${checked.rows_failed} refused; nothing was written.`;
  }
  await imports.start(context, uploaded.id, settings);
  const bar = new SingleBar({
    format:
      'Importing [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}',
  });
  bar.start(uploaded.rows_total, 0, { speed: 0 });
  let job = await imports.getJob(context, uploaded.id);
  while (job.status === 'running') {
    await sleep(250);
    job = await imports.getJob(context, uploaded.id);
    bar.update(job.rows_done, { speed: job.rows_per_second ?? 0 });
  }
  bar.stop();
  if (job.failed > 0) {
    const path = `${input.file}.failed.csv`;
    const out = createWriteStream(path);
    await failedRowsCsv(await imports.failedRows(context, uploaded.id), (chunk) =>
      Promise.resolve(out.write(chunk)),
    );
    await new Promise<void>((resolve) => out.end(resolve));
    logger.warn(`${job.failed} rows were refused; they are in ${path} with their reasons`);
  }
  if (job.error) {
    logger.error(job.error);
  }
  return `Import ${job.status}: ${job.created} created, ${job.updated} updated, ${job.failed} failed (${job.rows_done} of ${job.rows_total} rows).`;
});
