import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createApp } from 'src/app.setup';
import { sidesOf } from 'src/association-definitions/association-definitions.service';
import type { AssociationDefinition } from 'src/association-definitions/association.types';
import { readSystemAssociations } from 'src/association-definitions/system-associations';
import { loadAppConfig } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { buildOpenApiDocument } from 'src/openapi/openapi-document.builder';
import { createFixedOpenApiDocument } from 'src/openapi/openapi-fixed-document';
import { toOpenApiLinks } from 'src/openapi/openapi-links';
import type { OpenApiDefinition, OpenApiDocument } from 'src/openapi/openapi.types';
import { systemOpenApiDefinitions } from 'src/openapi/system-openapi-definitions';

/** `server/openapi.json`, found from here whether run from src or dist. */
export function openApiFilePath(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(dir, 'tsconfig.build.json'))) {
      return join(dir, 'openapi.json');
    }
    dir = dirname(dir);
  }
  throw new Error('server/tsconfig.build.json not found above ' + __dirname);
}

/** The system objects with the sides of the shipped system associations, as a new organization has. */
function systemDefinitionsWithLinks(): OpenApiDefinition[] {
  // Only the declared parts of an association shape its sides; the rest is bookkeeping.
  const associations = readSystemAssociations().map(
    (input) => ({ ...input, id: input.name }) as AssociationDefinition,
  );
  return systemOpenApiDefinitions().map((definition) => ({
    ...definition,
    links: toOpenApiLinks(
      associations.flatMap((association) => sidesOf(association, definition.name)),
    ),
  }));
}

/**
 * The document of an organization holding only the system objects, built without a database:
 * the Nest app is created (never connected) for its decorators, the objects come from the files.
 */
export async function buildSystemOpenApiDocument(): Promise<OpenApiDocument> {
  const unconnected = createDataSource('postgres://localhost/plinth_openapi_unconnected');
  const app = await createApp(
    unconnected,
    { ...loadAppConfig(), logLevel: 'error' },
    { isLoggerOwner: false },
  );
  try {
    return buildOpenApiDocument(createFixedOpenApiDocument(app), systemDefinitionsWithLinks());
  } finally {
    await app.close();
  }
}

/** The checked-in form: two-space JSON, keys sorted (by the builder), a final newline. */
export function serializeOpenApiDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
