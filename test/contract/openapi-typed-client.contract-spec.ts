import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import createClient from 'openapi-fetch';
import type { OpenApiDocument } from 'src/openapi/openapi.types';
import ts from 'typescript';
import { fetchOpenApiDocument, generateOpenApiTypes } from '../support/openapi-tools';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/**
 * The contract with integrators who generate a typed client from the OpenAPI document
 * (openapi-typescript + openapi-fetch): the generated types accept right calls and reject wrong
 * ones at compile time, and the client works against the running app. In the contract tier, not
 * the integration tier: compiling the generated types takes seconds of CPU.
 */
/** Inside node_modules so the generated client resolves openapi-fetch; ignored by every tool. */
function generatedDirectory(): string {
  const base = resolve(__dirname, '..', '..', 'node_modules', '.cache', 'plinth-openapi-client');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, 'run-'));
}

/** Type-checks files with the TypeScript compiler; returns the diagnostics as text. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    const where = `${diagnostic.file?.fileName.split('/').pop() ?? ''}:${(line ?? 0) + 1}`;
    return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('OpenAPI document', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const fetchDocument = (organization: TestOrganization): Promise<OpenApiDocument> =>
    fetchOpenApiDocument(testApp, organization);

  describe('a typed client generated from the document', () => {
    let dir: string;

    beforeAll(() => {
      dir = generatedDirectory();
    });

    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('type-checks calls and rejects wrong ones at compile time', async () => {
      await generateOpenApiTypes(await fetchDocument(org), join(dir, 'plinth-api.ts'));
      const usage = join(dir, 'usage.ts');
      writeFileSync(
        usage,
        [
          "import createClient from 'openapi-fetch';",
          "import type { components, paths } from './plinth-api';",
          "const client = createClient<paths>({ baseUrl: 'http://127.0.0.1' });",
          'export async function usage(): Promise<string | undefined> {',
          "  const created = await client.POST('/api/objects/deal', { body: { name: 'Typed', stage: 'won' } });",
          "  const deal: components['schemas']['Deal'] | undefined = created.data;",
          '  const code: string | undefined = created.error?.code;',
          "  await client.PATCH('/api/objects/deal/{id}', { params: { path: { id: 'x' } }, body: { next_step: null } });",
          '  // @ts-expect-error stage is one of the options',
          "  await client.POST('/api/objects/deal', { body: { name: 'x', stage: 'bogus' } });",
          '  // @ts-expect-error name is required',
          "  await client.POST('/api/objects/deal', { body: { amount: '1.00' } });",
          '  // @ts-expect-error an update checks the types of the properties it names',
          "  await client.PATCH('/api/objects/deal/{id}', { params: { path: { id: 'x' } }, body: { probability: 'high' } });",
          '  // @ts-expect-error there is no such path',
          "  await client.GET('/api/objects/spaceship');",
          '  return deal?.stage ?? code;',
          '}',
        ].join('\n'),
      );
      expect(typeErrors([usage])).toEqual([]);
    });

    it('creates, reads, lists, updates and deletes records against the running app', async () => {
      const baseUrl = await testApp.listen();
      const client = createClient<any>({ baseUrl, headers: org.headers });
      const created = await client.POST('/api/objects/deal', {
        body: { name: 'Typed client deal', amount: '12500.00', stage: 'qualified' },
      });
      expect(created.response.status).toBe(201);
      const id = created.data.id as string;
      const read = await client.GET('/api/objects/deal/{id}', { params: { path: { id } } });
      expect(read.data).toEqual(created.data);
      const list = await client.GET('/api/objects/deal', {
        params: {
          query: {
            filter: JSON.stringify({
              stage: ['qualified', 'won'],
              amount_gte: 10000,
              q: 'typed client',
            }),
            sort: JSON.stringify(['amount', 'DESC']),
            range: JSON.stringify([0, 9]),
          },
        },
      });
      expect(list.data.map((deal: { id: string }) => deal.id)).toEqual([id]);
      expect(list.response.headers.get('content-range')).toBe('deal 0-0/1');
      const patched = await client.PATCH('/api/objects/deal/{id}', {
        params: { path: { id } },
        body: { stage: 'proposal', amount: null },
      });
      expect(patched.data).toMatchObject({ id, stage: 'proposal' });
      expect(patched.data).not.toHaveProperty('amount');
      const replaced = await client.PUT('/api/objects/deal/{id}', {
        params: { path: { id } },
        body: { next_step: 'Invoice' },
      });
      expect(replaced.data).toMatchObject({ stage: 'proposal', next_step: 'Invoice' });
      const deleted = await client.DELETE('/api/objects/deal/{id}', { params: { path: { id } } });
      expect(deleted.data).toMatchObject({ id });
      const gone = await client.GET('/api/objects/deal/{id}', { params: { path: { id } } });
      expect(gone.error).toMatchObject({ status: 404, code: 'RECORD_NOT_FOUND' });
    });
  });
});
