import { buildSystemOpenApiDocument } from 'src/cli/openapi-document-file';
import { DefinitionRegistry } from 'src/object-definitions/definition-registry';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type {
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import { ObjectDefinitionsRepository } from 'src/object-definitions/object-definitions.repository';
import type { OpenApiDocument } from 'src/openapi/openapi.types';
import { parse } from 'yaml';
import { registerCustomObject, UNKNOWN_ID } from '../support/factories';
import { fetchOpenApiDocument } from '../support/openapi-tools';
import { randomDefinitions } from '../support/random-definitions';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const SHIPMENT: ObjectDefinitionInput = {
  name: 'shipment',
  labels: { singular: 'Shipment', plural: 'Shipments' },
  primary_display_property: 'tracking_number',
  properties: [
    { name: 'tracking_number', type: 'text', label: 'Tracking number', required: true },
    {
      name: 'status',
      type: 'enumeration',
      label: 'Status',
      default: 'pending',
      options: [
        { value: 'pending', label: 'Pending' },
        { value: 'shipped', label: 'Shipped' },
      ],
    },
  ],
};

async function addProperty(
  testApp: TestApp,
  organization: TestOrganization,
  name: string,
  property: PropertyDefinition,
): Promise<void> {
  const definition = await testApp.app.get(DefinitionRegistry).find(organization.id, name);
  if (!definition) {
    throw new Error(`no ${name}`);
  }
  const properties = [...definition.properties, property];
  await testApp.app.get(ObjectDefinitionsRepository).update(organization.id, definition.id, {
    properties,
    jsonSchema: compileDefinitionSchema({ ...definition, properties }),
    version: definition.version + 1,
  });
  testApp.app.get(DefinitionRegistry).invalidate(organization.id);
}

describe('OpenAPI document', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const fetchDocument = (organization: TestOrganization): Promise<OpenApiDocument> =>
    fetchOpenApiDocument(testApp, organization);

  describe('GET /api/openapi.json', () => {
    it('serves exactly what openapi:sync writes, for an organization with the system objects', async () => {
      const [served, offline] = await Promise.all([
        fetchDocument(org),
        buildSystemOpenApiDocument(),
      ]);
      expect(served.openapi).toBe('3.1.0');
      expect(served).toEqual(offline);
    });

    it('shows a new custom object and a new property on the next request, in its organization only', async () => {
      const other = await testApp.createOrganization();
      const own = await testApp.createOrganization();
      expect((await fetchDocument(own)).paths).not.toHaveProperty(['/api/objects/shipment']);
      await registerCustomObject(testApp, own, SHIPMENT);
      const after = await fetchDocument(own);
      expect(after.paths).toHaveProperty(
        ['/api/objects/shipment/{id}', 'patch', 'operationId'],
        'updateShipment',
      );
      expect(after.components?.schemas).toHaveProperty(
        ['ShipmentCreate', 'required'],
        ['tracking_number'],
      );
      expect((await fetchDocument(other)).paths).not.toHaveProperty(['/api/objects/shipment']);
      await addProperty(testApp, own, 'shipment', {
        name: 'weight_kg',
        type: 'number',
        label: 'Weight',
        minimum: 0,
      });
      expect((await fetchDocument(own)).components?.schemas).toHaveProperty([
        'Shipment',
        'properties',
        'weight_kg',
        'minimum',
      ]);
    });

    it('serves the fixed endpoints and security schemes without a credential, and the objects with one', async () => {
      const anonymous = (await testApp.http().get('/api/openapi.json').expect(200))
        .body as OpenApiDocument;
      expect(anonymous.paths).not.toHaveProperty(['/api/objects/deal']);
      expect(anonymous.paths).toHaveProperty(['/api/object-definitions']);
      expect(anonymous.components).toHaveProperty(['securitySchemes', 'bearerAuth']);
      expect(anonymous.components?.schemas).not.toHaveProperty(['Deal']);
      const yaml = await testApp.http().get('/api/openapi.yaml').expect(200);
      expect(parse(yaml.text)).toEqual(anonymous);
      // A bad key is no credential here: still the fixed part, never another organization's.
      const badKey = await testApp
        .http()
        .get('/api/openapi.json')
        .set('Authorization', `Bearer plk_${'x'.repeat(43)}`)
        .expect(200);
      expect(badKey.body).toEqual(anonymous);
      expect((await fetchDocument(org)).paths).toHaveProperty(['/api/objects/deal']);
    });

    it('serves the same document as YAML', async () => {
      const response = await testApp.http().get('/api/openapi.yaml').set(org.headers).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/yaml/);
      expect(parse(response.text)).toEqual(await fetchDocument(org));
    });
  });

  describe('GET /api/docs', () => {
    it('serves Swagger UI from local files, loading the live document', async () => {
      const html = (await testApp.http().get('/api/docs').expect(200)).text;
      const references = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]);
      expect(references.length).toBeGreaterThan(2);
      expect(references.filter((reference) => /^(https?:)?\/\//.test(reference ?? ''))).toEqual([]);
      const init = (await testApp.http().get('/api/docs/swagger-ui-init.js').expect(200)).text;
      expect(init).toContain('"url": "/api/openapi.json"');
      expect(init).toContain('"validatorUrl": "none"');
      expect(init).not.toMatch(/https?:\/\//);
      await testApp.http().get('/api/docs/swagger-ui-bundle.js').expect(200);
      await testApp.http().get('/api/docs/swagger-ui.css').expect(200);
    });
  });

  describe('the response validator of the test app', () => {
    it('checks every object response, and found no disagreement so far', async () => {
      const before = await testApp.responses.checkedCount();
      await testApp.http().get(`/api/objects/deal/${UNKNOWN_ID}`).set(org.headers).expect(404);
      await testApp.http().get('/api/objects/spaceship').set(org.headers).expect(404);
      await testApp
        .http()
        .post('/api/objects/deal')
        .set(org.headers)
        .send({ amount: 'x' })
        .expect(400);
      expect(await testApp.responses.checkedCount()).toBe(before + 3);
      expect(await testApp.responses.violations()).toEqual([]);
    });

    it('reports bodies, statuses and headers the document does not allow', async () => {
      const document = await fetchDocument(org);
      const deal = { id: UNKNOWN_ID, name: 'x', created_at: '2026-01-01T00:00:00.000Z' };
      const json = { 'content-type': 'application/json; charset=utf-8' };
      const check = (method: string, path: string, status: number, body: unknown, headers = json) =>
        testApp.responses.check(document, {
          method,
          path,
          status,
          headers,
          body: JSON.stringify(body),
        });
      const tagged = { ...json, etag: '"1"' };
      const wrongRecord = check(
        'GET',
        `/api/objects/deal/${UNKNOWN_ID}`,
        200,
        { ...deal, colour: 'red' },
        tagged,
      );
      expect(wrongRecord).toMatch(/^GET \/api\/objects\/deal\/\S+ → 200: /);
      expect(wrongRecord).toContain("must have required property 'updated_at'");
      expect(wrongRecord).toContain('must NOT have additional properties');
      expect(check('GET', `/api/objects/deal/${UNKNOWN_ID}`, 201, deal)).toMatch(
        /→ 201: .*must have required property 'status'/,
      );
      expect(check('GET', '/api/objects/deal', 200, [])).toMatch(/Content-Range is missing/);
      const untagged = { ...deal, updated_at: deal.created_at };
      expect(check('GET', `/api/objects/deal/${UNKNOWN_ID}`, 200, untagged)).toMatch(
        /the required header ETag is missing/,
      );
      expect(check('DELETE', `/api/objects/deal/${UNKNOWN_ID}`, 404, { message: 'gone' })).toMatch(
        /→ 404/,
      );
      expect(check('GET', '/api/objects/spaceship', 200, [])).toMatch(/no such operation/);
    });
  });

  describe('random custom objects', () => {
    it('answer every call the way their document says', async () => {
      const organization = await testApp.createOrganization();
      const definitions = randomDefinitions(5, 3);
      for (const definition of definitions) {
        await registerCustomObject(testApp, organization, definition);
      }
      const document = await fetchDocument(organization);
      for (const definition of definitions) {
        const base = `/api/objects/${definition.name}`;
        const recordSchema = Object.values(document.components?.schemas ?? {}).find(
          (schema) => schema['x-object'] === definition.name,
        ) as { properties: Record<string, { examples?: unknown[]; readOnly?: boolean }> };
        const body = Object.fromEntries(
          definition.properties
            .filter((p) => !p.read_only && recordSchema.properties[p.name]?.examples)
            .map((p) => [p.name, recordSchema.properties[p.name]?.examples?.[0]]),
        );
        const missing = definition.properties.filter(
          (p) => p.required && p.default === undefined && !(p.name in body),
        );
        const created = await testApp.http().post(base).set(organization.headers).send(body);
        expect({ status: created.status, body: created.body }).toMatchObject({
          status: missing.length > 0 ? 400 : 201,
        });
        await testApp.http().get(base).set(organization.headers).expect(200);
        if (created.status === 201) {
          const id = created.body.id as string;
          const optional = definition.properties.find((p) => !p.required && !p.read_only);
          const patch = optional ? { [optional.name]: null } : {};
          await testApp
            .http()
            .patch(`${base}/${id}`)
            .set(organization.headers)
            .send(patch)
            .expect(200);
          await testApp.http().delete(`${base}/${id}`).set(organization.headers).expect(200);
        }
      }
      expect(await testApp.responses.violations()).toEqual([]);
    });
  });
});
