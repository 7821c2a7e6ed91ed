import { aPerson } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

describe('Bulk record creation (POST /api/objects/{object}/batch)', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function count(object: string): Promise<number> {
    const response = await testApp
      .http()
      .get(`/api/objects/${object}?range=[0,0]`)
      .set(org.headers)
      .expect(200);
    return Number(String(response.headers['content-range']).split('/')[1]);
  }

  it('creates every record in one request and answers them in order, defaults applied', async () => {
    const bodies = Array.from({ length: 300 }, (_, index) => ({
      name: `Bulk deal ${index}`,
      amount: index,
    }));
    const response = await testApp
      .http()
      .post('/api/objects/deal/batch')
      .set(org.headers)
      .send(bodies)
      .expect(201);
    expect(response.body).toHaveLength(300);
    expect(response.body[0]).toMatchObject({
      name: 'Bulk deal 0',
      amount: 0,
      stage: 'lead',
      company_id: null,
    });
    expect(response.body[299]).toMatchObject({ name: 'Bulk deal 299', amount: 299 });
    const read = await testApp
      .http()
      .get(`/api/objects/deal/${response.body[150].id}`)
      .set(org.headers)
      .expect(200);
    expect(read.body.name).toBe('Bulk deal 150');
  });

  it('stores every character of the values as sent, and one created event per record with them', async () => {
    const awkward = [
      'Quotes "inside", a backslash \\ and a {brace}',
      'Line one\nline two\ttabbed',
      'Ünïcödé – 日本語 – 🚀',
      'O\'Brien, \\"escaped\\"',
    ];
    const response = await testApp
      .http()
      .post('/api/objects/deal/batch')
      .set(org.headers)
      .send(awkward.map((name, index) => ({ name, amount: index + 0.5, next_step: name })))
      .expect(201);
    const ids = (response.body as Array<{ id: string }>).map((record) => record.id);
    for (const [index, id] of ids.entries()) {
      const read = await testApp.http().get(`/api/objects/deal/${id}`).set(org.headers).expect(200);
      expect(read.body).toMatchObject({ name: awkward[index], next_step: awkward[index] });
    }
    const events: Array<{ record_id: string; type: string; record_version: number; name: string }> =
      await testApp.dataSource.query(
        `SELECT record_id, type, record_version, data->'properties'->>'name' AS name
           FROM event WHERE organization_id = $1 AND record_id = ANY($2::uuid[])`,
        [org.id, ids],
      );
    expect(events).toHaveLength(ids.length);
    for (const [index, id] of ids.entries()) {
      expect(events.find((event) => event.record_id === id)).toEqual({
        record_id: id,
        type: 'created',
        record_version: 1,
        name: awkward[index],
      });
    }
  });

  it('accepts {"records": [...]} as well as a bare array', async () => {
    const response = await testApp
      .http()
      .post('/api/objects/task/batch')
      .set(org.headers)
      .send({ records: [{ title: 'One' }, { title: 'Two' }] })
      .expect(201);
    expect(response.body.map((task: { title: string }) => task.title)).toEqual(['One', 'Two']);
  });

  it('validates every record and creates none when one is invalid, naming each failure by index', async () => {
    const before = await count('deal');
    const response = await testApp
      .http()
      .post('/api/objects/deal/batch')
      .set(org.headers)
      .send([{ name: 'Fine' }, { name: 'Bad stage', stage: 'bogus' }, { amount: '1.234' }])
      .expect(400);
    expect(response.body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('2 of 3 deal records are invalid'),
      errors: {
        '1.stage': expect.stringContaining('must be one of'),
        '2.name': 'is required',
        '2.amount': 'must have at most 2 decimal places',
      },
      details: { failed_indexes: [1, 2] },
    });
    expect(await count('deal')).toBe(before);
  });

  it('refuses a unique value repeated inside the batch or already taken, creating nothing', async () => {
    const taken = aPerson();
    await testApp.http().post('/api/objects/person').set(org.headers).send(taken).expect(201);
    const before = await count('person');
    const twice = aPerson();
    const response = await testApp
      .http()
      .post('/api/objects/person/batch')
      .set(org.headers)
      .send([
        twice,
        aPerson(),
        { ...aPerson(), email: String(twice.email).toUpperCase() },
        { ...aPerson(), email: taken.email },
      ])
      .expect(409);
    expect(response.body).toMatchObject({
      code: 'UNIQUE_VIOLATION',
      errors: { '2.email': expect.any(String), '3.email': expect.any(String) },
    });
    expect(await count('person')).toBe(before);
  });

  it('refuses an oversized batch, an empty one and a body that is not a list', async () => {
    const oversized = Array.from({ length: 1001 }, (_, index) => ({ name: `D${index}` }));
    const tooMany = await testApp
      .http()
      .post('/api/objects/deal/batch')
      .set(org.headers)
      .send(oversized)
      .expect(400);
    expect(tooMany.body.message).toContain('at most 1000');
    await testApp.http().post('/api/objects/deal/batch').set(org.headers).send([]).expect(400);
    await testApp
      .http()
      .post('/api/objects/deal/batch')
      .set(org.headers)
      .send({ name: 'x' })
      .expect(400);
  });

  it('sets reference properties of the new records in the same transaction', async () => {
    const company = await testApp
      .http()
      .post('/api/objects/company')
      .set(org.headers)
      .send({ name: 'Bulk Co' })
      .expect(201);
    const response = await testApp
      .http()
      .post('/api/objects/deal/batch')
      .set(org.headers)
      .send([{ name: 'Linked', company_id: company.body.id }])
      .expect(201);
    expect(response.body[0].company_id).toBe(company.body.id);
  });
});
