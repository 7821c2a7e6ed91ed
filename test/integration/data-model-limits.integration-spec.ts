import { aShipmentDefinition, DataModelClient, expectError } from '../support/data-model-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

/** Definitions from any admin cannot stall the server or grow without bound. */
describe('Data model: limits of definitions', () => {
  let testApp: TestApp;
  let api: DataModelClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    api = new DataModelClient(testApp, await testApp.createOrganization());
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('patterns', () => {
    it('matches a pattern that backtracks exponentially in linear time, and health answers meanwhile', async () => {
      const name = await api.newObject({
        properties: [{ name: 'code', type: 'text', label: 'Code', pattern: '^(a|a)*$' }],
        primary_display_property: 'code',
      });
      // With a backtracking engine this write alone runs for longer than the test may take
      // (2^60 paths), and the health check queued behind it on the one event loop never answers.
      const [write, health] = await Promise.all([
        api.createRecord(name, { code: `${'a'.repeat(60)}b` }),
        testApp.http().get('/api/health'),
      ]);
      expect(health.status).toBe(200);
      expectError(write, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: code must match the pattern ^(a|a)*$`,
        errors: { code: 'must match the pattern ^(a|a)*$' },
      });
      await api.createRecord(name, { code: 'a'.repeat(10_000) }).expect(201);
    });

    it('runs JavaScript code-point escapes (\\u00e9) the same way', async () => {
      const name = await api.newObject({
        properties: [{ name: 'code', type: 'text', label: 'Code', pattern: '^caf\\u00e9$' }],
        primary_display_property: 'code',
      });
      await api.createRecord(name, { code: 'café' }).expect(201);
      await api.createRecord(name, { code: 'cafe' }).expect(400);
    });

    it.each([
      ['a look-ahead', '^(?=a)a+$'],
      ['a back-reference', '^(a)\\1$'],
    ])('refuses %s, which cannot run in linear time', async (_, pattern) => {
      const response = await api.createObject(
        aShipmentDefinition({
          properties: [{ name: 'code', type: 'text', label: 'Code', pattern }],
          primary_display_property: 'code',
        }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: {
          'properties.code.pattern': expect.stringMatching(
            /^is not supported: patterns run in linear time/,
          ) as unknown,
        },
      });
    });
  });

  describe('quotas', () => {
    function objectsDocument(count: number, prefix: string) {
      return {
        format: 'plinth.object-definitions',
        version: 1,
        definitions: Array.from({ length: count }, (_, i) => ({
          name: `${prefix}_${i}`,
          labels: { singular: 'Thing', plural: 'Things' },
          properties: [{ name: 'title', type: 'text', label: 'Title' }],
        })),
      };
    }

    async function objectCount(): Promise<number> {
      const response = await testApp
        .http()
        .get('/api/object-definitions')
        .set(api.organization.headers)
        .query({ range: JSON.stringify([0, 999]) })
        .expect(200);
      return (response.body as unknown[]).length;
    }

    it('refuses objects past 200 per organization, by import and by create', async () => {
      const before = await objectCount();
      const tooMany = await testApp
        .http()
        .post('/api/definitions/import?dry_run=true')
        .set(api.organization.headers)
        .send(objectsDocument(201 - before, 'many'));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: {
          definitions: expect.stringMatching(
            /^would make 201 objects in this organization, at most 200/,
          ) as unknown,
        },
      });
      await testApp
        .http()
        .post('/api/definitions/import')
        .set(api.organization.headers)
        .send(objectsDocument(200 - before, 'fits'))
        .expect(200);
      expect(await objectCount()).toBe(200);
      const response = await api.createObject(aShipmentDefinition());
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { name: expect.stringMatching(/^would make 201 objects/) as unknown },
      });
    }, 120_000);

    it.each([
      [
        'a pattern too complex for its length',
        { name: 'code', type: 'text', label: 'Code', pattern: '[a-z]{1000}[0-9]{1000}' },
        'properties.code.pattern',
        /^is too complex: it compiles to \d+ steps, at most 1000/,
      ],
      [
        'a pattern longer than 500 characters',
        { name: 'code', type: 'text', label: 'Code', pattern: 'a'.repeat(501) },
        'properties.code.pattern',
        /^must NOT have more than 500 characters$/,
      ],
      [
        'more than 1000 options',
        {
          name: 'kind',
          type: 'enumeration',
          label: 'Kind',
          options: Array.from({ length: 1001 }, (_, i) => ({ value: `v${i}`, label: `V${i}` })),
        },
        'properties.kind.options',
        /^must NOT have more than 1000 items$/,
      ],
      [
        'a json schema over 10,000 characters',
        {
          name: 'data',
          type: 'json',
          label: 'Data',
          schema: {
            type: 'object',
            description: 'x'.repeat(900),
            properties: Object.fromEntries(
              Array.from({ length: 20 }, (_, i) => [
                `p${i}`,
                { type: 'string', description: 'y'.repeat(900) },
              ]),
            ),
          },
        },
        'properties.data.schema',
        /^is too large: \d+ characters as JSON, at most 10000$/,
      ],
      [
        'a json schema nested more than 10 levels',
        {
          name: 'data',
          type: 'json',
          label: 'Data',
          schema: Array.from({ length: 11 }).reduce<Record<string, unknown>>(
            (inner) => ({ type: 'array', items: inner }),
            { type: 'string' },
          ),
        },
        'properties.data.schema',
        /^is nested too deeply: at most 10 levels/,
      ],
      [
        'a label over 100 characters',
        { name: 'code', type: 'text', label: 'L'.repeat(101) },
        'properties.code.label',
        /^must NOT have more than 100 characters$/,
      ],
    ])('refuses %s with a 400 naming the field', async (_, property, field, message) => {
      const response = await api.createObject(
        aShipmentDefinition({ properties: [property], primary_display_property: undefined }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { [field]: expect.stringMatching(message) as unknown },
      });
    });

    it('refuses more than 500 properties', async () => {
      const properties = Array.from({ length: 501 }, (_, i) => ({
        name: `p${i}`,
        type: 'text',
        label: `P${i}`,
      }));
      const response = await api.createObject(
        aShipmentDefinition({ properties, primary_display_property: 'p0' }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        errors: { properties: 'must NOT have more than 500 items' },
      });
    });
  });
});
