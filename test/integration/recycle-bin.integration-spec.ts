import { RecordRecycleBinService } from 'src/records/record-recycle-bin.service';
import type { Test } from 'supertest';
import { aCompany } from '../support/association-fixtures';
import { aDeal, aPerson, createRecord, storedRecord } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Body = Record<string, unknown>;

/** DELETE archives, restore brings back, purges remove for good (README, "Recycle bin"). */
describe('Recycle bin', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    headers: Record<string, string> = org.headers,
  ): Test => testApp.http()[method](`/api/objects/${path}`).set(headers);

  const create = (object: string, body: Body): Promise<Body & { id: string }> =>
    createRecord(testApp, org, object, body);

  const list = (object: string, filter: Body, headers = org.headers): Test =>
    api('get', object, headers).query({ filter: JSON.stringify(filter) });

  const ids = (response: { body: unknown }): string[] =>
    (response.body as Array<{ id: string }>).map((record) => record.id);

  const totalOf = (response: { headers: Record<string, string> }): number =>
    Number(String(response.headers['content-range']).split('/')[1]);

  async function storedLinks(recordId: string): Promise<number> {
    const rows: Array<{ total: number }> = await testApp.dataSource.query(
      'SELECT count(*)::int AS total FROM association WHERE from_record_id = $1 OR to_record_id = $1',
      [recordId],
    );
    return rows[0]?.total ?? 0;
  }

  async function storedUniqueValues(recordId: string): Promise<number> {
    const rows: Array<{ total: number }> = await testApp.dataSource.query(
      'SELECT count(*)::int AS total FROM record_unique_value WHERE record_id = $1',
      [recordId],
    );
    return rows[0]?.total ?? 0;
  }

  /** A deal linked to a company (to-one) and a person (to-many). */
  async function linkedDeal(): Promise<{
    deal: Body & { id: string };
    company: Body;
    person: Body;
  }> {
    const company = await create('company', aCompany());
    const person = await create('person', aPerson());
    const deal = await create('deal', aDeal({ company_id: company.id }));
    await api('put', `deal/${deal.id}/associations/contacts/${String(person.id)}`).expect(
      (response) => expect([200, 201, 204]).toContain(response.status),
    );
    return { deal, company, person };
  }

  describe('delete', () => {
    it('hides the record from gets, lists, totals, searches, includes and association views', async () => {
      const { deal, company, person } = await linkedDeal();
      const name = String(deal.name);
      const before = await list('deal', {}).expect(200);
      await api('delete', `deal/${deal.id}`).expect(200);

      await api('get', `deal/${deal.id}`).expect(404);
      const after = await list('deal', {}).expect(200);
      expect(ids(after)).not.toContain(deal.id);
      expect(totalOf(after)).toBe(totalOf(before) - 1);
      expect(ids(await list('deal', { q: name }).expect(200))).toEqual([]);
      expect(ids(await list('deal', { id: [deal.id] }).expect(200))).toEqual([]);
      const searched = await testApp
        .http()
        .post('/api/objects/deal/search')
        .set(org.headers)
        .send({ query: name, with_total: true })
        .expect(200);
      expect(searched.body).toMatchObject({ results: [], total: 0 });
      const view = await api('get', `company/${String(company.id)}/associations/deals`).expect(200);
      expect(ids(view)).toEqual([]);
      const included = await api('get', `person/${String(person.id)}`)
        .query({ include: 'deals' })
        .expect(200);
      expect(included.body).toMatchObject({ associations: { deals: [] } });
      // Kept for a restore: the links are still stored.
      expect(await storedLinks(deal.id)).toBe(2);
    });

    it('answers a get with archived=true and lists the bin with filter archived', async () => {
      const { deal, company } = await linkedDeal();
      await api('delete', `deal/${deal.id}`).expect(200);
      const read = await api('get', `deal/${deal.id}`).query({ archived: 'true' }).expect(200);
      expect(read.body).toEqual({
        ...deal,
        company_id: company.id,
        archived_at: expect.any(String),
        archived_by: deal.created_by,
      });
      const bin = await list('deal', { archived: true }).expect(200);
      expect(ids(bin)).toContain(deal.id);
      expect(totalOf(bin)).toBe(ids(bin).length);
      expect((bin.body as Body[]).every((record) => typeof record.archived_at === 'string')).toBe(
        true,
      );
      // A live record is not in the bin, and archived=true does not read it.
      const live = await create('deal', aDeal());
      expect(ids(bin)).not.toContain(live.id);
      await api('get', `deal/${live.id}`).query({ archived: 'true' }).expect(404);
      expect(ids(await list('deal', { archived: false, id: [live.id] }).expect(200))).toEqual([
        live.id,
      ]);
      const bad = await list('deal', { archived: 'yes' }).expect(400);
      expect(bad.body).toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('shows a live record’s link to a deleted one as absent', async () => {
      const { deal, company } = await linkedDeal();
      await api('delete', `company/${String(company.id)}`).expect(200);
      const read = await api('get', `deal/${deal.id}`).expect(200);
      expect(read.body).toMatchObject({ company_id: null });
      expect(ids(await list('deal', { company_id: null, id: [deal.id] }).expect(200))).toEqual([
        deal.id,
      ]);
      await api('post', `company/${String(company.id)}/restore`).expect(200);
      const again = await api('get', `deal/${deal.id}`).expect(200);
      expect(again.body).toMatchObject({ company_id: company.id });
    });

    it('answers 404 for a second delete, and for a record of another organization', async () => {
      const deal = await create('deal', aDeal());
      await api('delete', `deal/${deal.id}`).expect(200);
      await api('delete', `deal/${deal.id}`).expect(404);
      const other = await testApp.createOrganization();
      await api('post', `deal/${deal.id}/restore`, other.headers).expect(404);
      await api('delete', `deal/${deal.id}`, other.headers)
        .query({ permanent: 'true' })
        .expect(404);
    });

    it('deletes many records at once (react-admin deleteMany) into the bin', async () => {
      const deals = await Promise.all([1, 2, 3].map(() => create('deal', aDeal())));
      await Promise.all(deals.map((deal) => api('delete', `deal/${deal.id}`).expect(200)));
      const bin = await list('deal', { archived: true, id: deals.map((d) => d.id) }).expect(200);
      expect(ids(bin).sort()).toEqual(deals.map((d) => d.id).sort());
    });
  });

  describe('restore', () => {
    it('brings the record back with its values, unique values and links', async () => {
      const { deal, company, person } = await linkedDeal();
      const ann = await create('person', aPerson());
      await api('delete', `deal/${deal.id}`).expect(200);
      await api('delete', `person/${ann.id}`).expect(200);

      const restored = await api('post', `deal/${deal.id}/restore`).expect(200);
      expect(restored.body).toEqual({ ...deal, company_id: company.id });
      expect(restored.headers.etag).toBe('"3"');
      expect(ids(await list('deal', { id: [deal.id] }).expect(200))).toEqual([deal.id]);
      const included = await api('get', `deal/${deal.id}`).query({ include: 'contacts' });
      expect(included.body).toMatchObject({ associations: { contacts: [person.id] } });
      const view = await api('get', `company/${String(company.id)}/associations/deals`);
      expect(ids(view)).toEqual([deal.id]);

      await api('post', `person/${ann.id}/restore`).expect(200);
      const taken = await api('post', 'person').send(aPerson({ email: ann.email }));
      expect(taken.status).toBe(409);
      expect(taken.body.details).toEqual({ existing_id: ann.id });
    });

    it('answers 404 for a live record and checks If-Match', async () => {
      const deal = await create('deal', aDeal());
      await api('post', `deal/${deal.id}/restore`).expect(404);
      await api('delete', `deal/${deal.id}`).expect(200);
      const stale = await api('post', `deal/${deal.id}/restore`).set('If-Match', '"1"');
      expect(stale.status).toBe(412);
      await api('post', `deal/${deal.id}/restore`).set('If-Match', '"2"').expect(200);
      await api('post', `deal/${deal.id}/restore`).expect(404);
    });

    it('drops a link whose other record was purged meanwhile', async () => {
      const { deal, company, person } = await linkedDeal();
      await api('delete', `deal/${deal.id}`).expect(200);
      await api('delete', `company/${String(company.id)}`)
        .query({ permanent: 'true' })
        .expect(200);
      const restored = await api('post', `deal/${deal.id}/restore`).expect(200);
      expect(restored.body).toMatchObject({ company_id: null });
      const included = await api('get', `deal/${deal.id}`).query({ include: 'contacts' });
      expect(included.body).toMatchObject({ associations: { contacts: [person.id] } });
      expect(await storedLinks(deal.id)).toBe(1);
    });
  });

  describe('purge', () => {
    it('removes a record of the bin with its links and unique values (permanent=true)', async () => {
      const person = await create('person', aPerson());
      const deal = await create('deal', aDeal());
      await api('put', `deal/${deal.id}/associations/contacts/${person.id}`).expect((response) =>
        expect([200, 201, 204]).toContain(response.status),
      );
      expect(await storedUniqueValues(person.id)).toBe(1);
      await api('delete', `person/${person.id}`).expect(200);
      const purged = await api('delete', `person/${person.id}`)
        .query({ permanent: 'true' })
        .expect(200);
      expect(purged.body).toMatchObject({ id: person.id, email: person.email });
      expect(await storedRecord(testApp, person.id)).toBeUndefined();
      expect(await storedLinks(person.id)).toBe(0);
      expect(await storedUniqueValues(person.id)).toBe(0);
      await api('get', `person/${person.id}`).query({ archived: 'true' }).expect(404);
      await api('post', `person/${person.id}/restore`).expect(404);
      await create('person', aPerson({ email: person.email }));
    });

    it('purges records deleted longer ago than the retention, in the background job', async () => {
      const old = await create('person', aPerson());
      const recent = await create('person', aPerson());
      const live = await create('person', aPerson());
      const company = await create('company', aCompany());
      await api('put', `person/${old.id}/associations/employer/${company.id}`).expect((response) =>
        expect([200, 201, 204]).toContain(response.status),
      );
      await api('delete', `person/${old.id}`).expect(200);
      await api('delete', `person/${recent.id}`).expect(200);
      // Deleted 91 and 89 days ago (the default retention is 90 days).
      await testApp.dataSource.query(
        `UPDATE record SET archived_at = now() - make_interval(days => $2) WHERE id = $1`,
        [old.id, 91],
      );
      await testApp.dataSource.query(
        `UPDATE record SET archived_at = now() - make_interval(days => $2) WHERE id = $1`,
        [recent.id, 89],
      );
      const purger = testApp.app.get(RecordRecycleBinService);
      // Two server processes at once: SKIP LOCKED gives each its own rows, none twice.
      const counts = await Promise.all([purger.purgeExpired(), purger.purgeExpired()]);
      expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(1);
      expect(await storedRecord(testApp, old.id)).toBeUndefined();
      const oldEvents: Array<{ type: string; data: unknown }> = await testApp.dataSource.query(
        `SELECT type, data FROM event WHERE record_id = $1 AND type IN ('created', 'deleted') ORDER BY id`,
        [old.id],
      );
      expect(oldEvents).toEqual([
        { type: 'created', data: { erased: true } },
        { type: 'deleted', data: { erased: true } },
      ]);
      expect(await storedLinks(old.id)).toBe(0);
      expect(await storedUniqueValues(old.id)).toBe(0);
      expect(await storedRecord(testApp, recent.id)).toBeDefined();
      expect(await storedRecord(testApp, live.id)).toBeDefined();
      // A clock 2 days later: the recent one is past the retention too.
      const later = new Date(Date.now() + 2 * 24 * 3_600_000);
      expect(await purger.purgeExpired(later)).toBeGreaterThanOrEqual(1);
      expect(await storedRecord(testApp, recent.id)).toBeUndefined();
      expect(await storedRecord(testApp, live.id)).toBeDefined();
    });
  });

  describe('permissions', () => {
    it('lets a member delete and restore their own records, not another’s', async () => {
      const memberKey = await org.as('member');
      const own = (await api('post', 'deal', memberKey).send(aDeal()).expect(201)).body as {
        id: string;
      };
      const others = await create('deal', aDeal());
      await api('delete', `deal/${own.id}`, memberKey).expect(200);
      await api('post', `deal/${own.id}/restore`, memberKey).expect(200);
      await api('delete', `deal/${others.id}`).expect(200);
      const refused = await api('post', `deal/${others.id}/restore`, memberKey);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('lets only a role that manages the data model purge', async () => {
      const memberKey = await org.as('member');
      const own = (await api('post', 'deal', memberKey).send(aDeal()).expect(201)).body as {
        id: string;
      };
      const refused = await api('delete', `deal/${own.id}`, memberKey).query({ permanent: 'true' });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain('purge');
      await api('get', `deal/${own.id}`, memberKey).expect(200);
      const adminKey = await org.as('admin');
      await api('delete', `deal/${own.id}`, adminKey).query({ permanent: 'true' }).expect(200);
      expect(await storedRecord(testApp, own.id)).toBeUndefined();
    });

    it('refuses a viewer both delete and restore', async () => {
      const viewerKey = await org.as('viewer');
      const deal = await create('deal', aDeal());
      expect((await api('delete', `deal/${deal.id}`, viewerKey)).status).toBe(403);
      await api('delete', `deal/${deal.id}`).expect(200);
      expect((await api('post', `deal/${deal.id}/restore`, viewerKey)).status).toBe(403);
      // A viewer reads the bin as it reads records.
      expect(ids(await list('deal', { archived: true, id: [deal.id] }, viewerKey))).toEqual([
        deal.id,
      ]);
    });
  });
});
