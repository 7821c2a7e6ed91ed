import { Logger } from '@nestjs/common';
import { readSystemDefinitionFiles } from 'src/object-definitions/definition-files';
import { systemDefinitionFailures } from 'src/object-definitions/definition.validator';

/** `npm run definitions:check`: validates every object-definitions/*.json against the meta-schema. */
function main(): void {
  const logger = new Logger('DefinitionsCheck');
  const files = readSystemDefinitionFiles();
  const failures = systemDefinitionFailures(files);
  if (failures.length > 0) {
    logger.error(`Invalid definitions:\n${failures.join('\n')}`);
    process.exit(1);
  }
  logger.log(`${files.length} definitions are valid.`);
}

main();
