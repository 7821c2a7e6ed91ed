import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OpenApiDocument } from 'src/openapi/openapi.types';
import type { TestApp, TestOrganization } from './test-app';

const TOOLS = join(__dirname, 'openapi-esm-tools.mjs');
const run = promisify(execFile);

export interface ValidationResult {
  file: string;
  valid: boolean;
  version?: string;
  errors?: unknown;
}

/** A fresh temporary directory for generated files. */
export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/**
 * Validates documents with @seriousme/openapi-schema-validator (the OpenAPI 3.1 JSON Schemas).
 * It is an ES module, which Jest cannot load, so it runs in a child Node process.
 */
export async function validateOpenApiDocuments(documents: unknown[]): Promise<ValidationResult[]> {
  const dir = temporaryDirectory('plinth-openapi');
  const files = documents.map((document, index) => {
    const file = join(dir, `document-${index}.json`);
    writeFileSync(file, JSON.stringify(document));
    return file;
  });
  const { stdout } = await run(process.execPath, [TOOLS, 'validate', ...files], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ValidationResult[];
}

/** TypeScript types of a document from openapi-typescript (`openapiTS` + `astToString`). */
export async function generateOpenApiTypes(document: unknown, output: string): Promise<void> {
  const input = `${output}.openapi.json`;
  writeFileSync(input, JSON.stringify(document));
  await run(process.execPath, [TOOLS, 'types', input, output], { maxBuffer: 64 * 1024 * 1024 });
}

/** The OpenAPI document the app serves to `organization`'s credentials. */
export async function fetchOpenApiDocument(
  testApp: TestApp,
  organization: TestOrganization,
): Promise<OpenApiDocument> {
  const response = await testApp
    .http()
    .get('/api/openapi.json')
    .set(organization.headers)
    .expect(200);
  return response.body as OpenApiDocument;
}
