import { Client } from '@hubspot/api-client';
import { anEmail } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** The official client (13.5.0), unmodified, pointed at Plinth by its basePath. */
function hubspotClient(basePath: string, organization: TestOrganization): Client {
  const accessToken = organization.headers.Authorization?.replace(/^Bearer /, '') ?? '';
  return new Client({ accessToken, basePath });
}

describe('The HubSpot client (@hubspot/api-client 13.5.0) against Plinth', () => {
  let testApp: TestApp;
  let org: TestOrganization;
  let client: Client;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    const basePath = await testApp.listen();
    org = await testApp.createOrganization();
    client = hubspotClient(basePath, org);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('objects', () => {
    it('creates, reads, updates, lists and archives a contact under HubSpot names', async () => {
      const email = anEmail();
      const created = await client.crm.contacts.basicApi.create({
        properties: { email, firstname: 'Ada', lastname: 'Lovelace', hs_lead_status: 'new' },
        associations: [],
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.properties).toMatchObject({
        email,
        firstname: 'Ada',
        lastname: 'Lovelace',
        hs_lead_status: 'new',
        hs_object_id: created.id,
      });
      expect(created.createdAt).toBeInstanceOf(Date);

      const read = await client.crm.contacts.basicApi.getById(created.id, ['firstname', 'email']);
      expect(read.properties).toEqual({
        firstname: 'Ada',
        email,
        hs_object_id: created.id,
        createdate: expect.any(String) as unknown,
        hs_lastmodifieddate: expect.any(String) as unknown,
      });

      const byEmail = await client.crm.contacts.basicApi.getById(
        email.toUpperCase(),
        ['lastname'],
        undefined,
        undefined,
        false,
        'email',
      );
      expect(byEmail.id).toBe(created.id);

      const updated = await client.crm.contacts.basicApi.update(created.id, {
        properties: { lastname: '', lead_score: 42 as unknown as string },
      });
      expect(updated.properties.lastname).toBeUndefined();
      expect(updated.properties.lead_score).toBe('42');

      // Plinth's own API sees the same record, written through the same path.
      const native = await testApp.http().get(`/api/objects/person/${created.id}`).set(org.headers);
      expect(native.body).toMatchObject({ first_name: 'Ada', lead_score: 42, email });
      expect(native.body).not.toHaveProperty('last_name');

      await client.crm.contacts.basicApi.archive(created.id);
      await expect(client.crm.contacts.basicApi.getById(created.id)).rejects.toMatchObject({
        code: 404,
      });
    });

    it('maps deal names and coerces numbers, dates and booleans', async () => {
      const deal = await client.crm.deals.basicApi.create({
        properties: {
          dealname: 'Big one',
          amount: '1500.50',
          dealstage: 'qualified',
          closedate: String(Date.UTC(2026, 11, 31)),
        },
        associations: [],
      });
      expect(deal.properties).toMatchObject({
        dealname: 'Big one',
        amount: '1500.50',
        dealstage: 'qualified',
        closedate: '2026-12-31',
      });
      const generic = await client.crm.objects.basicApi.getById('0-3', deal.id, ['dealname']);
      expect(generic.properties.dealname).toBe('Big one');
    });

    it('pages a list to the end with after; the last page has no paging', async () => {
      const own = await testApp.createOrganization();
      const ownClient = hubspotClient(await testApp.listen(), own);
      for (let index = 0; index < 5; index++) {
        await ownClient.crm.companies.basicApi.create({
          properties: { name: `Company ${index}` },
          associations: [],
        });
      }
      const names: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await ownClient.crm.companies.basicApi.getPage(2, after, ['name']);
        names.push(...page.results.map((company) => company.properties.name ?? ''));
        after = page.paging?.next?.after;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      expect(names.sort()).toEqual([0, 1, 2, 3, 4].map((index) => `Company ${index}`));
    });

    it('creates a record with inline associations and reads them back', async () => {
      const company = await client.crm.companies.basicApi.create({
        properties: { name: 'Employer Inc' },
        associations: [],
      });
      const contact = await client.crm.contacts.basicApi.create({
        properties: { email: anEmail() },
        associations: [
          {
            to: { id: company.id },
            types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 1 }],
          },
        ],
      });
      const read = await client.crm.contacts.basicApi.getById(contact.id, undefined, undefined, [
        'companies',
      ]);
      expect(read.associations?.companies?.results).toEqual([
        { id: company.id, type: 'contact_to_company' },
      ]);
    });
  });

  describe('batch', () => {
    it('creates 3 contacts at once (201)', async () => {
      const response = await client.crm.contacts.batchApi.create({
        inputs: [anEmail(), anEmail(), anEmail()].map((email) => ({
          properties: { email },
          associations: [],
        })),
      });
      expect(response.results).toHaveLength(3);
      expect(response.status).toBe('COMPLETE');
    });

    it('answers 207 with the failed input named when one of them is invalid', async () => {
      const good = anEmail();
      const response = await client.crm.contacts.batchApi.create({
        inputs: [
          { properties: { email: good }, associations: [] },
          { properties: { email: 'not an email' }, associations: [] },
        ],
      });
      expect(response.results.map((record) => record.properties.email)).toEqual([good]);
      expect('errors' in response && response.errors).toEqual([
        expect.objectContaining({ status: 'error', category: 'VALIDATION_ERROR' }),
      ]);
    });

    it('reads, updates, upserts and archives in batches', async () => {
      const emails = [anEmail(), anEmail()];
      const created = await client.crm.contacts.batchApi.create({
        inputs: emails.map((email) => ({ properties: { email }, associations: [] })),
      });
      const ids = created.results.map((record) => record.id);
      const read = await client.crm.contacts.batchApi.read({
        inputs: [...ids, '00000000-0000-4000-8000-000000000000'].map((id) => ({ id })),
        properties: ['email'],
        propertiesWithHistory: [],
      });
      expect(read.results.map((record) => record.properties.email).sort()).toEqual(
        [...emails].sort(),
      );
      expect('numErrors' in read && read.numErrors).toBe(1);

      const updated = await client.crm.contacts.batchApi.update({
        inputs: ids.map((id) => ({ id, properties: { firstname: 'Batch' } })),
      });
      expect(updated.results.map((record) => record.properties.firstname)).toEqual([
        'Batch',
        'Batch',
      ]);

      const fresh = anEmail();
      const upserted = await client.crm.contacts.batchApi.upsert({
        inputs: [
          { idProperty: 'email', id: emails[0] as string, properties: { firstname: 'Again' } },
          { idProperty: 'email', id: fresh, properties: { firstname: 'New' } },
        ],
      });
      const byEmail = new Map(
        upserted.results.map((record) => [record.properties.email, record] as const),
      );
      expect(byEmail.get(emails[0])).toMatchObject({ id: ids[0], _new: false });
      expect(byEmail.get(fresh)).toMatchObject({ _new: true });

      await client.crm.contacts.batchApi.archive({ inputs: ids.map((id) => ({ id })) });
      await expect(client.crm.contacts.basicApi.getById(ids[0] as string)).rejects.toMatchObject({
        code: 404,
      });
    });
  });

  describe('search', () => {
    it('filters with groups and operators and pages to the end with the total', async () => {
      const own = await testApp.createOrganization();
      const ownClient = hubspotClient(await testApp.listen(), own);
      await ownClient.crm.deals.batchApi.create({
        inputs: [100, 200, 300, 400, 500].map((amount, index) => ({
          properties: { dealname: `Deal ${index} alpha`, amount: String(amount) },
          associations: [],
        })),
      });
      const request = {
        filterGroups: [
          { filters: [{ propertyName: 'amount', operator: 'GTE' as never, value: '200' }] },
          {
            filters: [{ propertyName: 'dealname', operator: 'EQ' as never, value: 'Deal 0 alpha' }],
          },
        ],
        sorts: ['amount'],
        properties: ['dealname', 'amount'],
        limit: 2,
        after: '0',
      };
      const amounts: string[] = [];
      let total = 0;
      for (let pages = 0; pages < 10; pages++) {
        const page = await ownClient.crm.deals.searchApi.doSearch(request);
        total = page.total;
        amounts.push(...page.results.map((deal) => deal.properties.amount ?? ''));
        if (!page.paging?.next?.after) {
          break;
        }
        request.after = page.paging.next.after;
      }
      expect(total).toBe(5);
      expect(amounts).toEqual(['100', '200', '300', '400', '500']);

      const between = await ownClient.crm.deals.searchApi.doSearch({
        filterGroups: [
          {
            filters: [
              {
                propertyName: 'amount',
                operator: 'BETWEEN' as never,
                value: '150',
                highValue: '350',
              },
              { propertyName: 'dealname', operator: 'NOT_CONTAINS_TOKEN' as never, value: '1' },
            ],
          },
        ],
        properties: ['amount'],
        limit: 10,
      });
      expect(between.results.map((deal) => deal.properties.amount)).toEqual(['300']);
    });
  });

  describe('associations v4', () => {
    it('associates with the default and a new label, lists, reads in batch and removes', async () => {
      const company = await client.crm.companies.basicApi.create({
        properties: { name: 'Labels Ltd' },
        associations: [],
      });
      const deal = await client.crm.deals.basicApi.create({
        properties: { dealname: 'Labelled deal' },
        associations: [],
      });
      const v4 = client.crm.associations.v4;

      const made = await v4.basicApi.createDefault('deals', deal.id, 'companies', company.id);
      expect(made.results[0]?.associationSpec).toEqual({
        associationCategory: 'HUBSPOT_DEFINED',
        associationTypeId: 5,
      });

      const label = await v4.schema.definitionsApi.create('deals', 'companies', {
        label: 'Reseller',
        name: 'reseller',
        inverseLabel: 'Resold deal',
      });
      const [reseller, inverse] = label.results;
      expect(reseller).toMatchObject({ category: 'USER_DEFINED', label: 'Reseller' });
      expect(inverse).toMatchObject({ category: 'USER_DEFINED', label: 'Resold deal' });
      const labels = await v4.schema.definitionsApi.getAll('deals', 'companies');
      expect(labels.results.map((result) => result.typeId)).toEqual(
        expect.arrayContaining([5, reseller?.typeId]),
      );

      const labelled = await v4.basicApi.create('deals', deal.id, 'companies', company.id, [
        { associationCategory: 'USER_DEFINED' as never, associationTypeId: reseller?.typeId ?? 0 },
      ]);
      expect(labelled).toMatchObject({
        fromObjectTypeId: '0-3',
        toObjectTypeId: '0-2',
        labels: ['Reseller'],
      });

      const page = await v4.basicApi.getPage('deals', deal.id, 'companies');
      expect(page.results).toEqual([
        {
          toObjectId: company.id,
          associationTypes: expect.arrayContaining([
            expect.objectContaining({ typeId: 5 }),
            expect.objectContaining({ typeId: reseller?.typeId, label: 'Reseller' }),
          ]) as unknown,
        },
      ]);
      // The other way round, the inverse label's type.
      const back = await v4.basicApi.getPage('companies', company.id, 'deals');
      expect(back.results[0]?.associationTypes.map((type) => type.typeId)).toEqual(
        expect.arrayContaining([6, inverse?.typeId]),
      );

      const batchRead = await v4.batchApi.getPage('deals', 'companies', {
        inputs: [{ id: deal.id }],
      });
      expect(batchRead.results[0]?.to.map((to) => to.toObjectId)).toEqual([company.id]);

      await v4.batchApi.archiveLabels('deals', 'companies', {
        inputs: [
          {
            _from: { id: deal.id },
            to: { id: company.id },
            types: [
              {
                associationCategory: 'USER_DEFINED' as never,
                associationTypeId: reseller?.typeId ?? 0,
              },
            ],
          },
        ],
      });
      const afterLabels = await v4.basicApi.getPage('deals', deal.id, 'companies');
      expect(afterLabels.results[0]?.associationTypes.map((type) => type.typeId)).toEqual([5]);

      await v4.basicApi.archive('deals', deal.id, 'companies', company.id);
      expect((await v4.basicApi.getPage('deals', deal.id, 'companies')).results).toEqual([]);
      await v4.schema.definitionsApi.remove('deals', 'companies', reseller?.typeId ?? 0);
      const left = await v4.schema.definitionsApi.getAll('deals', 'companies');
      expect(left.results.map((result) => result.typeId)).not.toContain(reseller?.typeId);
    });

    it('creates associations in batch, answering 207 for a missing record', async () => {
      const person = await client.crm.contacts.basicApi.create({
        properties: { email: anEmail() },
        associations: [],
      });
      const deal = await client.crm.deals.basicApi.create({
        properties: { dealname: 'Batch links' },
        associations: [],
      });
      const result = await client.crm.associations.v4.batchApi.create('contacts', 'deals', {
        inputs: [
          {
            _from: { id: person.id },
            to: { id: deal.id },
            types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 4 }],
          },
          {
            _from: { id: person.id },
            to: { id: '00000000-0000-4000-8000-000000000000' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 4 }],
          },
        ],
      });
      expect(result.results).toHaveLength(1);
      expect('numErrors' in result && result.numErrors).toBe(1);
      const page = await client.crm.associations.v4.basicApi.getPage('0-3', deal.id, '0-1');
      expect(page.results.map((result) => result.toObjectId)).toEqual([person.id]);
    });
  });

  describe('pipelines', () => {
    it('lists the deal pipelines with ordered stages, probability and isClosed, and reads one stage', async () => {
      const all = await client.crm.pipelines.pipelinesApi.getAll('deals');
      expect(all.results.map((p) => p.id)).toEqual(['sales', 'renewals']);
      const sales = all.results[0]!;
      expect(sales).toMatchObject({ label: 'Sales', displayOrder: 0, archived: false });
      expect(sales.createdAt).toBeInstanceOf(Date);
      expect(sales.stages.map((s) => s.id)).toEqual([
        'lead',
        'qualified',
        'proposal',
        'negotiation',
        'won',
        'lost',
      ]);
      expect(sales.stages[1]).toMatchObject({
        label: 'Qualified',
        displayOrder: 1,
        metadata: { probability: '0.25', isClosed: 'false' },
      });
      expect(sales.stages[4]!.metadata).toEqual({ probability: '1', isClosed: 'true' });

      const renewals = await client.crm.pipelines.pipelinesApi.getById('0-3', 'renewals');
      expect(renewals.stages.map((s) => s.label)).toEqual([
        'Renewal due',
        'Negotiation',
        'Renewed',
        'Churned',
      ]);
      const stage = await client.crm.pipelines.pipelineStagesApi.getById(
        'deals',
        'renewals',
        'won',
      );
      expect(stage).toMatchObject({ id: 'won', label: 'Renewed', metadata: { isClosed: 'true' } });
      const stages = await client.crm.pipelines.pipelineStagesApi.getAll('deals', 'sales');
      expect(stages.results).toHaveLength(6);

      // A deal created in a stage of the renewals pipeline reads back with both ids.
      const deal = await client.crm.deals.basicApi.create({
        properties: { dealname: 'Renewal', pipeline: 'renewals', dealstage: 'negotiation' },
        associations: [],
      });
      expect(deal.properties).toMatchObject({ pipeline: 'renewals', dealstage: 'negotiation' });

      await expect(
        client.crm.pipelines.pipelinesApi.getById('deals', 'nope'),
      ).rejects.toMatchObject({ code: 404 });
      const none = await client.crm.pipelines.pipelinesApi.getAll('contacts');
      expect(none.results).toEqual([]);
    });
  });

  describe('properties', () => {
    it('lists HubSpot names and type/fieldType pairs, adds, changes and archives a property', async () => {
      const all = await client.crm.properties.coreApi.getAll('contacts');
      const firstname = all.results.find((property) => property.name === 'firstname');
      expect(firstname).toMatchObject({ label: 'First name', type: 'string', fieldType: 'text' });
      const email = await client.crm.properties.coreApi.getByName('contacts', 'email');
      expect(email).toMatchObject({ hasUniqueValue: true, groupName: 'personinformation' });

      const created = await client.crm.properties.coreApi.create('contacts', {
        name: 'favourite_colour',
        label: 'Favourite colour',
        type: 'enumeration' as never,
        fieldType: 'select' as never,
        groupName: 'personinformation',
        options: [
          { label: 'Red', value: 'red', displayOrder: 0, hidden: false },
          { label: 'Blue', value: 'blue', displayOrder: 1, hidden: false },
        ],
      });
      expect(created).toMatchObject({
        name: 'favourite_colour',
        type: 'enumeration',
        fieldType: 'select',
      });
      const contact = await client.crm.contacts.basicApi.create({
        properties: { email: anEmail(), favourite_colour: 'blue' },
        associations: [],
      });
      expect(contact.properties.favourite_colour).toBe('blue');

      const updated = await client.crm.properties.coreApi.update('contacts', 'favourite_colour', {
        label: 'Colour',
      });
      expect(updated.label).toBe('Colour');

      const batch = await client.crm.properties.batchApi.create('contacts', {
        inputs: [
          {
            name: 'shoe_size',
            label: 'Shoe size',
            type: 'number' as never,
            fieldType: 'number' as never,
            groupName: 'personinformation',
          },
          {
            name: 'firstname',
            label: 'Taken',
            type: 'string' as never,
            fieldType: 'text' as never,
            groupName: 'personinformation',
          },
        ],
      });
      expect(batch.results.map((property) => property.name)).toEqual(['shoe_size']);
      expect('numErrors' in batch && batch.numErrors).toBe(1);

      const read = await client.crm.properties.batchApi.read('contacts', {
        archived: false,
        inputs: [{ name: 'shoe_size' }, { name: 'lastname' }],
      });
      expect(read.results.map((property) => property.name)).toEqual(['shoe_size', 'lastname']);

      await client.crm.properties.coreApi.archive('contacts', 'favourite_colour');
      await expect(
        client.crm.properties.coreApi.getByName('contacts', 'favourite_colour'),
      ).rejects.toMatchObject({ code: 404 });
      const groups = await client.crm.properties.groupsApi.getAll('contacts');
      expect(groups.results.map((group) => group.name)).toEqual(['personinformation']);
    });
  });

  describe('schemas', () => {
    it('creates a custom object, writes its records by objectTypeId, updates and archives it', async () => {
      const own = await testApp.createOrganization();
      const ownClient = hubspotClient(await testApp.listen(), own);
      const schema = await ownClient.crm.schemas.coreApi.create({
        name: 'car',
        labels: { singular: 'Car', plural: 'Cars' },
        primaryDisplayProperty: 'model',
        requiredProperties: ['model'],
        searchableProperties: [],
        secondaryDisplayProperties: [],
        properties: [
          { name: 'model', label: 'Model', type: 'string' as never, fieldType: 'text' },
          { name: 'year', label: 'Year', type: 'number' as never, fieldType: 'number' },
        ],
        associatedObjects: ['CONTACT'],
      });
      expect(schema.objectTypeId).toMatch(/^2-\d+$/);
      expect(schema.requiredProperties).toEqual(['model']);
      expect(schema.associations).toHaveLength(1);
      const typeId = schema.objectTypeId ?? '';

      const car = await ownClient.crm.objects.basicApi.create(typeId, {
        properties: { model: 'Beetle', year: '1963' },
        associations: [],
      });
      expect(car.properties).toMatchObject({ model: 'Beetle', year: '1963' });
      const native = await testApp.http().get(`/api/objects/car/${car.id}`).set(own.headers);
      expect(native.body).toMatchObject({ model: 'Beetle', year: 1963 });

      const listed = await ownClient.crm.schemas.coreApi.getAll();
      expect(listed.results.map((result) => result.name)).toEqual(['car']);
      const updated = await ownClient.crm.schemas.coreApi.update(typeId, {
        labels: { singular: 'Automobile', plural: 'Automobiles' },
      });
      expect(updated.labels).toEqual({ singular: 'Automobile', plural: 'Automobiles' });
      const byName = await ownClient.crm.schemas.coreApi.getById('car');
      expect(byName.objectTypeId).toBe(schema.objectTypeId);

      await ownClient.crm.schemas.coreApi.archive('car');
      await expect(ownClient.crm.schemas.coreApi.getById('car')).rejects.toMatchObject({
        code: 404,
      });
    });
  });
});
