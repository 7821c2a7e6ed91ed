import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

describe('probe', () => {
  let testApp: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    testApp = await startTestApp();
    org = await testApp.createOrganization();
  });
  afterAll(async () => {
    await testApp.close();
  });
  it('probes', async () => {
    const out: unknown[] = [];
    const log = (label: string, r: { status: number; body: unknown; headers: Record<string, string> }) =>
      out.push([label, r.status, r.headers['content-type'], r.body]);
    const h = () => testApp.http();
    log('fnul', await h().get('/api/objects/deal').query({ filter: JSON.stringify({ name: 'a\u0000' }) }).set(org.headers));
    log('fnul2', await h().get('/api/objects/deal').query({ filter: JSON.stringify({ name_contains: 'a\u0000' }) }).set(org.headers));
    log('qnul', await h().get('/api/objects/deal').query({ filter: JSON.stringify({ q: 'a\u0000' }) }).set(org.headers));
    log('innul', await h().get('/api/objects/person').query({ filter: JSON.stringify({ email_in: ['a\u0000@x.com'] }) }).set(org.headers));
    log('malformed2', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'application/json').send('{"name": select}'));
    log('patchnul', await h().patch('/api/objects/deal/00000000-0000-4000-8000-000000000000').set(org.headers).send({ name: 'a\u0000' }));
    require('fs').writeFileSync('/tmp/probe/out.json', JSON.stringify(out, null, 1));
  });
});
