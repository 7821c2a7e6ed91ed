import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

describe('Reference fields and properties never share a name', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('refuses a property named like a reference field of the object', async () => {
    const response = await testApp
      .http()
      .post('/api/object-definitions/deal/properties')
      .set(org.headers)
      .send({ name: 'company_id', type: 'text', label: 'Company id' })
      .expect(409);
    expect(response.body).toMatchObject({
      code: 'CONFLICT',
      message:
        'deal cannot have a property "company_id": it is the reference field of the association "company"',
      errors: { name: expect.stringContaining('reference field') },
    });
  });

  it('allows the same name on an object without that association', async () => {
    await testApp
      .http()
      .post('/api/object-definitions/product/properties')
      .set(org.headers)
      .send({ name: 'company_id', type: 'text', label: 'Supplier code' })
      .expect(201);
  });
});
