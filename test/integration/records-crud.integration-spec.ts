import {
  aDeal,
  aPerson,
  createRecord,
  registerCustomObject,
  storedRecord,
  UNKNOWN_ID,
} from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Record API', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const getRecord = (object: string, id: string, as = org) =>
    testApp.http().get(`/api/objects/${object}/${id}`).set(as.headers);
  const updateRecord = (
    method: 'put' | 'patch',
    object: string,
    id: string,
    body: unknown,
    as = org,
  ) =>
    testApp
      .http()
      [method](`/api/objects/${object}/${id}`)
      .set(as.headers)
      .send(body as object);

  describe('create', () => {
    it('answers 201 with the flat record, defaults applied', async () => {
      const response = await testApp
        .http()
        .post('/api/objects/deal')
        .set(org.headers)
        .send({ name: 'Big deal', amount: '1250.50' })
        .expect(201);
      // Association reference fields (company_id) belong to the associations specs.
      const record = Object.fromEntries(
        Object.entries(response.body as object).filter(([key]) => key !== 'company_id'),
      );
      expect(record).toEqual({
        id: expect.stringMatching(UUID),
        name: 'Big deal',
        amount: '1250.50',
        currency: 'USD',
        stage: 'lead',
        stage_entered_at: expect.stringMatching(ISO_TIMESTAMP),
        pipeline: 'sales',
        priority: 'medium',
        // Created with the organization owner's API key: the owner owns it, the key acted.
        owner_id: org.context.memberId,
        created_by: expect.stringMatching(/^api_key:[0-9a-f-]{36}$/),
        updated_by: expect.stringMatching(/^api_key:[0-9a-f-]{36}$/),
        created_at: expect.stringMatching(ISO_TIMESTAMP),
        updated_at: response.body.created_at,
      });
    });

    it('keeps numbers as numbers and currency strings as strings', async () => {
      const deal = await createRecord(
        testApp,
        org,
        'deal',
        aDeal({ amount: 99.5, probability: 40 }),
      );
      const person = await createRecord(testApp, org, 'person', aPerson({ lead_score: 70 }));
      const text = await createRecord(testApp, org, 'deal', aDeal({ amount: '10.00' }));
      expect(deal).toMatchObject({ amount: 99.5, probability: 40 });
      expect(person).toMatchObject({ lead_score: 70, email_opt_out: false });
      expect(text.amount).toBe('10.00');
    });

    it('keeps a given value over the default', async () => {
      const deal = await createRecord(testApp, org, 'deal', aDeal({ stage: 'qualified' }));
      expect(deal.stage).toBe('qualified');
    });

    it('treats null as absent, so the default applies', async () => {
      const deal = await createRecord(
        testApp,
        org,
        'deal',
        aDeal({ stage: null, next_step: null }),
      );
      expect(deal.stage).toBe('lead');
      expect(deal).not.toHaveProperty('next_step');
    });

    it('assigns its own id and timestamps whatever the body says', async () => {
      const deal = await createRecord(
        testApp,
        org,
        'deal',
        aDeal({ id: UNKNOWN_ID, created_at: '2000-01-01T00:00:00.000Z', version: 7 }),
      );
      expect(deal.id).not.toBe(UNKNOWN_ID);
      expect(deal.created_at).not.toBe('2000-01-01T00:00:00.000Z');
      expect(deal).not.toHaveProperty('version');
    });
  });

  describe('get', () => {
    it('reads back exactly what create answered', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal({ close_date: '2026-06-30' }));
      const read = await getRecord('deal', created.id).expect(200);
      expect(read.body).toEqual(created);
    });
  });

  describe.each(['put', 'patch'] as const)('%s', (method) => {
    it('changes only the given properties', async () => {
      const created = await createRecord(
        testApp,
        org,
        'deal',
        aDeal({ next_step: 'Call', probability: 20 }),
      );
      const response = await updateRecord(method, 'deal', created.id, {
        stage: 'qualified',
        probability: 60,
      }).expect(200);
      expect(response.body).toEqual({
        ...created,
        stage: 'qualified',
        probability: 60,
        // Entering a stage stamps when (README "Pipelines").
        stage_entered_at: expect.stringMatching(ISO_TIMESTAMP),
        updated_at: expect.stringMatching(ISO_TIMESTAMP),
      });
      const read = await getRecord('deal', created.id).expect(200);
      expect(read.body).toEqual(response.body);
    });

    it('removes a property given as null', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal({ next_step: 'Call' }));
      const response = await updateRecord(method, 'deal', created.id, {
        next_step: null,
        amount: null,
      }).expect(200);
      expect(response.body).not.toHaveProperty('next_step');
      expect(response.body).not.toHaveProperty('amount');
      expect((await storedRecord(testApp, created.id))?.properties).not.toHaveProperty('next_step');
    });

    it('ignores id, created_at and updated_at in the body', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal());
      const response = await updateRecord(method, 'deal', created.id, {
        ...created,
        id: UNKNOWN_ID,
        created_at: '2000-01-01T00:00:00.000Z',
        name: 'Renamed',
      }).expect(200);
      expect(response.body).toMatchObject({
        id: created.id,
        created_at: created.created_at,
        name: 'Renamed',
      });
      await getRecord('deal', UNKNOWN_ID).expect(404);
    });

    it('validates the merged record, so a partial body need not repeat required properties', async () => {
      const created = await createRecord(testApp, org, 'person', aPerson());
      const response = await updateRecord(method, 'person', created.id, {
        job_title: 'Buyer',
      }).expect(200);
      expect(response.body).toMatchObject({ email: created.email, job_title: 'Buyer' });
    });

    it('rejects a change that leaves the merged record invalid', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal());
      const response = await updateRecord(method, 'deal', created.id, { name: null }).expect(400);
      expect(response.body.errors).toEqual({ name: 'is required' });
    });

    it('advances version and updated_at but keeps created_at', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal());
      expect(await storedRecord(testApp, created.id)).toMatchObject({
        version: 1,
        updated_after_create: false,
      });
      const response = await updateRecord(method, 'deal', created.id, {
        stage: 'qualified',
      }).expect(200);
      expect(await storedRecord(testApp, created.id)).toMatchObject({
        version: 2,
        updated_after_create: true,
      });
      expect(response.body.created_at).toBe(created.created_at);
      expect(Date.parse(response.body.updated_at)).toBeGreaterThanOrEqual(
        Date.parse(created.updated_at as string),
      );
    });
  });

  describe('read-only properties', () => {
    let custom: TestOrganization;

    beforeAll(async () => {
      custom = await testApp.createOrganization();
      await registerCustomObject(testApp, custom, {
        name: 'ticket',
        labels: { singular: 'Ticket', plural: 'Tickets' },
        primary_display_property: 'title',
        properties: [
          { name: 'title', type: 'text', label: 'Title', required: true },
          { name: 'external_ref', type: 'text', label: 'External reference', read_only: true },
        ],
      });
    });

    it('ignores a read-only property on create', async () => {
      const ticket = await createRecord(testApp, custom, 'ticket', {
        title: 'Broken',
        external_ref: 'X-1',
      });
      expect(ticket).not.toHaveProperty('external_ref');
    });

    it('ignores a read-only property on update', async () => {
      const ticket = await createRecord(testApp, custom, 'ticket', { title: 'Broken' });
      const body = { title: 'Fixed', external_ref: 'X-2' };
      const response = await updateRecord('patch', 'ticket', ticket.id, body, custom).expect(200);
      expect(response.body).toMatchObject({ title: 'Fixed' });
      expect(response.body).not.toHaveProperty('external_ref');
    });
  });

  describe('delete', () => {
    it('answers 200 with the deleted record, which then reads as gone (in the recycle bin)', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal());
      const response = await testApp
        .http()
        .delete(`/api/objects/deal/${created.id}`)
        .set(org.headers)
        .expect(200);
      expect(response.body).toEqual({
        ...created,
        archived_at: expect.any(String),
        archived_by: created.created_by,
      });
      await getRecord('deal', created.id).expect(404);
      const list = await testApp
        .http()
        .get('/api/objects/deal')
        .query({ filter: JSON.stringify({ id: [created.id] }) })
        .set(org.headers)
        .expect(200);
      expect(list.body).toEqual([]);
      // Kept for a restore until purged (recycle-bin-*.integration-spec.ts).
      expect(await storedRecord(testApp, created.id)).toMatchObject({ version: 2 });
    });

    it('purges the record at once with permanent=true', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal());
      const response = await testApp
        .http()
        .delete(`/api/objects/deal/${created.id}`)
        .query({ permanent: 'true' })
        .set(org.headers)
        .expect(200);
      expect(response.body).toEqual(created);
      await getRecord('deal', created.id).expect(404);
      expect(await storedRecord(testApp, created.id)).toBeUndefined();
    });

    it('answers 404 for a record deleted before', async () => {
      const created = await createRecord(testApp, org, 'deal', aDeal());
      await testApp.http().delete(`/api/objects/deal/${created.id}`).set(org.headers).expect(200);
      await testApp.http().delete(`/api/objects/deal/${created.id}`).set(org.headers).expect(404);
    });
  });
});
