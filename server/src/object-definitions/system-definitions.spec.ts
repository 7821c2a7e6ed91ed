import { createAjv } from './ajv.factory';
import { readSystemDefinitionFiles } from './definition-files';
import { compileDefinitionSchema, JSON_SCHEMA_DIALECT } from './definition-schema.compiler';
import type { ObjectDefinitionInput } from './definition.types';
import { validateDefinition } from './definition.validator';
import { ObjectDefinitionsService } from './object-definitions.service';

/** The system objects of docs/domain.md ("Objects and their state machines"). */
const DOMAIN_OBJECTS = [
  'person',
  'company',
  'deal',
  'proposal',
  'contract',
  'engagement',
  'project',
  'milestone',
  'task',
  'invoice_schedule',
  'invoice',
  'payment',
  'vendor',
  'bill',
  'product',
  'order',
  'file',
  'thread',
  'message',
  'appointment',
];

describe(readSystemDefinitionFiles.name, () => {
  const files = readSystemDefinitionFiles();

  it('finds exactly the docs/domain.md objects, in name order, without the meta-schema', () => {
    const names = files.map(({ file }) => file.replace(/\.json$/, ''));
    expect(names).toEqual([...DOMAIN_OBJECTS].sort());
  });

  it('ships every definition valid, named after its file, with a schema AJV compiles', () => {
    const ajv = createAjv();
    const failures = files.flatMap(({ file, content }) => {
      const problems = validateDefinition(content).map((p) => `${p.path}: ${p.message}`);
      const definition = content as ObjectDefinitionInput;
      if (`${definition.name}.json` !== file) {
        problems.push(`name: must match the file name (${file})`);
      }
      if (problems.length === 0) {
        const schema = compileDefinitionSchema(definition);
        try {
          ajv.compile(schema);
        } catch (error) {
          problems.push(`schema: ${(error as Error).message}`);
        }
        if (schema.$schema !== JSON_SCHEMA_DIALECT) {
          problems.push('schema: not draft 2020-12');
        }
      }
      return problems.map((problem) => `${file}: ${problem}`);
    });
    expect(failures).toEqual([]);
  });
});

describe(ObjectDefinitionsService.name, () => {
  describe('loadSystemDefinitions', () => {
    it('loads the 20 docs/domain.md objects without touching the database', () => {
      // Loading reads only the shipped files: repository, registry, indexes and transactions
      // stay unused.
      const service = new ObjectDefinitionsService(
        undefined as never,
        undefined as never,
        undefined as never,
        undefined as never,
      );
      const names = service.loadSystemDefinitions().map((definition) => definition.name);
      expect(names).toHaveLength(20);
      expect(names).toEqual([...DOMAIN_OBJECTS].sort());
    });
  });
});
