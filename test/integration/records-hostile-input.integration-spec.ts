import type { Response } from 'supertest';
import { AssociationsClient } from '../support/association-fixtures';
import { createRecord, errorBodyMatcher, registerCustomObject } from '../support/factories';
import { listRecords, type WireRecord } from '../support/list-fixtures';
import { LockGate, send } from '../support/lock-gate';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** `[[[…1…]]]`, `depth` arrays deep, as JSON text (JSON.stringify would recurse as deep). */
function nestedJson(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

function idsOf(response: Response): string[] {
  return (response.body as WireRecord[]).map((record) => record.id);
}

/** Input an attacker (or an odd keyboard) sends: every case answers 2xx or 4xx, never 500. */
describe('Records: hostile input', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('full-text words that unaccent turns into query syntax', () => {
    let hawaii: WireRecord;

    beforeAll(async () => {
      hawaii = await createRecord(testApp, org, 'deal', {
        name: 'Hawaiʻi ʻokina ⑴ ½ trip',
        amount: '10.00',
      });
    });

    it.each(['ʻokina', 'Hawaiʻi', '⑴', '½', 'ʻokina trip'])('finds %j with q', async (q) => {
      const response = await listRecords(testApp, org, 'deal', { filter: { q } });
      expect(response.status).toBe(200);
      expect(idsOf(response)).toContain(hawaii.id);
    });

    it.each(["'", ':', '&', '|', '!', '(', '\\', '*', "ʻ'():*&|!\\", 'ʼ ‘ ’ ⁄ ℀ ⒈'])(
      'answers q %j with a list, not a 500',
      async (q) => {
        const response = await listRecords(testApp, org, 'deal', { filter: { q } });
        expect(response.status).toBe(200);
      },
    );

    it.each(['ʻokina', 'ʻoki*', 'hawaiʻi ⑴', "ʻ'():*&|!\\ trip"])(
      'finds %j with CONTAINS_TOKEN and the search query',
      async (value) => {
        const response = await testApp
          .http()
          .post('/api/objects/deal/search')
          .set(org.headers)
          .send({
            filter_groups: [{ filters: [{ property: 'name', operator: 'CONTAINS_TOKEN', value }] }],
            query: value,
          });
        expect(response.status).toBe(200);
        const { results } = response.body as { results: WireRecord[] };
        expect(results.map((record) => record.id)).toContain(hawaii.id);
      },
    );
  });

  describe('datetimes', () => {
    it.each(['+20:00', '-16:00'])(
      'refuses a datetime filter with the offset %s (beyond what PostgreSQL stores)',
      async (offset) => {
        const response = await listRecords(testApp, org, 'appointment', {
          filter: { start_at_gte: `2024-05-01T10:00:00${offset}` },
        });
        expect(response.status).toBe(400);
        expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
      },
    );

    it('refuses to store a datetime whose offset PostgreSQL cannot read', async () => {
      const response = await testApp.http().post('/api/objects/appointment').set(org.headers).send({
        title: 'Offset',
        start_at: '2024-05-01T10:00:00+20:00',
        end_at: '2024-05-01T11:00:00Z',
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
    });

    it('stores lower-case and spaced datetimes in the form date filters find', async () => {
      const created = await createRecord(testApp, org, 'appointment', {
        title: 'Lower case',
        start_at: '2031-05-01t10:00:00z',
        end_at: '2031-05-01 11:30:00.5+0200',
      });
      expect(created).toMatchObject({
        start_at: '2031-05-01T10:00:00Z',
        end_at: '2031-05-01T11:30:00.5+02:00',
      });
      const found = await listRecords(testApp, org, 'appointment', {
        filter: { start_at_gte: '2031-05-01T09:59:59Z', end_at_lt: '2031-05-01T09:31:00Z' },
      });
      expect(found.status).toBe(200);
      expect(idsOf(found)).toEqual([created.id]);
    });
  });

  describe('deeply nested JSON', () => {
    beforeAll(async () => {
      await registerCustomObject(testApp, org, {
        name: 'nest',
        labels: { singular: 'Nest', plural: 'Nests' },
        primary_display_property: 'title',
        properties: [
          { name: 'title', type: 'text', label: 'Title' },
          { name: 'data', type: 'json', label: 'Data' },
        ],
      });
    });

    it('refuses a json property nested deeper than the limit', async () => {
      const response = await testApp
        .http()
        .post('/api/objects/nest')
        .set(org.headers)
        .set('Content-Type', 'application/json')
        .send(`{"title":"deep","data":${nestedJson(5000)}}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
    });

    it('refuses a definition body nested deeper than the limit, before validation', async () => {
      const response = await testApp
        .http()
        .post('/api/object-definitions')
        .set(org.headers)
        .set('Content-Type', 'application/json')
        .send(`{"name":"deep","labels":${nestedJson(20000)}}`);
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toMatch(/levels deep/);
    });

    it('keeps a json property nested within the limit', async () => {
      const response = await testApp
        .http()
        .post('/api/objects/nest')
        .set(org.headers)
        .set('Content-Type', 'application/json')
        .send(`{"title":"shallow","data":${nestedJson(30)}}`);
      expect(response.status).toBe(201);
    });

    it('refuses a filter nested deeper than the limit', async () => {
      const response = await listRecords(testApp, org, 'nest', {
        // Deeper filters do not fit in the URL the server accepts (431).
        filter: `{"data":${nestedJson(200)}}`,
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
    });

    it('refuses a search body nested deeper than the limit', async () => {
      const response = await testApp
        .http()
        .post('/api/objects/nest/search')
        .set(org.headers)
        .set('Content-Type', 'application/json')
        .send(
          `{"filter_groups":[{"filters":[{"property":"data","operator":"EQ","value":${nestedJson(5000)}}]}]}`,
        );
      expect(response.status).toBe(400);
      expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
    });
  });

  describe('keys named like JavaScript object members', () => {
    it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
      'refuses the unknown property %j in a body like any unknown key',
      async (key) => {
        const response = await testApp
          .http()
          .post('/api/objects/deal')
          .set(org.headers)
          .set('Content-Type', 'application/json')
          .send(`{"name":"Proto","${key}":{"x":1}}`);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: { [key]: 'is not a property of deal' },
        });
      },
    );

    it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
      'refuses the unknown property %j in a filter, a sort and a search',
      async (key) => {
        const filter = await listRecords(testApp, org, 'deal', {
          filter: `{"${key}":"x"}`,
        });
        expect(filter.status).toBe(400);
        const sort = await listRecords(testApp, org, 'deal', { sort: [key, 'ASC'] });
        expect(sort.status).toBe(400);
        const search = await testApp
          .http()
          .post('/api/objects/deal/search')
          .set(org.headers)
          .send({
            filter_groups: [{ filters: [{ property: key, operator: 'EQ', value: 'x' }] }],
            sorts: [{ property: key, direction: 'ASCENDING' }],
            properties: [key],
          });
        expect(search.status).toBe(400);
        const include = await testApp
          .http()
          .get(`/api/objects/deal`)
          .query({ include: key })
          .set(org.headers);
        expect(include.status).toBe(400);
      },
    );

    it('refuses an unknown property named like a member in an update', async () => {
      const deal = await createRecord(testApp, org, 'deal', { name: 'Proto update' });
      const response = await testApp
        .http()
        .patch(`/api/objects/deal/${deal.id}`)
        .set(org.headers)
        .set('Content-Type', 'application/json')
        .send('{"constructor":1}');
      expect(response.status).toBe(400);
    });
  });

  describe('association batches in opposite orders', () => {
    it('links both, whichever way round they run', async () => {
      const api = new AssociationsClient(testApp, org);
      const deals = [await api.newDeal(), await api.newDeal()];
      const people = [await api.newPerson(), await api.newPerson()];
      const links = deals.flatMap((deal) =>
        people.map((person) => ({
          object: 'deal',
          id: deal.id,
          association: 'contacts',
          to_id: person.id,
        })),
      );
      const gate = await LockGate.open(testApp);
      try {
        await gate.hold('LOCK TABLE association IN EXCLUSIVE MODE');
        const forward = send(api.batch({ associate: links, dissociate: [] }));
        const backward = send(api.batch({ associate: [...links].reverse(), dissociate: [] }));
        await gate.waitForWaiters(2);
        await gate.release();
        const responses = await Promise.all([forward.response, backward.response]);
        expect(responses.map((response) => response.status)).toEqual([200, 200]);
      } finally {
        await gate.close();
      }
    });
  });
});
