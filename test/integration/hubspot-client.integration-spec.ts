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
});
