import { Logger } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { ApiKeysService } from 'src/access/api-keys.service';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { systemContext } from 'src/organizations/request-context';
import { runCli } from './cli-context';

const USAGE =
  'npm run api-key -- --name <name> (--role <role> | --scopes a,b) [--organization <slug|id>]';

function options(): { name: string; role?: string; scopes?: string[]; organization?: string } {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      scopes: { type: 'string' },
      organization: { type: 'string' },
    },
  });
  if (values.name === undefined || (values.role === undefined) === (values.scopes === undefined)) {
    throw new Error(`Usage: ${USAGE}`);
  }
  return {
    name: values.name,
    ...(values.role !== undefined ? { role: values.role } : {}),
    ...(values.scopes !== undefined
      ? { scopes: values.scopes.split(',').map((scope) => scope.trim()) }
      : {}),
    ...(values.organization !== undefined ? { organization: values.organization } : {}),
  };
}

/**
 * `npm run api-key -- --role admin --name ci`: a new API key of an organization (the default one
 * unless --organization names another), printed as the last line of the output. Works whether or
 * not the server runs (the embedded database is joined or started, like `npm run seed`).
 */
runCli('ApiKey', async ({ app }) => {
  const input = options();
  const organizations = app.get(OrganizationsService);
  const organizationId =
    input.organization === undefined
      ? await organizations.defaultOrganizationId()
      : (await organizations.getOrganization(input.organization)).id;
  const { row, key } = await app
    .get(ApiKeysService)
    .createApiKey(systemContext(organizationId), input);
  new Logger('ApiKey').log(
    `Created API key "${row.name}" (${row.prefix}…, ${row.role ?? (row.scopes ?? []).join(',')}); it is shown once:`,
  );
  return key;
});
