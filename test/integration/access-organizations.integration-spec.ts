import { aDeal, createRecord } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** The organization comes from the credential; another organization's anything is 404. */
describe('Organizations and access', () => {
  let testApp: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    orgA = await testApp.createOrganization();
    orgB = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('two organizations with two members each', () => {
    it("keep each member out of the other organization's records, both ways", async () => {
      const [a1, a2, b1, b2] = await Promise.all([
        orgA.signIn('member'),
        orgA.signIn('admin'),
        orgB.signIn('member'),
        orgB.signIn('admin'),
      ]);
      const dealOfA = await createRecord(testApp, orgA, 'deal', aDeal());
      const dealOfB = await createRecord(testApp, orgB, 'deal', aDeal());
      for (const [session, own, foreign] of [
        [a1, dealOfA, dealOfB],
        [a2, dealOfA, dealOfB],
        [b1, dealOfB, dealOfA],
        [b2, dealOfB, dealOfA],
      ] as const) {
        await testApp.http().get(`/api/objects/deal/${own.id}`).set(session).expect(200);
        const read = await testApp.http().get(`/api/objects/deal/${foreign.id}`).set(session);
        expect(read.status).toBe(404);
        const write = await testApp
          .http()
          .patch(`/api/objects/deal/${foreign.id}`)
          .set(session)
          .send({ name: 'taken' });
        expect(write.status).toBe(404);
      }
    });

    it('answer 404 when a member names the other organization', async () => {
      const session = await orgA.signIn('admin');
      for (const named of [orgB.id, orgB.slug]) {
        const response = await testApp
          .http()
          .get('/api/objects/deal')
          .set({ ...session, 'X-Organization-Id': named });
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('ORGANIZATION_NOT_FOUND');
      }
    });
  });

  describe('a member of several organizations', () => {
    it('creates one (becoming its owner), lists both and switches with X-Organization-Id', async () => {
      const session = await orgA.signIn('member');
      const slug = `new-${Date.now().toString(36)}`;
      const created = await testApp
        .http()
        .post('/api/organizations')
        .set(session)
        .send({ name: 'New one', slug })
        .expect(201);
      expect(created.body).toMatchObject({ name: 'New one', slug, role: 'owner' });
      const mine = await testApp.http().get('/api/organizations').set(session).expect(200);
      expect(mine.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: orgA.id, role: 'member' }),
          expect.objectContaining({ id: created.body.id, role: 'owner' }),
        ]),
      );
      const inNew = await testApp
        .http()
        .get('/api/auth/me')
        .set({ ...session, 'X-Organization-Id': slug })
        .expect(200);
      expect(inNew.body).toMatchObject({ organization: { slug }, role: 'owner' });
      // System objects were provisioned in the new organization.
      await testApp
        .http()
        .get('/api/objects/deal')
        .set({ ...session, 'X-Organization-Id': slug })
        .expect(200);
      await testApp
        .http()
        .post('/api/organizations')
        .set(session)
        .send({ name: 'Again', slug })
        .expect(409);
    });
  });

  describe('route permissions', () => {
    it('refuse a viewer a data-model change with 403', async () => {
      const viewer = await orgA.as('viewer');
      const response = await testApp
        .http()
        .post('/api/object-definitions')
        .set(viewer)
        .send({
          name: 'gadget',
          labels: { singular: 'Gadget', plural: 'Gadgets' },
          properties: [],
        });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
      await testApp.http().get('/api/object-definitions').set(viewer).expect(200);
    });

    it("serve an organization's objects in the OpenAPI document only to the signed in", async () => {
      const anonymous = await testApp.http().get('/api/openapi.json').expect(200);
      expect(anonymous.body).not.toHaveProperty(['paths', '/api/objects/deal']);
      const signedIn = await testApp.http().get('/api/openapi.json').set(orgA.headers).expect(200);
      expect(signedIn.body).toHaveProperty(['paths', '/api/objects/deal']);
      await testApp.http().get('/api/health/live').expect(200);
    });
  });
});
