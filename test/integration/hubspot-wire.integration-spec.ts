import type { Response } from 'supertest';
import { anEmail, UNKNOWN_ID } from '../support/factories';
import {
  sharedTestApp,
  startTestApp,
  type TestApp,
  type TestOrganization,
} from '../support/test-app';

/** HubSpot's error body: what its clients parse. */
function expectHubSpotError(response: Response, status: number, category: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      status: 'error',
      message: expect.any(String) as unknown,
      correlationId: response.headers['x-request-id'],
      category,
    }),
  );
}

/** The wire details the official client hides: statuses, error bodies, query parameters. */
describe('HubSpot-compatible API over HTTP', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const http = () => testApp.http();

  async function aContact(properties: Record<string, unknown> = {}): Promise<string> {
    const response = await http()
      .post('/crm/v3/objects/contacts')
      .set(org.headers)
      .send({ properties: { email: anEmail(), ...properties } });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  describe('status codes', () => {
    it('answers create 201, read and update 200, archive 204 with no body', async () => {
      const id = await aContact({ firstname: 'Grace' });
      const read = await http().get(`/crm/v3/objects/contacts/${id}`).set(org.headers);
      expect(read.status).toBe(200);
      const updated = await http()
        .patch(`/crm/v3/objects/contacts/${id}`)
        .set(org.headers)
        .send({ properties: { firstname: 'Ada' } });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id, archived: false, properties: { firstname: 'Ada' } });
      const archived = await http().delete(`/crm/v3/objects/contacts/${id}`).set(org.headers);
      expect(archived.status).toBe(204);
      expect(archived.text).toBe('');
    });

    it('answers batch create 201 when all succeed and 207 when some fail, batch archive 204', async () => {
      const all = await http()
        .post('/crm/v3/objects/contacts/batch/create')
        .set(org.headers)
        .send({ inputs: [{ properties: { email: anEmail() } }] });
      expect(all.status).toBe(201);
      const some = await http()
        .post('/crm/v3/objects/contacts/batch/create')
        .set(org.headers)
        .send({
          inputs: [{ properties: { email: anEmail() } }, { properties: { nope: 'x' } }],
        });
      expect(some.status).toBe(207);
      expect(some.body).toMatchObject({
        status: 'COMPLETE',
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'VALIDATION_ERROR',
            context: { ids: ['1'] },
            errors: [{ code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['nope'] } }],
          },
        ],
      });
      const ids = (all.body as { results: Array<{ id: string }> }).results.map(({ id }) => ({
        id,
      }));
      const archived = await http()
        .post('/crm/v3/objects/contacts/batch/archive')
        .set(org.headers)
        .send({ inputs: ids });
      expect(archived.status).toBe(204);
    });

    it('answers the labelled association PUT 201 and the default one 200, DELETE 204', async () => {
      const contact = await aContact();
      const company = await http()
        .post('/crm/v3/objects/companies')
        .set(org.headers)
        .send({ properties: { name: 'Wire Co' } });
      const companyId = (company.body as { id: string }).id;
      const base = `/crm/v4/objects/contacts/${contact}/associations`;
      const labelled = await http()
        .put(`${base}/companies/${companyId}`)
        .set(org.headers)
        .send([{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }]);
      expect(labelled.status).toBe(201);
      const byDefault = await http().put(`${base}/default/companies/${companyId}`).set(org.headers);
      expect(byDefault.status).toBe(200);
      const removed = await http().delete(`${base}/companies/${companyId}`).set(org.headers);
      expect(removed.status).toBe(204);
    });
  });

  describe('query parameters', () => {
    it('accepts properties repeated, comma-separated, and both', async () => {
      const id = await aContact({ firstname: 'Ada', lastname: 'Lovelace', jobtitle: 'Analyst' });
      const repeated = await http()
        .get(`/crm/v3/objects/contacts/${id}?properties=firstname&properties=lastname`)
        .set(org.headers);
      const commas = await http()
        .get(`/crm/v3/objects/contacts/${id}?properties=firstname,lastname`)
        .set(org.headers);
      const both = await http()
        .get(`/crm/v3/objects/contacts/${id}?properties=firstname,lastname&properties=jobtitle`)
        .set(org.headers);
      const names = (response: Response) =>
        Object.keys((response.body as { properties: object }).properties).sort();
      expect(names(repeated)).toEqual([
        'createdate',
        'firstname',
        'hs_lastmodifieddate',
        'hs_object_id',
        'lastname',
      ]);
      expect(names(commas)).toEqual(names(repeated));
      expect(names(both)).toEqual([...names(repeated), 'jobtitle'].sort());
    });

    it('archives into the recycle bin: ?archived=true lists it, pages by after, and a restore brings it back', async () => {
      const own = await testApp.createOrganization();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await http()
          .post('/crm/v3/objects/contacts')
          .set(own.headers)
          .send({ properties: { email: anEmail() } });
        expect(created.status).toBe(201);
        ids.push(created.body.id as string);
      }
      const empty = await http().get('/crm/v3/objects/contacts?archived=true').set(own.headers);
      expect(empty.body).toEqual({ results: [] });
      for (const id of ids.slice(0, 2)) {
        expect(
          (await http().delete(`/crm/v3/objects/contacts/${id}`).set(own.headers)).status,
        ).toBe(204);
      }
      const first = await http()
        .get('/crm/v3/objects/contacts?archived=true&limit=1')
        .set(own.headers);
      expect(first.status).toBe(200);
      expect(first.body.results).toHaveLength(1);
      expect(first.body.results[0]).toMatchObject({
        archived: true,
        archivedAt: expect.any(String),
      });
      const second = await http()
        .get(`/crm/v3/objects/contacts?archived=true&limit=1&after=${first.body.paging.next.after}`)
        .set(own.headers);
      expect(second.body.paging).toBeUndefined();
      const archivedIds = [first.body.results[0].id, second.body.results[0].id].sort();
      expect(archivedIds).toEqual(ids.slice(0, 2).sort());
      const live = await http().get('/crm/v3/objects/contacts').set(own.headers);
      expect(live.body.results.map((r: { id: string }) => r.id)).toEqual([ids[2]]);
      // The native recycle bin restores what HubSpot's surface archived.
      await http().post(`/api/objects/person/${ids[0]}/restore`).set(own.headers).expect(200);
      const back = await http().get(`/crm/v3/objects/contacts/${ids[0]}`).set(own.headers);
      expect(back.body).toMatchObject({ id: ids[0], archived: false });
      const bad = await http()
        .get('/crm/v3/objects/contacts?archived=true&after=x')
        .set(own.headers);
      expect(bad.status).toBe(400);
    });
  });

  describe('search on the record’s own fields', () => {
    it('filters by hs_object_id and by lastmodifieddate as epoch milliseconds or ISO text', async () => {
      const own = await testApp.createOrganization();
      const make = async () => {
        const response = await http()
          .post('/crm/v3/objects/contacts')
          .set(own.headers)
          .send({ properties: { email: anEmail() } });
        return response.body as { id: string; updatedAt: string };
      };
      const first = await make();
      const second = await make();
      const search = (filters: unknown[]) =>
        http()
          .post('/crm/v3/objects/contacts/search')
          .set(own.headers)
          .send({ filterGroups: [{ filters }], sorts: ['hs_object_id'] });
      const ids = (response: Response) =>
        (response.body as { results: Array<{ id: string }> }).results.map(({ id }) => id);

      const byId = await search([
        { propertyName: 'hs_object_id', operator: 'IN', values: [second.id] },
      ]);
      expect(ids(byId)).toEqual([second.id]);
      const since = await search([
        {
          propertyName: 'lastmodifieddate',
          operator: 'GTE',
          value: String(Date.parse(second.updatedAt)),
        },
      ]);
      expect(ids(since)).toEqual([second.id]);
      const before = await search([
        { propertyName: 'hs_lastmodifieddate', operator: 'LT', value: second.updatedAt },
      ]);
      expect(ids(before)).toEqual([first.id]);
      const bad = await search([{ propertyName: 'createdate', operator: 'GT', value: 'soon' }]);
      expectHubSpotError(bad, 400, 'VALIDATION_ERROR');
    });
  });

  describe('errors in HubSpot’s body', () => {
    it('401 without a token and with a bad one', async () => {
      expectHubSpotError(
        await http().get('/crm/v3/objects/contacts'),
        401,
        'INVALID_AUTHENTICATION',
      );
      expectHubSpotError(
        await http().get('/crm/v3/objects/contacts').set('Authorization', 'Bearer plk_nope'),
        401,
        'INVALID_AUTHENTICATION',
      );
    });

    it('403 when the role may not write (viewer) or change the data model (member)', async () => {
      const viewer = await org.as('viewer');
      const write = await http()
        .post('/crm/v3/objects/contacts')
        .set(viewer)
        .send({ properties: { email: anEmail() } });
      expectHubSpotError(write, 403, 'MISSING_SCOPES');
      const member = await org.as('member');
      const property = await http()
        .post('/crm/v3/properties/contacts')
        .set(member)
        .send({ name: 'x', label: 'X', type: 'string', fieldType: 'text' });
      expectHubSpotError(property, 403, 'MISSING_SCOPES');
    });

    it('404 naming an unknown object type, record or property', async () => {
      const type = await http().get('/crm/v3/objects/spaceships').set(org.headers);
      expectHubSpotError(type, 404, 'OBJECT_NOT_FOUND');
      expect((type.body as { message: string }).message).toContain('spaceships');
      const record = await http().get(`/crm/v3/objects/contacts/${UNKNOWN_ID}`).set(org.headers);
      expectHubSpotError(record, 404, 'OBJECT_NOT_FOUND');
      const property = await http().get('/crm/v3/properties/contacts/shoe_colour').set(org.headers);
      expectHubSpotError(property, 404, 'OBJECT_NOT_FOUND');
      expect((property.body as { message: string }).message).toContain('shoe_colour');
    });

    it('400 naming unknown properties in a create and in a search filter', async () => {
      const create = await http()
        .post('/crm/v3/objects/contacts')
        .set(org.headers)
        .send({ properties: { email: anEmail(), favourite_ship: 'Enterprise' } });
      expectHubSpotError(create, 400, 'VALIDATION_ERROR');
      expect(create.body).toMatchObject({
        errors: [
          {
            message: 'Property "favourite_ship" does not exist',
            code: 'PROPERTY_DOESNT_EXIST',
            context: { propertyName: ['favourite_ship'] },
          },
        ],
      });
      const search = await http()
        .post('/crm/v3/objects/contacts/search')
        .set(org.headers)
        .send({
          filterGroups: [{ filters: [{ propertyName: 'warp', operator: 'EQ', value: '9' }] }],
        });
      expectHubSpotError(search, 400, 'VALIDATION_ERROR');
      expect((search.body as { message: string }).message).toContain('"warp"');
    });

    it('400 for a body that is not JSON, before any controller', async () => {
      const response = await http()
        .post('/crm/v3/objects/contacts')
        .set(org.headers)
        .set('Content-Type', 'application/json')
        .send('{"properties": ');
      expectHubSpotError(response, 400, 'VALIDATION_ERROR');
      expect((response.body as { message: string }).message).toBe(
        'The request body is not valid JSON.',
      );
    });

    it('400 for a value of the wrong type, validated by the write path', async () => {
      const response = await http()
        .post('/crm/v3/objects/contacts')
        .set(org.headers)
        .send({ properties: { email: anEmail(), lead_score: 'very high' } });
      expectHubSpotError(response, 400, 'VALIDATION_ERROR');
    });

    it('409 for a taken unique value', async () => {
      const email = anEmail();
      await aContact({ email });
      const response = await http()
        .post('/crm/v3/objects/contacts')
        .set(org.headers)
        .send({ properties: { email } });
      expectHubSpotError(response, 409, 'CONFLICT');
    });

    it('400 beyond HubSpot’s search caps: 6 filter groups, or past 10,000 results', async () => {
      const filter = { filters: [{ propertyName: 'firstname', operator: 'HAS_PROPERTY' }] };
      const groups = await http()
        .post('/crm/v3/objects/contacts/search')
        .set(org.headers)
        .send({ filterGroups: Array.from({ length: 6 }, () => filter) });
      expectHubSpotError(groups, 400, 'VALIDATION_ERROR');
      const window = await http()
        .post('/crm/v3/objects/contacts/search')
        .set(org.headers)
        .send({ after: '10000.abc', limit: 10 });
      expectHubSpotError(window, 400, 'VALIDATION_ERROR');
    });
  });

  describe('rate limit', () => {
    let limited: TestApp;

    beforeAll(async () => {
      limited = await startTestApp({ rateLimitPerMinute: 1 });
    });

    afterAll(async () => {
      await limited.close();
    });

    it('429 with HubSpot’s body and Retry-After', async () => {
      const own = await limited.createOrganization();
      await limited.http().get('/crm/v3/objects/contacts').set(own.headers);
      const response = await limited.http().get('/crm/v3/objects/contacts').set(own.headers);
      expectHubSpotError(response, 429, 'RATE_LIMITS');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
