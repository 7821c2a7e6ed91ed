import { randomUUID } from 'node:crypto';
import { aDeal } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Headers = Record<string, string>;
type WireRecord = Record<string, unknown> & { id: string };

const BUILT_IN = ['owner', 'admin', 'member', 'viewer'] as const;

/** The status each built-in role gets for each action on another member's deal (permissions.ts). */
const EXPECTED: Record<(typeof BUILT_IN)[number], Record<string, number>> = {
  owner: { read: 200, create: 201, update: 200, delete: 200 },
  admin: { read: 200, create: 201, update: 200, delete: 200 },
  member: { read: 200, create: 201, update: 200, delete: 403 },
  viewer: { read: 200, create: 403, update: 403, delete: 403 },
};

/**
 * A custom role: its own deals only (no other object: a created deal's response leaves out its
 * company link), amount hidden, probability read-only.
 */
const OWN_DEALS = {
  name: 'own_deals',
  permissions: {
    objects: {
      deal: { read: 'own', create: 'all', update: 'own', delete: 'none' },
    },
    properties: { deal: { amount: 'hidden', probability: 'read_only' } },
    manage_data_model: false,
    manage_access: false,
  },
};

/**
 * Record permissions over HTTP, authenticated as integrators (API keys) and browsers (sessions):
 * each built-in role × action, a custom role with own scopes and property access, owner
 * reassignment and the actors stamped on records. The service-level cases are in
 * records-permissions.
 */
describe('Record permissions over HTTP', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  /** A member's key: the deals it creates belong to another member than the role under test. */
  let someone: Headers;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
    someone = await organization.as('member');
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createDeal(headers: Headers, body = aDeal()): Promise<WireRecord> {
    const response = await testApp.http().post('/api/objects/deal').set(headers).send(body);
    expect(response.status).toBe(201);
    return response.body as WireRecord;
  }

  const ids = (records: WireRecord[]) => records.map((record) => record.id);

  describe.each(BUILT_IN)('the built-in role %s', (role) => {
    let headers: Headers;
    let deal: WireRecord;

    beforeAll(async () => {
      headers = await organization.as(role);
      deal = await createDeal(someone);
    });

    it('reads another member’s deal through get, list and search as its permissions say', async () => {
      const expected = EXPECTED[role].read;
      const got = await testApp.http().get(`/api/objects/deal/${deal.id}`).set(headers);
      expect(got.status).toBe(expected);
      expect(got.body).toMatchObject({ id: deal.id, name: deal.name });
      const listed = await testApp
        .http()
        .get('/api/objects/deal')
        .query({ filter: JSON.stringify({ id: [deal.id] }) })
        .set(headers);
      expect(listed.status).toBe(expected);
      expect(ids(listed.body as WireRecord[])).toEqual([deal.id]);
      const found = await testApp
        .http()
        .post('/api/objects/deal/search')
        .set(headers)
        .send({
          filter_groups: [{ filters: [{ property: 'name', operator: 'EQ', value: deal.name }] }],
        });
      expect(found.status).toBe(expected);
      expect(ids((found.body as { results: WireRecord[] }).results)).toEqual([deal.id]);
    });

    it('creates a deal as its permissions say', async () => {
      const response = await testApp.http().post('/api/objects/deal').set(headers).send(aDeal());
      expect(response.status).toBe(EXPECTED[role].create);
    });

    it('updates another member’s deal as its permissions say', async () => {
      const response = await testApp
        .http()
        .patch(`/api/objects/deal/${deal.id}`)
        .set(headers)
        .send({ name: `Renamed by ${role}` });
      expect(response.status).toBe(EXPECTED[role].update);
      if (EXPECTED[role].update !== 200) {
        expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      }
    });

    it('deletes another member’s deal as its permissions say', async () => {
      const other = await createDeal(someone);
      const response = await testApp.http().delete(`/api/objects/deal/${other.id}`).set(headers);
      expect(response.status).toBe(EXPECTED[role].delete);
      const after = await testApp.http().get(`/api/objects/deal/${other.id}`).set(someone);
      expect(after.status).toBe(EXPECTED[role].delete === 200 ? 404 : 200);
    });
  });

  it('lets a member delete the deals it owns (DELETE answers the deleted record)', async () => {
    const member = await organization.as('member');
    const own = await createDeal(member);
    const response = await testApp.http().delete(`/api/objects/deal/${own.id}`).set(member);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: own.id });
  });

  it('refuses a viewer every write with 403 FORBIDDEN', async () => {
    const viewer = await organization.as('viewer');
    const deal = await createDeal(someone);
    const writes = [
      testApp.http().post('/api/objects/deal').set(viewer).send(aDeal()),
      testApp.http().put(`/api/objects/deal/${deal.id}`).set(viewer).send({ name: 'x' }),
      testApp.http().patch(`/api/objects/deal/${deal.id}`).set(viewer).send({ name: 'x' }),
      testApp.http().delete(`/api/objects/deal/${deal.id}`).set(viewer),
    ];
    for (const write of writes) {
      const response = await write;
      expect({ status: response.status, code: (response.body as { code?: string }).code }).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
    }
  });

  describe('a custom role with own scopes, a hidden and a read-only property', () => {
    let custom: Headers;
    let own: WireRecord;
    let others: WireRecord;

    beforeAll(async () => {
      await testApp.http().post('/api/roles').set(organization.headers).send(OWN_DEALS).expect(201);
      custom = await organization.as(OWN_DEALS.name);
      own = await createDeal(custom, { name: `Own ${randomUUID()}` });
      others = await createDeal(someone, aDeal({ probability: 30 }));
    });

    it('gets its own deal without the hidden property, and another member’s deal not at all', async () => {
      const got = await testApp.http().get(`/api/objects/deal/${own.id}`).set(custom).expect(200);
      expect(got.body).toMatchObject({ id: own.id, name: own.name });
      expect(got.body).not.toHaveProperty('amount');
      const hidden = await testApp.http().get(`/api/objects/deal/${others.id}`).set(custom);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toMatchObject({ status: 404, code: 'RECORD_NOT_FOUND' });
    });

    it('lists and searches only its own deals, without the hidden property', async () => {
      await createDeal(organization.headers, aDeal({ name: `Owner's ${randomUUID()}` }));
      const listed = await testApp.http().get('/api/objects/deal').set(custom).expect(200);
      expect(ids(listed.body as WireRecord[])).toEqual([own.id]);
      const found = await testApp
        .http()
        .post('/api/objects/deal/search')
        .set(custom)
        .send({ with_total: true })
        .expect(200);
      const body = found.body as { results: WireRecord[]; total: number };
      expect({ ids: ids(body.results), total: body.total }).toEqual({ ids: [own.id], total: 1 });
      for (const record of [...(listed.body as WireRecord[]), ...body.results]) {
        expect(record).not.toHaveProperty('amount');
      }
    });

    it('refuses a filter on the hidden property with 400', async () => {
      const listed = await testApp
        .http()
        .get('/api/objects/deal')
        .query({ filter: JSON.stringify({ amount_gte: '1' }) })
        .set(custom);
      expect(listed.status).toBe(400);
      expect(listed.body).toMatchObject({ errors: { 'filter.amount_gte': expect.any(String) } });
      const found = await testApp
        .http()
        .post('/api/objects/deal/search')
        .set(custom)
        .send({
          filter_groups: [{ filters: [{ property: 'amount', operator: 'GT', value: '1' }] }],
        });
      expect(found.status).toBe(400);
      expect(found.body).toMatchObject({
        errors: { 'filter_groups.0.filters.0.property': expect.any(String) },
      });
    });

    it('refuses writing the read-only property with 403 naming it', async () => {
      const response = await testApp
        .http()
        .patch(`/api/objects/deal/${own.id}`)
        .set(custom)
        .send({ probability: 10 });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({
        code: 'FORBIDDEN',
        errors: { probability: 'is read-only for your role' },
      });
    });

    it('updates its own deal, and finds another member’s absent', async () => {
      await testApp
        .http()
        .patch(`/api/objects/deal/${own.id}`)
        .set(custom)
        .send({ name: 'Mine' })
        .expect(200);
      const response = await testApp
        .http()
        .patch(`/api/objects/deal/${others.id}`)
        .set(custom)
        .send({ name: 'Theirs' });
      expect(response.status).toBe(404);
    });
  });

  describe('owner_id', () => {
    it('is reassigned by an admin to another member, and refused for a non-member with 400', async () => {
      const admin = await organization.as('admin');
      const deal = await createDeal(someone);
      const { memberId } = await organization.member('member');
      const moved = await testApp
        .http()
        .patch(`/api/objects/deal/${deal.id}`)
        .set(admin)
        .send({ owner_id: memberId })
        .expect(200);
      expect(moved.body).toHaveProperty('owner_id', memberId);
      const got = await testApp.http().get(`/api/objects/deal/${deal.id}`).set(admin).expect(200);
      expect(got.body).toHaveProperty('owner_id', memberId);
      const refused = await testApp
        .http()
        .patch(`/api/objects/deal/${deal.id}`)
        .set(admin)
        .send({ owner_id: randomUUID() });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errors: { owner_id: expect.any(String) } });
    });
  });

  describe('created_by and updated_by', () => {
    it('name the API key for a key’s calls and the member for a signed-in session', async () => {
      const created = await testApp
        .http()
        .post('/api/api-keys')
        .set(organization.headers)
        .send({ name: 'actor', role: 'admin' })
        .expect(201);
      const { id: keyId, key } = created.body as { id: string; key: string };
      const deal = await createDeal({ Authorization: `Bearer ${key}` });
      expect(deal).toMatchObject({
        created_by: `api_key:${keyId}`,
        updated_by: `api_key:${keyId}`,
      });

      const session = await organization.signIn('member');
      const updated = await testApp
        .http()
        .patch(`/api/objects/deal/${deal.id}`)
        .set(session)
        .send({ name: 'Edited in the browser' })
        .expect(200);
      expect(updated.body).toMatchObject({
        created_by: `api_key:${keyId}`,
        updated_by: `member:${session.memberId}`,
      });
      const own = await createDeal(session);
      expect(own).toMatchObject({
        owner_id: session.memberId,
        created_by: `member:${session.memberId}`,
        updated_by: `member:${session.memberId}`,
      });
    });
  });
});
