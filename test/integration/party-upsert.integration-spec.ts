import { aPerson, anEmail } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

describe('Find-or-create (POST /api/objects/{object}/upsert)', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function countPeople(email: string): Promise<number> {
    const response = await testApp
      .http()
      .get(
        `/api/objects/person?filter=${encodeURIComponent(JSON.stringify({ email }))}&range=[0,9]`,
      )
      .set(org.headers)
      .expect(200);
    return (response.body as unknown[]).length;
  }

  it('creates the person the first time and updates it the second, by email', async () => {
    const email = anEmail();
    const created = await testApp
      .http()
      .post('/api/objects/person/upsert')
      .set(org.headers)
      .send(aPerson({ email, first_name: 'Ann', roles: ['prospect'] }))
      .expect(201);
    expect(created.body).toMatchObject({
      outcome: 'created',
      record: { email, first_name: 'Ann' },
    });
    const updated = await testApp
      .http()
      .post('/api/objects/person/upsert')
      .set(org.headers)
      .send({ email: `  ${email.toUpperCase()} `, job_title: 'Buyer', roles: ['auction_buyer'] })
      .expect(200);
    expect(updated.body.outcome).toBe('updated');
    expect(updated.body.record).toMatchObject({
      id: created.body.record.id,
      email,
      first_name: 'Ann',
      job_title: 'Buyer',
    });
    // Roles accumulate: the new one is added, the old one stays.
    expect([...(updated.body.record.roles as string[])].sort()).toEqual([
      'auction_buyer',
      'prospect',
    ]);
  });

  it('makes one record of two concurrent find-or-creates of one email', async () => {
    const email = anEmail();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        testApp
          .http()
          .post('/api/objects/person/upsert')
          .set(org.headers)
          .send(aPerson({ email, roles: [index % 2 === 0 ? 'prospect' : 'reseller'] })),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.record.id)).size).toBe(1);
    expect(await countPeople(email)).toBe(1);
    const last = await testApp
      .http()
      .get(`/api/objects/person/${responses[0]?.body.record.id}`)
      .set(org.headers)
      .expect(200);
    expect([...(last.body.roles as string[])].sort()).toEqual(['prospect', 'reseller']);
  });

  it('answers a batch with created or updated per record, in order', async () => {
    const known = anEmail();
    await testApp
      .http()
      .post('/api/objects/person')
      .set(org.headers)
      .send(aPerson({ email: known }))
      .expect(201);
    const fresh = anEmail();
    const response = await testApp
      .http()
      .post('/api/objects/person/upsert/batch')
      .set(org.headers)
      .send({
        key: 'email',
        records: [aPerson({ email: fresh }), { email: known.toUpperCase(), city: 'Oslo' }],
      })
      .expect(200);
    expect(response.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'created',
      'updated',
    ]);
    expect(response.body.results[1].record).toMatchObject({ email: known, city: 'Oslo' });
  });

  it('refuses a whole batch whose records repeat a key or fail validation, naming them by index', async () => {
    const email = anEmail();
    const response = await testApp
      .http()
      .post('/api/objects/person/upsert/batch')
      .set(org.headers)
      .send([
        aPerson({ email }),
        aPerson({ email: email.toUpperCase() }),
        aPerson({ lead_score: 900 }),
      ])
      .expect(400);
    expect(response.body.errors).toEqual({
      '1.email': 'repeats the email of record #0 of this batch',
    });
    const invalid = await testApp
      .http()
      .post('/api/objects/person/upsert/batch')
      .set(org.headers)
      .send([aPerson({ email }), aPerson({ lead_score: 900 })])
      .expect(400);
    expect(invalid.body.errors).toEqual({ '1.lead_score': 'must be <= 100' });
    expect(invalid.body.details).toEqual({ failed_indexes: [1] });
    expect(await countPeople(email)).toBe(0);
  });

  it('refuses an upsert without a key value, or by a property that is no key', async () => {
    const none = await testApp
      .http()
      .post('/api/objects/person/upsert')
      .set(org.headers)
      .send({ first_name: 'Nobody' })
      .expect(400);
    expect(none.body.code).toBe('BAD_REQUEST');
    const notKey = await testApp
      .http()
      .post('/api/objects/person/upsert?key=first_name')
      .set(org.headers)
      .send(aPerson())
      .expect(400);
    expect(notKey.body.message).toMatch(/first_name is not a key of person/);
  });
});
