import { readSystemDefinitionFiles } from './definition-files';
import { validateDefinition } from './definition.validator';
import { createAjv } from './ajv.factory';
it('explore', () => {
  let t = Date.now();
  validateDefinition({});
  console.log('meta', Date.now() - t);
  t = Date.now();
  for (const { content } of readSystemDefinitionFiles()) validateDefinition(content);
  console.log('all', Date.now() - t);
  t = Date.now();
  for (let i = 0; i < 20; i++) createAjv();
  console.log('20 ajv', Date.now() - t);
  const n = readSystemDefinitionFiles().flatMap((f) => (f.content as { properties: Array<{ default?: unknown }> }).properties).filter((p) => p.default !== undefined).length;
  console.log('defaults', n);
});
