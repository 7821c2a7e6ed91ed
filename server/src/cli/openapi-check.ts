import { Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import 'reflect-metadata';
import { loggerLevels } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import {
  buildSystemOpenApiDocument,
  openApiFilePath,
  serializeOpenApiDocument,
} from './openapi-document-file';

const SHOWN_DIFFERENCES = 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Where two JSON values differ, as JSON pointers: `/paths/~1api~1objects~1deal/get: changed`. */
function differences(left: unknown, right: unknown, pointer = '', found: string[] = []): string[] {
  if (found.length >= SHOWN_DIFFERENCES) {
    return found;
  }
  if (!isObject(left) || !isObject(right) || Array.isArray(left) !== Array.isArray(right)) {
    if (JSON.stringify(left) !== JSON.stringify(right)) {
      found.push(
        `${pointer || '/'}: ${left === undefined ? 'added' : right === undefined ? 'removed' : 'changed'}`,
      );
    }
    return found;
  }
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
    differences(left[key], right[key], `${pointer}/${escaped}`, found);
  }
  return found;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `npm run openapi:check`: fails (exit 1) when server/openapi.json is not what the code and the
 * system definitions generate, so the checked-in contract cannot drift (docs/architecture.md).
 */
async function main(): Promise<void> {
  const file = openApiFilePath();
  const generated = serializeOpenApiDocument(await buildSystemOpenApiDocument());
  Logger.overrideLogger(loggerLevels(loadAppConfig().logLevel));
  const logger = new Logger('OpenApiCheck');
  const checkedIn = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (checkedIn !== generated) {
    const where = differences(parsed(checkedIn), parsed(generated));
    logger.error(
      `${file} is out of date: run \`npm run openapi:sync\` and commit it. Differences (checked in → generated):\n${where.join('\n') || '(formatting only)'}`,
    );
    process.exit(1);
  }
  logger.log('server/openapi.json matches the code and the system definitions.');
}

main().catch((error: unknown) => {
  new Logger('OpenApiCheck').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
