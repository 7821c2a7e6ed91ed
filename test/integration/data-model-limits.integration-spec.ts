import { aShipmentDefinition, DataModelClient, expectError } from '../support/data-model-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** Definitions from any admin cannot stall the server or grow without bound. */
describe('Data model: limits of definitions', () => {
  let testApp: TestApp;
  let api: DataModelClient;

  beforeAll(async () => {
    testApp = await startTestApp();
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
});
