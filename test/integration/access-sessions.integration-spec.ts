import { aDeal } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** Sign-in for the admin UI (docs/architecture.md, "Access"): sessions in an HttpOnly cookie. */
describe('Sessions', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const login = (body: Record<string, unknown>) =>
    testApp.http().post('/api/auth/login').send(body);

  describe('login', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie and answers who signed in', async () => {
      const member = await organization.member('member');
      const response = await login({ email: member.email, password: member.password }).expect(200);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/^plinth_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Lax');
      expect(cookie).toContain('Path=/');
      expect(response.body).toMatchObject({
        user: { email: member.email },
        actor: { kind: 'member', id: member.memberId },
        organization: { id: organization.id, slug: organization.slug },
        member: { id: member.memberId, role: 'member' },
        role: 'member',
        permissions: { manage_data_model: false, manage_access: false },
        organizations: [{ id: organization.id, role: 'member' }],
      });
    });

    it('stores only the hash of the session token', async () => {
      const member = await organization.member('viewer');
      const response = await login({ email: member.email, password: member.password }).expect(200);
      const token = /plinth_session=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
      const rows: Array<{ hex: string }> = await testApp.dataSource.query(
        "SELECT encode(token_hash, 'hex') AS hex FROM session",
      );
      expect(token).toBeDefined();
      expect(rows.some((row) => row.hex.includes(Buffer.from(token ?? '').toString('hex')))).toBe(
        false,
      );
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const member = await organization.member('member');
      const wrong = await login({ email: member.email, password: 'not-the-password' });
      const unknown = await login({ email: 'nobody@example.com', password: 'not-the-password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const strip = (body: Record<string, unknown>) => ({ ...body, request_id: '', instance: '' });
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('throttles the 11th failure for one email and address with 429 and Retry-After', async () => {
      const member = await organization.member('member');
      for (let attempt = 0; attempt < 10; attempt += 1) {
        await login({ email: member.email, password: 'wrong-password' }).expect(401);
      }
      const refused = await login({ email: member.email, password: member.password });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.code).toBe('RATE_LIMITED');
    });
  });

  describe('a signed-in browser', () => {
    it('reads and writes records with the cookie and X-Requested-With', async () => {
      const session = await organization.signIn('member');
      const created = await testApp
        .http()
        .post('/api/objects/deal')
        .set(session)
        .send(aDeal())
        .expect(201);
      await testApp.http().get(`/api/objects/deal/${created.body.id}`).set(session).expect(200);
    });

    it('is refused a write without X-Requested-With (403 CSRF_REQUIRED)', async () => {
      const session = await organization.signIn('member');
      const response = await testApp
        .http()
        .post('/api/objects/deal')
        .set('Cookie', session.Cookie)
        .send(aDeal());
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('CSRF_REQUIRED');
      await testApp.http().get('/api/auth/me').set('Cookie', session.Cookie).expect(200);
    });

    it('is signed out by logout: the cookie is cleared and no longer works', async () => {
      const session = await organization.signIn('member');
      const response = await testApp.http().post('/api/auth/logout').set(session).expect(204);
      expect(String(response.headers['set-cookie'])).toMatch(/plinth_session=;/);
      const after = await testApp.http().get('/api/auth/me').set(session);
      expect(after.status).toBe(401);
    });

    it('is refused once the session has expired', async () => {
      const member = await organization.member('member');
      const response = await login({ email: member.email, password: member.password }).expect(200);
      const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
      await testApp.dataSource.query(
        "UPDATE session SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT user_id FROM member WHERE id = $1)",
        [member.memberId],
      );
      const after = await testApp.http().get('/api/auth/me').set('Cookie', cookie);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('UNAUTHENTICATED');
    });

    it('gets 401 for a malformed session cookie', async () => {
      const response = await testApp
        .http()
        .get('/api/auth/me')
        .set('Cookie', 'plinth_session=not-a-token');
      expect(response.status).toBe(401);
    });
  });

  describe('passwords', () => {
    it('changes the own password: the old one stops working', async () => {
      const member = await organization.member('member');
      const signedIn = await login({ email: member.email, password: member.password }).expect(200);
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
      await testApp
        .http()
        .post('/api/auth/password')
        .set({ Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' })
        .send({ current_password: member.password, new_password: 'a-new-password' })
        .expect(204);
      await login({ email: member.email, password: member.password }).expect(401);
      await login({ email: member.email, password: 'a-new-password' }).expect(200);
    });

    it('sets a password through a one-time reset link an admin made', async () => {
      const added = await testApp
        .http()
        .post('/api/members')
        .set(organization.headers)
        .send({ email: `new-${Date.now()}@example.com`, role: 'member' })
        .expect(201);
      const url = String(added.body.password_setup_url);
      expect(url).toMatch(/^\/#\/set-password\/[A-Za-z0-9_-]{43}$/);
      const token = url.split('/').pop();
      const completed = await testApp
        .http()
        .post('/api/auth/password-reset')
        .send({ token, password: 'chosen-password' });
      expect(completed.body).toEqual({});
      expect(completed.status).toBe(204);
      await testApp
        .http()
        .post('/api/auth/password-reset')
        .send({ token, password: 'another-password' })
        .expect(404);
      await login({ email: added.body.email, password: 'chosen-password' }).expect(200);
    });
  });
});
