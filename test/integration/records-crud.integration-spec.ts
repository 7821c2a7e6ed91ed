import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

describe('Record API', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('creates a deal and reads it back', async () => {
    const created = await testApp
      .http()
      .post('/api/objects/deal')
      .set(org.headers)
      .send({ name: 'Big deal', amount: '1250.50', stage: 'qualified' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Big deal', amount: '1250.50', stage: 'qualified' });
    const read = await testApp.http().get(`/api/objects/deal/${created.body.id}`).set(org.headers).expect(200);
    expect(read.body).toEqual(created.body);
  });
});
