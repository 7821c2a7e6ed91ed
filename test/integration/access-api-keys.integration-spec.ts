import { AuthenticationService } from 'src/access/authentication.service';
import { aDeal, createRecord } from '../support/factories';
import { startSecondApp, type SecondApp } from '../support/second-app';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** API keys (docs/architecture.md, "Access"): shown once, stored hashed, revocable at once. */
describe('API keys', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const createKey = (body: Record<string, unknown>) =>
    testApp.http().post('/api/api-keys').set(organization.headers).send(body);

  it('is shown once on creation and stored only as its SHA-256', async () => {
    const created = await createKey({ name: 'ci', role: 'admin' }).expect(201);
    const key = String(created.body.key);
    expect(key).toMatch(/^plk_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ name: 'ci', role: 'admin', prefix: key.slice(0, 12) });
    const rows: Array<{ text: string }> = await testApp.dataSource.query(
      'SELECT row_to_json(k)::text AS text FROM api_key k WHERE id = $1',
      [created.body.id],
    );
    expect(rows[0]?.text).not.toContain(key);
    expect(rows[0]?.text).not.toContain(key.slice(4));
    const list = await testApp.http().get('/api/api-keys').set(organization.headers).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(list.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: created.body.id, revoked_at: null })]),
    );
  });

  it('authenticates as its role and records its last use', async () => {
    const created = await createKey({ name: 'reader', role: 'viewer' }).expect(201);
    const headers = { Authorization: `Bearer ${created.body.key}` };
    const me = await testApp.http().get('/api/auth/me').set(headers).expect(200);
    expect(me.body).toMatchObject({
      user: null,
      actor: { kind: 'api_key', id: created.body.id },
      organization: { id: organization.id },
      role: 'viewer',
    });
    // The last use is written beside the request, not awaited by it: wait for it (at most 5 s).
    const lastUsedAt = async (): Promise<Date | null> => {
      const rows: Array<{ last_used_at: Date | null }> = await testApp.dataSource.query(
        'SELECT last_used_at FROM api_key WHERE id = $1',
        [created.body.id],
      );
      return rows[0]?.last_used_at ?? null;
    };
    let used = await lastUsedAt();
    for (const deadline = Date.now() + 5000; used === null && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      used = await lastUsedAt();
    }
    expect(used).not.toBeNull();
  });

  it('with explicit scopes grants just those', async () => {
    const headers = await organization.as({ scopes: ['deal:read'] });
    const me = await testApp.http().get('/api/auth/me').set(headers).expect(200);
    expect(me.body.role).toBe('custom');
    expect(me.body.permissions).toMatchObject({
      objects: { deal: { read: 'all', create: 'none', update: 'none', delete: 'none' } },
      manage_data_model: false,
    });
  });

  it.each([
    ['a malformed key', 'Bearer plk_short'],
    ['an unknown key', `Bearer plk_${'A'.repeat(43)}`],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers %s with 401', async (_case, authorization) => {
    const response = await testApp
      .http()
      .get('/api/objects/deal')
      .set('Authorization', authorization);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect(response.body.code).toBe('UNAUTHENTICATED');
    // The presented credential is never echoed.
    expect(JSON.stringify(response.body)).not.toContain(authorization.split(' ')[1]);
  });

  it('answers an expired key with 401', async () => {
    const created = await createKey({ name: 'short-lived', role: 'member' }).expect(201);
    await testApp.dataSource.query(
      "UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1",
      [created.body.id],
    );
    await testApp
      .http()
      .get('/api/objects/deal')
      .set({ Authorization: `Bearer ${created.body.key}` })
      .expect(401);
  });

  it('refuses a role or scope that does not exist', async () => {
    await createKey({ name: 'x', role: 'nobody' }).expect(400);
    await createKey({ name: 'x', scopes: ['deal:fly'] }).expect(400);
    await createKey({ name: 'x' }).expect(400);
  });

  it('is refused to a member without manage_access (403)', async () => {
    const headers = await organization.as('member');
    const response = await testApp
      .http()
      .post('/api/api-keys')
      .set(headers)
      .send({ name: 'x', role: 'member' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  describe('revoked', () => {
    let second: SecondApp;

    beforeAll(async () => {
      second = await startSecondApp(testApp);
    });

    afterAll(async () => {
      await second.close();
    });

    it('is refused at once, in this process and in a second server process', async () => {
      const created = await createKey({ name: 'to-revoke', role: 'admin' }).expect(201);
      const headers = { Authorization: `Bearer ${created.body.key}` };
      const deal = await createRecord(testApp, organization, 'deal', aDeal());
      // Both processes have the key cached.
      await testApp.http().get(`/api/objects/deal/${deal.id}`).set(headers).expect(200);
      await second.http().get(`/api/objects/deal/${deal.id}`).set(headers).expect(200);
      // The second process drops its cache when the revocation's notification arrives; it is
      // sent when the revocation commits, so waiting for it is waiting for the commit's effect.
      const service = second.app.get(AuthenticationService);
      const invalidated = new Promise<void>((resolve) => {
        const original = service.invalidateAll.bind(service);
        jest.spyOn(service, 'invalidateAll').mockImplementation(() => {
          original();
          resolve();
        });
      });
      await testApp
        .http()
        .delete(`/api/api-keys/${created.body.id}`)
        .set(organization.headers)
        .expect(204);
      await testApp.http().get(`/api/objects/deal/${deal.id}`).set(headers).expect(401);
      await invalidated;
      await second.http().get(`/api/objects/deal/${deal.id}`).set(headers).expect(401);
      const list = await testApp.http().get('/api/api-keys').set(organization.headers).expect(200);
      const revoked = (list.body as Array<{ id: string; revoked_at: string | null }>).find(
        (key) => key.id === created.body.id,
      );
      expect(revoked?.revoked_at).not.toBeNull();
    });
  });
});
