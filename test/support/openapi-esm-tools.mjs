// ES-module-only OpenAPI tools, run as a child process: Jest (CommonJS here) cannot load them.
//   node test/support/openapi-esm-tools.mjs validate <document.json>…   → JSON results on stdout
//   node test/support/openapi-esm-tools.mjs types <document.json> <out.ts> → openapi-typescript types
import { Validator } from '@seriousme/openapi-schema-validator';
import { readFile, writeFile } from 'node:fs/promises';
import process from 'node:process';
import openapiTS, { astToString } from 'openapi-typescript';

async function validate(files) {
  const results = [];
  for (const file of files) {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(await readFile(file, 'utf8')));
    results.push({ file, valid: result.valid, version: validator.version, errors: result.errors });
  }
  return results;
}

async function types(input, output) {
  const document = JSON.parse(await readFile(input, 'utf8'));
  const ast = await openapiTS(document, { alphabetize: true });
  await writeFile(output, astToString(ast));
  return { output };
}

const [command, ...args] = process.argv.slice(2);
const run =
  command === 'validate' ? validate(args) : command === 'types' ? types(args[0], args[1]) : null;
if (!run) {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await run)}\n`);
