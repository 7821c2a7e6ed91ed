import { aDeal, aPerson, createRecord, PROBLEM_MEMBERS, storedRecord } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** docs/domain.md: another organization's record is answered 404, exactly like an unknown one. */
describe('Tenancy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe("another organization's record", () => {
    let orgA: TestOrganization;
    let orgB: TestOrganization;
    let dealOfB: Record<string, unknown> & { id: string };

    beforeAll(async () => {
      orgA = await testApp.createOrganization();
      orgB = await testApp.createOrganization();
      dealOfB = await createRecord(testApp, orgB, 'deal', aDeal({ next_step: 'Call' }));
    });

    afterEach(async () => {
      const read = await testApp
        .http()
        .get(`/api/objects/deal/${dealOfB.id}`)
        .set(orgB.headers)
        .expect(200);
      expect(read.body).toEqual(dealOfB);
      expect((await storedRecord(testApp, dealOfB.id))?.version).toBe(1);
    });

    it.each(['get', 'put', 'patch', 'delete'] as const)('is not found by %s', async (method) => {
      const response = await testApp
        .http()
        [method](`/api/objects/deal/${dealOfB.id}`)
        .set(orgA.headers)
        .send({ name: 'Taken over' });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        status: 404,
        code: 'RECORD_NOT_FOUND',
        message: `No deal with id ${dealOfB.id}`,
        request_id: expect.any(String),
        ...PROBLEM_MEMBERS,
      });
    });

    it('is not listed', async () => {
      const own = await createRecord(testApp, orgA, 'deal', aDeal());
      const response = await testApp.http().get('/api/objects/deal').set(orgA.headers).expect(200);
      expect(response.body).toEqual([own]);
      expect(response.headers['content-range']).toBe('deal 0-0/1');
    });

    it('is not returned by a getMany filter on its id', async () => {
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .query({ filter: JSON.stringify({ id: [dealOfB.id] }) })
        .set(orgA.headers)
        .expect(200);
      expect(response.body).toEqual([]);
      expect(response.headers['content-range']).toBe('deal */0');
    });

    it('is not found by a search for its name', async () => {
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .query({ filter: JSON.stringify({ q: dealOfB.name }) })
        .set(orgA.headers)
        .expect(200);
      expect(response.body).toEqual([]);
    });
  });

  describe('the organization a request acts for', () => {
    it('is refused without credentials (401 naming the Bearer scheme)', async () => {
      const response = await testApp.http().post('/api/objects/person').send(aPerson());
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toContain('Bearer');
      expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });

    it("is the key's: X-Organization-Id naming another one is 404", async () => {
      const mine = await testApp.createOrganization();
      const other = await testApp.createOrganization();
      const person = await createRecord(testApp, other, 'person', aPerson());
      for (const named of [other.id, other.slug, 'default']) {
        const response = await testApp
          .http()
          .get(`/api/objects/person/${person.id}`)
          .set({ ...mine.headers, 'X-Organization-Id': named });
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'ORGANIZATION_NOT_FOUND' });
      }
    });

    it("accepts X-Organization-Id naming the key's own organization by id or slug", async () => {
      const mine = await testApp.createOrganization();
      const person = await createRecord(testApp, mine, 'person', aPerson());
      for (const named of [mine.id, mine.slug]) {
        await testApp
          .http()
          .get(`/api/objects/person/${person.id}`)
          .set({ ...mine.headers, 'X-Organization-Id': named })
          .expect(200);
      }
    });

    it('stores what a key creates in its own organization', async () => {
      const mine = await testApp.createOrganization();
      const created = await createRecord(testApp, mine, 'deal', aDeal());
      const rows: Array<{ organization_id: string }> = await testApp.dataSource.query(
        'SELECT organization_id FROM record WHERE id = $1',
        [created.id],
      );
      expect(rows).toEqual([{ organization_id: mine.id }]);
    });
  });
});
