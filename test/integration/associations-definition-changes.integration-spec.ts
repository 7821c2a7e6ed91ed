import { aShipmentCustomer, AssociationsClient } from '../support/association-fixtures';
import { aShipmentDefinition, DataModelClient, expectError } from '../support/data-model-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Associations: definitions (relabel, delete)', () => {
  let testApp: TestApp;
  let api: AssociationsClient;
  let model: DataModelClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    const organization = await testApp.createOrganization();
    api = new AssociationsClient(testApp, organization);
    model = new DataModelClient(testApp, organization);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('relabel', () => {
    it('changes the labels, by PATCH or by PUT of the whole record', async () => {
      const { object, definition: body } = await aShipmentCustomer(api, model);
      const patched = await api
        .patchDefinition(body.name, { to_side: { label: 'Parcels' } })
        .expect(200);
      expect(patched.body).toMatchObject({
        from_side: { name: 'customer', label: 'Customer' },
        to_side: { name: 'shipments', label: 'Parcels' },
      });
      const whole = { ...patched.body, from_side: { name: 'customer', label: 'Recipient' } };
      const put = await api.putDefinition(body.name, whole).expect(200);
      expect(put.body).toEqual({ ...whole, updated_at: expect.stringMatching(ISO_TIME) });
      expect((await api.getDefinition(body.name).expect(200)).body).toEqual(put.body);
      expect(put.body).toMatchObject({ from: object, cardinality: 'many_to_one' });
    });

    it('refuses to change the name, cardinality, objects or a side name', async () => {
      const { definition: body } = await aShipmentCustomer(api, model);
      expectError(await api.patchDefinition(body.name, { cardinality: 'many_to_many' }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: "An association's cardinality never changes; create another association instead",
        errors: { cardinality: 'cannot be changed' },
      });
      expectError(await api.patchDefinition(body.name, { name: 'renamed' }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: "An association's name never changes; create another association instead",
        errors: { name: 'cannot be changed' },
      });
      expectError(await api.patchDefinition(body.name, { to: 'person' }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: "An association's to never changes; create another association instead",
        errors: { to: 'cannot be changed' },
      });
      expectError(await api.patchDefinition(body.name, { from_side: { name: 'client' } }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: "A side's name never changes",
        errors: { 'from_side.name': 'cannot be changed' },
      });
      expect((await api.getDefinition(body.name).expect(200)).body).toEqual(body);
    });

    it('refuses an empty label', async () => {
      const { definition: body } = await aShipmentCustomer(api, model);
      expectError(await api.patchDefinition(body.name, { from_side: { label: ' ' } }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'from_side.label must be 1 to 100 characters',
        errors: { 'from_side.label': 'must be 1 to 100 characters' },
      });
    });
  });

  describe('delete', () => {
    it('deletes one without links; its name is free again', async () => {
      const { definition: body } = await aShipmentCustomer(api, model);
      const deleted = await api.deleteDefinition(body.name).expect(200);
      expect(deleted.body).toEqual(body);
      await api.getDefinition(body.name).expect(404);
      await api
        .createDefinition({
          name: body.name,
          from: body.from,
          to: 'company',
          cardinality: 'many_to_many',
          from_side: { name: 'customer', label: 'Customers' },
          to_side: { name: 'shipments', label: 'Shipments' },
        })
        .expect(201);
    });

    it('refuses one with links unless purged, then deletes the links with it', async () => {
      const { object, definition: body } = await aShipmentCustomer(api, model);
      const shipments = await model.newRecords(object, [{ tracking_number: 'A' }, {}]);
      const company = await api.newCompany();
      for (const shipment of shipments) {
        await api.linkOk(object, shipment.id, 'customer', company.id);
      }
      expectError(await api.deleteDefinition(body.name), {
        status: 409,
        code: 'CONFLICT',
        message: `${body.name} links 2 pairs of records; delete with purge=true to remove them too`,
        details: { links: 2 },
      });
      expect(await api.storedLinks(body.name)).toHaveLength(2);
      await api.deleteDefinition(body.name, true).expect(200);
      expect(await api.storedLinksOf(company.id)).toBe(0);
      await api.getDefinition(body.name).expect(404);
      const read = await api.getRecord(object, shipments[0]!.id).expect(200);
      expect(read.body).not.toHaveProperty('customer_id');
    });

    it('purging an archived object deletes its associations and their links', async () => {
      const { object, definition } = await aShipmentCustomer(api, model);
      const [shipment] = await model.newRecords(object, [{ tracking_number: 'P-1' }]);
      const company = await api.newCompany();
      await api.linkOk(object, shipment!.id, 'customer', company.id);
      await model.archiveObject(object).expect(200);
      await model.purgeObject(object).expect(200);
      expect(await api.storedLinksOf(company.id)).toBe(0);
      const listed = await api.listDefinitions({ object: 'company' }, [0, 99]).expect(200);
      expect((listed.body as Array<{ name: string }>).map((d) => d.name)).not.toContain(
        definition.name,
      );
    });
  });

  describe('tenancy', () => {
    it("keeps an organization's own associations to itself", async () => {
      const { object, definition } = await aShipmentCustomer(api, model);
      const [shipment] = await model.newRecords(object, [{}]);
      const other = new AssociationsClient(testApp, await testApp.createOrganization());
      await other.getDefinition(definition.name).expect(404);
      await other.link(object, shipment!.id, 'customer', (await other.newCompany()).id).expect(404);
      await other.deleteDefinition(definition.name).expect(404);
      const theirs = new DataModelClient(testApp, other.organization);
      await theirs.createObject(aShipmentDefinition({ name: object })).expect(201);
      const { id, name, from, to, cardinality, from_side, to_side } = definition;
      await other.createDefinition({ name, from, to, cardinality, from_side, to_side }).expect(201);
      await other.deleteDefinition(id).expect(200);
      await api.getDefinition(definition.name).expect(200, definition);
    });
  });
});
