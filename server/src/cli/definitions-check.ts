import { Logger } from '@nestjs/common';
import { readSystemDefinitionFiles } from 'src/object-definitions/definition-files';
import { formatProblems, validateDefinition } from 'src/object-definitions/definition.validator';

/** `npm run definitions:check`: validates every object-definitions/*.json against the meta-schema. */
function main(): void {
  const logger = new Logger('DefinitionsCheck');
  const files = readSystemDefinitionFiles();
  const failures = files.flatMap(({ file, content }) => {
    const problems = validateDefinition(content);
    if (`${String((content as { name?: unknown }).name)}.json` !== file) {
      problems.push({ path: 'name', message: `must match the file name (${file})` });
    }
    return problems.length > 0 ? [formatProblems(`object-definitions/${file}`, problems)] : [];
  });
  if (failures.length > 0) {
    logger.error(`Invalid definitions:\n${failures.join('\n')}`);
    process.exit(1);
  }
  logger.log(`${files.length} definitions are valid.`);
}

main();
