import { aPerson, anEmail, createRecord } from '../support/factories';
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

  it('does not take a key from a person in the recycle bin: 409 naming it, to restore or purge', async () => {
    const email = anEmail();
    const deleted = await createRecord(testApp, org, 'person', aPerson({ email }));
    await testApp.http().delete(`/api/objects/person/${deleted.id}`).set(org.headers).expect(200);
    const live = await createRecord(testApp, org, 'person', aPerson());

    const one = await testApp
      .http()
      .post('/api/objects/person/upsert?key=email')
      .set(org.headers)
      .send({ email, city: 'Oslo' })
      .expect(409);
    expect(one.body.details).toEqual({ existing_id: deleted.id, existing_archived: true });
    const batch = await testApp
      .http()
      .post('/api/objects/person/upsert/batch')
      .set(org.headers)
      .send({
        key: 'email',
        records: [
          { email: live.email, city: 'Oslo' },
          { email, city: 'Oslo' },
        ],
      })
      .expect(409);
    expect(batch.body.details).toEqual({ failed_indexes: [1] });
    expect(batch.body.errors['1.email']).toMatch(
      /must be unique: a deleted person in the recycle bin/,
    );
    const read = await testApp
      .http()
      .get(`/api/objects/person/${deleted.id}?archived=true`)
      .set(org.headers)
      .expect(200);
    expect(read.body.city).not.toBe('Oslo');
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

  it('finds and enforces a composite key (vendor_code + country), compared like unique values', async () => {
    const definition = {
      name: 'supplier',
      labels: { singular: 'Supplier', plural: 'Suppliers' },
      primary_display_property: 'name',
      keys: [{ name: 'vendor_country', properties: ['vendor_code', 'country'] }],
      properties: [
        { name: 'name', type: 'text', label: 'Name' },
        { name: 'vendor_code', type: 'text', label: 'Vendor code' },
        { name: 'country', type: 'text', label: 'Country' },
      ],
    };
    await testApp
      .http()
      .post('/api/object-definitions')
      .set(org.headers)
      .send(definition)
      .expect(201);
    const first = await testApp
      .http()
      .post('/api/objects/supplier/upsert')
      .set(org.headers)
      .send({ name: 'Nordic', vendor_code: 'V1', country: 'NO' })
      .expect(201);
    const again = await testApp
      .http()
      .post('/api/objects/supplier/upsert?key=vendor_country')
      .set(org.headers)
      .send({ name: 'Nordic AS', vendor_code: 'V1', country: 'NO' })
      .expect(200);
    expect(again.body.record).toMatchObject({ id: first.body.record.id, name: 'Nordic AS' });
    // Another country is another key.
    await testApp
      .http()
      .post('/api/objects/supplier/upsert')
      .set(org.headers)
      .send({ name: 'Swedish', vendor_code: 'V1', country: 'SE' })
      .expect(201);
    const repeat = await testApp
      .http()
      .post('/api/objects/supplier')
      .set(org.headers)
      .send({ name: 'Copy', vendor_code: 'V1', country: 'NO' })
      .expect(409);
    expect(repeat.body).toMatchObject({
      code: 'UNIQUE_VIOLATION',
      errors: { vendor_code: expect.any(String), country: expect.any(String) },
    });
    const incomplete = await testApp
      .http()
      .post('/api/objects/supplier/upsert?key=vendor_country')
      .set(org.headers)
      .send({ name: 'No country', vendor_code: 'V9' })
      .expect(400);
    expect(incomplete.body.errors).toHaveProperty('country');
  });
});
