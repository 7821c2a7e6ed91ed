import { aDeal, aPerson, createRecord, PROBLEM_MEMBERS, storedRecord } from '../support/factories';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** docs/domain.md: another organization's record is answered 404, exactly like an unknown one. */
describe('Tenancy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
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

  describe('requests without an organization header', () => {
    const DEFAULT_ORGANIZATION = { 'X-Organization-Id': 'default' };

    it('act for the default organization', async () => {
      const created = await testApp.http().post('/api/objects/person').send(aPerson()).expect(201);
      const read = await testApp
        .http()
        .get(`/api/objects/person/${created.body.id}`)
        .set(DEFAULT_ORGANIZATION)
        .expect(200);
      expect(read.body).toEqual(created.body);
      const rows: Array<{ slug: string }> = await testApp.dataSource.query(
        'SELECT o.slug FROM record r JOIN organization o ON o.id = r.organization_id WHERE r.id = $1',
        [created.body.id],
      );
      expect(rows).toEqual([{ slug: 'default' }]);
    });

    it("do not see another organization's records", async () => {
      const other = await testApp.createOrganization();
      const person = await createRecord(testApp, other, 'person', aPerson());
      await testApp.http().get(`/api/objects/person/${person.id}`).expect(404);
      const list = await testApp
        .http()
        .get('/api/objects/person')
        .query({ filter: JSON.stringify({ id: [person.id] }) })
        .expect(200);
      expect(list.body).toEqual([]);
    });

    it('are not seen by another organization', async () => {
      const other = await testApp.createOrganization();
      const created = await testApp.http().post('/api/objects/deal').send(aDeal()).expect(201);
      await testApp
        .http()
        .get(`/api/objects/deal/${created.body.id}`)
        .set(other.headers)
        .expect(404);
    });
  });
});
