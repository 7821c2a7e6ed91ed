import { AssociationsClient } from '../support/association-fixtures';
import { aShipmentDefinition, DataModelClient } from '../support/data-model-fixtures';
import { aDeal } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** Headers every API answer carries: caching, security, request ids and Location on 201. */
describe('HTTP headers', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('API answers', () => {
    it('are never stored by a cache and vary by credentials, organization and origin', async () => {
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .set(organization.headers)
        .expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const vary = String(response.headers.vary).split(/,\s*/);
      expect(vary).toEqual(
        expect.arrayContaining(['Authorization', 'Cookie', 'X-Organization-Id', 'Origin']),
      );
    });

    it("carry helmet's security headers without a content security policy", async () => {
      const response = await testApp
        .http()
        .get('/api/objects/nothing_here')
        .set(organization.headers)
        .expect(404);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(response.headers['content-security-policy']).toBeUndefined();
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('gives Swagger UI a content security policy it renders under', async () => {
      const response = await testApp.http().get('/api/docs/').expect(200);
      expect(response.text).toContain('swagger-ui');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      // Swagger UI's own script is a file, not inline, so it runs under script-src 'self'.
      expect(response.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    });
  });

  describe('Location on 201', () => {
    it('names a created record', async () => {
      const response = await testApp
        .http()
        .post('/api/objects/deal')
        .set(organization.headers)
        .send(aDeal())
        .expect(201);
      const id = (response.body as { id: string }).id;
      expect(response.headers.location).toBe(`/api/objects/deal/${id}`);
      await testApp
        .http()
        .get(String(response.headers.location))
        .set(organization.headers)
        .expect(200);
    });

    it('names a created object definition and property, but not a dry run', async () => {
      const model = new DataModelClient(testApp, organization);
      const definition = aShipmentDefinition();
      const created = await model.createObject(definition).expect(201);
      expect(created.headers.location).toBe(`/api/object-definitions/${definition.name}`);
      await testApp
        .http()
        .get(String(created.headers.location))
        .set(organization.headers)
        .expect(200);
      const property = { name: 'fragile', type: 'boolean', label: 'Fragile' };
      const dryRun = await model.addProperty(definition.name, property, true);
      expect(dryRun.headers.location).toBeUndefined();
      const added = await model.addProperty(definition.name, property).expect(201);
      expect(added.headers.location).toBe(
        `/api/object-definitions/${definition.name}/properties/fragile`,
      );
    });

    it('names a created association definition', async () => {
      const model = new DataModelClient(testApp, organization);
      const object = await model.newObject();
      const response = await new AssociationsClient(testApp, organization)
        .createDefinition({
          name: `${object}_customer`,
          from: object,
          to: 'company',
          cardinality: 'many_to_one',
          from_side: { name: 'customer', label: 'Customer' },
          to_side: { name: 'shipments', label: 'Shipments' },
        })
        .expect(201);
      expect(response.headers.location).toBe(`/api/association-definitions/${object}_customer`);
      await testApp
        .http()
        .get(String(response.headers.location))
        .set(organization.headers)
        .expect(200);
    });
  });
});
