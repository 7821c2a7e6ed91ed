import { Logger } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import 'reflect-metadata';
import { loggerLevels } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import {
  buildSystemOpenApiDocument,
  openApiFilePath,
  serializeOpenApiDocument,
} from './openapi-document-file';

/** `npm run openapi:sync`: writes server/openapi.json (the system objects' document). */
async function main(): Promise<void> {
  const document = await buildSystemOpenApiDocument();
  const file = openApiFilePath();
  Logger.overrideLogger(loggerLevels(loadAppConfig().logLevel));
  writeFileSync(file, serializeOpenApiDocument(document));
  new Logger('OpenApiSync').log(`Wrote ${file} (${Object.keys(document.paths).length} paths).`);
}

main().catch((error: unknown) => {
  new Logger('OpenApiSync').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
