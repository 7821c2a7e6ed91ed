import { newRecordId } from 'src/common/uuid';
import { DefinitionRegistry } from 'src/object-definitions/definition-registry';
import { RecordsService } from 'src/records/records.service';
import { aContract, aProposal, AssociationsClient } from '../support/association-fixtures';
import { DataModelClient, expectError } from '../support/data-model-fixtures';
import { aDeal, countStoredRecords } from '../support/factories';
import type { WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

/** RFC 9562 version 7 (time-ordered), variant 10xx. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What creates answer, and the ids and definitions they write under. */
describe('Record API: create', () => {
  let testApp: TestApp;
  let api: AssociationsClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    api = new AssociationsClient(testApp, await testApp.createOrganization());
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Fails unless a GET of the record now answers exactly `created`. */
  async function expectReadBack(object: string, created: WireRecord): Promise<void> {
    expect((await api.getRecord(object, created.id).expect(200)).body).toEqual(created);
  }

  describe('ids', () => {
    it('gives new records UUIDv7 ids that increase in the order they were created', async () => {
      const created = [
        await api.newDeal(),
        await api.newPerson(),
        await api.newDeal({ company_id: (await api.newCompany()).id }),
        await api.newDeal(),
      ];
      const ids = created.map((record) => record.id);
      for (const id of ids) {
        expect(id).toMatch(UUID_V7);
      }
      expect([...ids].sort()).toEqual(ids);
    });

    it('gives the records of a batch UUIDv7 ids in the order of the batch', async () => {
      const before = await api.newDeal();
      const response = await api
        .send('post', '/objects/deal/batch')
        .send([aDeal(), aDeal(), aDeal()])
        .expect(201);
      const ids = [before.id, ...(response.body as WireRecord[]).map((record) => record.id)];
      for (const id of ids) {
        expect(id).toMatch(UUID_V7);
      }
      expect([...ids].sort()).toEqual(ids);
    });
  });

  describe('response', () => {
    it('answers what a GET then reads, without a reference (null) and with one', async () => {
      const company = await api.newCompany();
      const without = await api.newDeal();
      const cleared = await api.newDeal({ company_id: null });
      const linked = await api.newDeal({ company_id: company.id });
      expect(without).toMatchObject({ company_id: null });
      expect(cleared).toMatchObject({ company_id: null });
      expect(linked).toMatchObject({ company_id: company.id });
      for (const deal of [without, cleared, linked]) {
        await expectReadBack('deal', deal);
      }
    });

    it('answers what a GET then reads, with references on several sides', async () => {
      const deal = await api.newDeal();
      const contract = await api.newRecord('contract', aContract());
      const proposal = await api.newRecord(
        'proposal',
        aProposal({ deal_id: deal.id, contract_id: contract.id, client_id: null }),
      );
      expect(proposal).toMatchObject({
        deal_id: deal.id,
        contract_id: contract.id,
        client_id: null,
        contact_id: null,
      });
      await expectReadBack('proposal', proposal);
    });

    it('answers what a GET then reads, for a record claiming unique values', async () => {
      const person = await api.newPerson({ email: `Ann.${Date.now()}@Example.com` });
      await expectReadBack('person', person);
    });

    it('answers what GETs then read, for each record of a batch', async () => {
      const company = await api.newCompany();
      const response = await api
        .send('post', '/objects/deal/batch')
        .send([aDeal({ company_id: company.id }), aDeal(), aDeal({ company_id: null })])
        .expect(201);
      const created = response.body as WireRecord[];
      expect(created.map((deal) => deal.company_id)).toEqual([company.id, null, null]);
      for (const deal of created) {
        await expectReadBack('deal', deal);
      }
    });

    it('reads the links back when a record refers to itself (a fixed id, as seeds give)', async () => {
      const model = new DataModelClient(testApp, api.organization);
      const name = await model.newObject();
      await api
        .createDefinition({
          name: `${name}_twin`,
          from: name,
          to: name,
          cardinality: 'one_to_one',
          from_side: { name: 'twin', label: 'Twin' },
          to_side: { name: 'twin_of', label: 'Twin of' },
        })
        .expect(201);
      const id = newRecordId();
      const created = await testApp.app
        .get(RecordsService)
        .createRecord(api.organization.context, name, { reference: 'self', twin_id: id }, { id });
      // One link, from the record to itself: both of its sides show it.
      expect(created).toMatchObject({ id, twin_id: id, twin_of_id: id });
      await expectReadBack(name, created);
    });
  });

  describe('under a definition changed meanwhile', () => {
    let model: DataModelClient;
    let name: string;

    beforeEach(async () => {
      model = new DataModelClient(testApp, api.organization);
      name = await model.newObject();
    });

    /**
     * Makes the next `count` definition reads answer the definition as it is now, although it
     * changes next: as a process that has not yet heard of another's change sees it.
     */
    async function serveStaleDefinition(count: number): Promise<jest.SpyInstance> {
      const registry = testApp.app.get(DefinitionRegistry);
      const stale = await registry.find(api.organization.id, name);
      const find = registry.find.bind(registry);
      let served = 0;
      jest.spyOn(registry, 'find').mockImplementation((organizationId, objectName) => {
        if (objectName === name && served < count) {
          served++;
          return Promise.resolve(stale);
        }
        return find(organizationId, objectName);
      });
      return jest.spyOn(registry, 'invalidate');
    }

    it('redoes a one-statement create with the new definition', async () => {
      const invalidate = await serveStaleDefinition(1);
      await model
        .addProperty(name, { name: 'size', type: 'text', label: 'Size', default: 'M' })
        .expect(201);
      invalidate.mockClear();
      const created = await model.createRecord(name, { reference: 'r-1' }).expect(201);
      expect(created.body).toMatchObject({ reference: 'r-1', size: 'M' });
      expect(invalidate).toHaveBeenCalledWith(api.organization.id);
      expect(await countStoredRecords(testApp, api.organization, name)).toBe(1);
    });

    it('redoes a create that claims unique values (a transaction) with the new definition', async () => {
      await model.patchProperty(name, 'reference', { unique: true }).expect(200);
      const invalidate = await serveStaleDefinition(1);
      await model
        .addProperty(name, { name: 'size', type: 'text', label: 'Size', default: 'M' })
        .expect(201);
      invalidate.mockClear();
      const created = await model.createRecord(name, { reference: 'r-1' }).expect(201);
      expect(created.body).toMatchObject({ reference: 'r-1', size: 'M' });
      expect(invalidate).toHaveBeenCalledWith(api.organization.id);
      const duplicate = await model.createRecord(name, { reference: 'r-1' });
      expect(duplicate.body).toMatchObject({ status: 409, code: 'UNIQUE_VIOLATION' });
    });

    it('redoes a create the old definition refused, when the new one accepts it', async () => {
      const invalidate = await serveStaleDefinition(1);
      await model.addProperty(name, { name: 'fragile', type: 'boolean', label: 'Fragile' });
      invalidate.mockClear();
      const created = await model.createRecord(name, { fragile: true }).expect(201);
      expect(created.body).toMatchObject({ fragile: true });
      expect(invalidate).toHaveBeenCalledWith(api.organization.id);
    });

    it('answers 409 when the definition changed at every attempt, and writes nothing', async () => {
      await serveStaleDefinition(Infinity);
      await model.addProperty(name, { name: 'size', type: 'text', label: 'Size' }).expect(201);
      const response = await model.createRecord(name, { reference: 'r-1' });
      expectError(response, {
        status: 409,
        code: 'CONFLICT',
        message: `The ${name} object kept changing; try again`,
      });
      expect(await countStoredRecords(testApp, api.organization, name)).toBe(0);
    });

    it('refuses a record for good when the definition it was checked with is current', async () => {
      const invalidate = await serveStaleDefinition(0);
      const response = await model.createRecord(name, { pieces: 'many' });
      expect(response.status).toBe(400);
      expect(invalidate).not.toHaveBeenCalled();
    });
  });
});
