import { aPerson, createRecord } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

describe('Multi-select filters: has any, has all', () => {
  let testApp: TestApp;
  let org: TestOrganization;
  let both: { id: string };
  let prospectOnly: { id: string };

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
    both = await createRecord(
      testApp,
      org,
      'person',
      aPerson({ roles: ['prospect', 'sales_customer'] }),
    );
    prospectOnly = await createRecord(testApp, org, 'person', aPerson({ roles: ['prospect'] }));
    await createRecord(testApp, org, 'person', aPerson({ roles: ['reseller'] }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function idsFor(filter: Record<string, unknown>): Promise<string[]> {
    const response = await testApp
      .http()
      .get('/api/objects/person')
      .query({ filter: JSON.stringify(filter), sort: JSON.stringify(['created_at', 'ASC']) })
      .set(org.headers)
      .expect(200);
    return (response.body as Array<{ id: string }>).map((person) => person.id);
  }

  it('finds records having any of the values with plain equality', async () => {
    expect(await idsFor({ roles: ['sales_customer', 'prospect'] })).toEqual([
      both.id,
      prospectOnly.id,
    ]);
  });

  it('finds records having all of the values with _all', async () => {
    expect(await idsFor({ roles_all: ['sales_customer', 'prospect'] })).toEqual([both.id]);
    expect(await idsFor({ roles_all: 'prospect' })).toEqual([both.id, prospectOnly.id]);
  });

  it('refuses _all on a property that is not a multi-select, and an unknown option', async () => {
    const notMulti = await testApp
      .http()
      .get('/api/objects/person')
      .query({ filter: JSON.stringify({ lifecycle_stage_all: ['lead'] }) })
      .set(org.headers)
      .expect(400);
    expect(notMulti.body.errors).toEqual({
      'filter.lifecycle_stage_all': expect.stringContaining('multi-select'),
    });
    const unknown = await testApp
      .http()
      .get('/api/objects/person')
      .query({ filter: JSON.stringify({ roles_all: ['astronaut'] }) })
      .set(org.headers)
      .expect(400);
    expect(unknown.body.errors['filter.roles_all']).toContain('must be one of');
  });
});
