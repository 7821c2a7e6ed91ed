import { createHash } from 'node:crypto';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** Members and roles of an organization (docs/architecture.md, "Access"). */
describe('Members and roles', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const email = () => `m-${Math.random().toString(36).slice(2)}@example.com`;

  describe('members', () => {
    it('are added, listed, given another role and removed by an admin', async () => {
      const admin = await organization.as('admin');
      const added = await testApp
        .http()
        .post('/api/members')
        .set(admin)
        .send({ email: email(), name: 'Bo', role: 'viewer' })
        .expect(201);
      expect(added.body).toMatchObject({ name: 'Bo', role: 'viewer' });
      const list = await testApp.http().get('/api/members').set(admin).expect(200);
      expect(list.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: added.body.id })]),
      );
      expect(list.headers['content-range']).toMatch(/^members 0-\d+\/\d+$/);
      const changed = await testApp
        .http()
        .patch(`/api/members/${added.body.id}`)
        .set(admin)
        .send({ role: 'member' })
        .expect(200);
      expect(changed.body.role).toBe('member');
      await testApp.http().delete(`/api/members/${added.body.id}`).set(admin).expect(204);
      await testApp.http().delete(`/api/members/${added.body.id}`).set(admin).expect(404);
    });

    it('gain the owner role only from an owner', async () => {
      const admin = await organization.as('admin');
      const refused = await testApp
        .http()
        .post('/api/members')
        .set(admin)
        .send({ email: email(), role: 'owner' });
      expect(refused.status).toBe(403);
      await testApp
        .http()
        .post('/api/members')
        .set(organization.headers)
        .send({ email: email(), role: 'owner' })
        .expect(201);
    });

    it('keep the last owner: demoting or removing them is 409', async () => {
      const other = await testApp.createOrganization();
      const members = await testApp.http().get('/api/members').set(other.headers).expect(200);
      const owner = (members.body as Array<{ id: string; role: string }>).find(
        (member) => member.role === 'owner',
      );
      expect(owner).toBeDefined();
      const demoted = await testApp
        .http()
        .patch(`/api/members/${owner?.id}`)
        .set(other.headers)
        .send({ role: 'admin' });
      expect(demoted.status).toBe(409);
      await testApp.http().delete(`/api/members/${owner?.id}`).set(other.headers).expect(409);
    });

    it('lose their access at once when removed', async () => {
      const session = await organization.signIn('member');
      await testApp.http().get('/api/auth/me').set(session).expect(200);
      await testApp
        .http()
        .delete(`/api/members/${session.memberId}`)
        .set(organization.headers)
        .expect(204);
      const after = await testApp.http().get('/api/auth/me').set(session);
      expect(after.status).toBe(404);
    });

    it('get a one-time password-reset link from an admin', async () => {
      const member = await organization.member('member');
      const link = await testApp
        .http()
        .post(`/api/members/${member.memberId}/password-reset`)
        .set(organization.headers)
        .expect(201);
      expect(link.body.url).toMatch(/^\/#\/set-password\/[A-Za-z0-9_-]{43}$/);
      const token = String(link.body.url).split('/').pop() ?? '';
      const rows: Array<{ hex: string }> = await testApp.dataSource.query(
        "SELECT encode(token_hash, 'hex') AS hex FROM password_reset WHERE token_hash = $1",
        [createHash('sha256').update(token).digest()],
      );
      // Stored as its SHA-256 only.
      expect(rows).toHaveLength(1);
    });
  });

  describe('roles', () => {
    const permissions = {
      objects: { deal: { read: 'all', create: 'own', update: 'own', delete: 'none' } },
      properties: { deal: { amount: 'hidden' } },
      manage_data_model: false,
      manage_access: false,
    };

    it('lists the built-in roles read-only', async () => {
      const list = await testApp.http().get('/api/roles').set(organization.headers).expect(200);
      expect(list.body.slice(0, 4)).toEqual([
        expect.objectContaining({ name: 'owner', built_in: true }),
        expect.objectContaining({ name: 'admin', built_in: true }),
        expect.objectContaining({ name: 'member', built_in: true }),
        expect.objectContaining({ name: 'viewer', built_in: true }),
      ]);
      await testApp
        .http()
        .patch('/api/roles/admin')
        .set(organization.headers)
        .send({ permissions })
        .expect(409);
      await testApp.http().delete('/api/roles/viewer').set(organization.headers).expect(409);
      await testApp
        .http()
        .post('/api/roles')
        .set(organization.headers)
        .send({ name: 'owner', permissions })
        .expect(409);
    });

    it('are created, given to a key, changed at once and deleted when unused', async () => {
      const created = await testApp
        .http()
        .post('/api/roles')
        .set(organization.headers)
        .send({ name: 'sales', permissions })
        .expect(201);
      expect(created.body).toEqual({ name: 'sales', built_in: false, permissions });
      const key = await organization.as('sales');
      const me = await testApp.http().get('/api/auth/me').set(key).expect(200);
      expect(me.body).toMatchObject({ role: 'sales', permissions });
      const changed = { ...permissions, manage_data_model: true };
      await testApp
        .http()
        .patch('/api/roles/sales')
        .set(organization.headers)
        .send({ permissions: changed })
        .expect(200);
      const after = await testApp.http().get('/api/auth/me').set(key).expect(200);
      expect(after.body.permissions.manage_data_model).toBe(true);
      await testApp.http().delete('/api/roles/sales').set(organization.headers).expect(409);
      await testApp.http().delete('/api/roles/no_such_role').set(organization.headers).expect(404);
      await testApp
        .http()
        .patch('/api/roles/no_such_role')
        .set(organization.headers)
        .send({ permissions })
        .expect(404);
    });

    it('refuse malformed permissions with 400', async () => {
      const response = await testApp
        .http()
        .post('/api/roles')
        .set(organization.headers)
        .send({ name: 'broken', permissions: { objects: { deal: { read: 'everything' } } } });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('are refused to a viewer (403)', async () => {
      const viewer = await organization.as('viewer');
      await testApp.http().get('/api/roles').set(viewer).expect(403);
    });
  });
});
