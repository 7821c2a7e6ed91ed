import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_MEMBERS } from '../support/factories';
import { listQuery, totalOf, type ListParams } from '../support/list-fixtures';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** The shipped system objects, by file name: every organization has them all. */
const SYSTEM_NAMES = readdirSync(join(__dirname, '../../object-definitions'))
  .filter((file) => file.endsWith('.json') && file !== 'definition.meta-schema.json')
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

describe('GET /api/object-definitions', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function listDefinitions(params: ListParams = {}) {
    return testApp.http().get('/api/object-definitions').set(org.headers).query(listQuery(params));
  }

  function names(response: { body: unknown }): string[] {
    return (response.body as Array<{ name: string }>).map((definition) => definition.name);
  }

  describe('list', () => {
    it('lists every system object by name with the total in Content-Range', async () => {
      const response = await listDefinitions().expect(200);
      expect(names(response)).toEqual(SYSTEM_NAMES);
      expect(response.headers['content-range']).toBe(
        `object-definitions 0-${SYSTEM_NAMES.length - 1}/${SYSTEM_NAMES.length}`,
      );
    });

    it('pages with an inclusive range', async () => {
      const response = await listDefinitions({ range: [2, 4] }).expect(200);
      expect(names(response)).toEqual(SYSTEM_NAMES.slice(2, 5));
      expect(response.headers['content-range']).toBe(
        `object-definitions 2-4/${SYSTEM_NAMES.length}`,
      );
    });

    it('sorts by name descending', async () => {
      const response = await listDefinitions({ sort: ['name', 'DESC'] }).expect(200);
      expect(names(response)).toEqual([...SYSTEM_NAMES].reverse());
    });

    it('filters by is_system', async () => {
      const system = await listDefinitions({ filter: { is_system: true } }).expect(200);
      const custom = await listDefinitions({ filter: { is_system: false } }).expect(200);
      expect(totalOf(system)).toBe(SYSTEM_NAMES.length);
      expect(custom.body).toEqual([]);
      expect(custom.headers['content-range']).toBe('object-definitions */0');
    });

    it('filters by group and by a list of names', async () => {
      const crm = await listDefinitions({ filter: { group: 'crm' } }).expect(200);
      const some = await listDefinitions({ filter: { name: ['task', 'deal'] } }).expect(200);
      expect(names(crm)).toEqual(['company', 'deal', 'person']);
      expect(names(some)).toEqual(['deal', 'task']);
    });

    it('searches the name and the labels with q, ignoring letter case', async () => {
      const byName = await listDefinitions({ filter: { q: 'INVOICE' } }).expect(200);
      const byPluralLabel = await listDefinitions({ filter: { q: 'people' } }).expect(200);
      expect(names(byName)).toEqual(['invoice', 'invoice_schedule']);
      expect(names(byPluralLabel)).toEqual(['person']);
    });

    it('answers each definition with its labels, properties and system flag', async () => {
      const response = await listDefinitions({ filter: { name: 'deal' } }).expect(200);
      expect(response.body).toEqual([
        expect.objectContaining({
          id: 'deal',
          name: 'deal',
          labels: { singular: 'Deal', plural: 'Deals' },
          is_system: true,
          properties: expect.arrayContaining([
            expect.objectContaining({ name: 'amount', type: 'currency' }),
          ]),
        }),
      ]);
    });

    it.each([
      [
        { filter: { colour: 'red' } },
        'Invalid filter: cannot filter object definitions by "colour"',
      ],
      [{ sort: ['labels', 'ASC'] }, 'Invalid sort: cannot sort object definitions by "labels"'],
      [{ range: [5, 1] }, 'Invalid range: start must be >= 0 and end >= start'],
      [{ filter: 'is_system' }, 'Invalid filter: is not valid JSON'],
    ])('rejects %j with 400 BAD_REQUEST', async (params, message) => {
      const response = await listDefinitions(params).expect(400);
      expect(response.body).toMatchObject({ status: 400, code: 'BAD_REQUEST', message });
      expect(Object.keys(response.body.errors as object)).toHaveLength(1);
    });
  });

  describe('one definition', () => {
    it('answers GET /api/object-definitions/deal with the definition', async () => {
      const response = await testApp
        .http()
        .get('/api/object-definitions/deal')
        .set(org.headers)
        .expect(200);
      expect(response.body).toMatchObject({
        id: 'deal',
        name: 'deal',
        is_system: true,
        primary_display_property: 'name',
      });
      const property = (response.body.properties as Array<{ name: string }>).map((p) => p.name);
      expect(property).toEqual(
        expect.arrayContaining(['name', 'amount', 'stage', 'close_date', 'probability']),
      );
    });

    it('answers the schema as draft 2020-12 JSON Schema that allows no other properties', async () => {
      const response = await testApp
        .http()
        .get('/api/object-definitions/deal/schema')
        .set(org.headers)
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/schema\+json/);
      expect(response.body).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        additionalProperties: false,
        required: expect.arrayContaining(['name']),
      });
      expect(response.body.properties.amount).toMatchObject({ 'x-type': 'currency' });
      expect(response.body.properties.stage.enum).toEqual(
        expect.arrayContaining(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']),
      );
    });

    it.each(['/api/object-definitions/nope', '/api/object-definitions/nope/schema'])(
      'answers %s with 404 DEFINITION_NOT_FOUND',
      async (path) => {
        const response = await testApp.http().get(path).set(org.headers).expect(404);
        expect(response.body).toEqual({
          status: 404,
          code: 'DEFINITION_NOT_FOUND',
          message: 'No object named "nope"',
          request_id: expect.any(String),
          ...PROBLEM_MEMBERS,
        });
      },
    );
  });
});
