import { FirstRunService } from 'src/access/first-run.service';
import { startTestApp, type TestApp } from '../support/test-app';

/** README "Users, roles and API keys": an empty database gets the default organization's owner. */
describe('First run', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ adminEmail: undefined, adminPassword: undefined });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('makes admin@localhost the owner with a generated password, once', async () => {
    const owner = await testApp.app.get(FirstRunService).ensureFirstOwner();
    expect(owner?.email).toBe('admin@localhost');
    expect(owner?.generatedPassword).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const signedIn = await testApp
      .http()
      .post('/api/auth/login')
      .send({ email: 'admin@localhost', password: owner?.generatedPassword })
      .expect(200);
    expect(signedIn.body).toMatchObject({ organization: { slug: 'default' }, role: 'owner' });
    expect(await testApp.app.get(FirstRunService).ensureFirstOwner()).toBeUndefined();
  });
});
