import { IdempotencyService } from 'src/idempotency/idempotency.service';
import { aDeal, countStoredRecords } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** Idempotency-Key on creates and batches: a retry never writes twice. */
describe('Record API: Idempotency-Key', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const create = (key: string, body: object, path = '/api/objects/deal') =>
    testApp.http().post(path).set(organization.headers).set('Idempotency-Key', key).send(body);

  const deals = () => countStoredRecords(testApp, organization, 'deal');

  it('answers a retry with the first answer and writes one record', async () => {
    const deal = aDeal();
    const first = await create('retry-1', deal).expect(201);
    const retry = await create('retry-1', { ...deal }).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await deals()).toBe(1);
  });

  it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await create('reused-1', aDeal({ name: 'First' })).expect(201);
    const response = await create('reused-1', aDeal({ name: 'Second' })).expect(422);
    expect(response.body).toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      type: 'https://plinth.dev/errors/idempotency-key-reused',
    });
    expect(await deals()).toBe(1);
  });

  it('writes one record when the same key arrives many times at once', async () => {
    const deal = aDeal();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => create('concurrent-1', deal)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses).toContain(201);
    const createdIds = new Set(
      responses
        .filter((response) => response.status === 201)
        .map((response) => (response.body as { id: string }).id),
    );
    expect(createdIds.size).toBe(1);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
      expect(refused.headers['retry-after']).toBe('1');
    }
    expect(await deals()).toBe(1);
  });

  it('runs a failed request again on retry (failures are not kept)', async () => {
    await create('failed-1', aDeal({ amount: -1 })).expect(400);
    expect(await deals()).toBe(0);
    await create('failed-1', aDeal({ amount: -1 })).expect(400);
  });

  it('covers batches: a retried batch writes its records once', async () => {
    const batch = [aDeal(), aDeal()];
    const first = await create('batch-1', batch, '/api/objects/deal/batch').expect(201);
    const retry = await create('batch-1', batch, '/api/objects/deal/batch').expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await deals()).toBe(2);
  });

  it('keeps keys per organization', async () => {
    await create('shared-1', aDeal()).expect(201);
    const other = await testApp.createOrganization();
    await testApp
      .http()
      .post('/api/objects/deal')
      .set(other.headers)
      .set('Idempotency-Key', 'shared-1')
      .send(aDeal({ name: 'Other organization' }))
      .expect(201);
  });

  it('deletes expired keys, after which the key runs a new request', async () => {
    await create('expiring-1', aDeal()).expect(201);
    await testApp.dataSource.query(
      `UPDATE idempotency_key SET expires_at = now() - interval '1 second'
       WHERE organization_id = $1`,
      [organization.id],
    );
    expect(await testApp.app.get(IdempotencyService).deleteExpired()).toBeGreaterThanOrEqual(1);
    const rows: unknown[] = await testApp.dataSource.query(
      'SELECT 1 FROM idempotency_key WHERE organization_id = $1',
      [organization.id],
    );
    expect(rows).toHaveLength(0);
    await create('expiring-1', aDeal({ name: 'New' })).expect(201);
    expect(await deals()).toBe(2);
  });

  it('refuses a malformed key', async () => {
    const response = await create('has spaces', aDeal()).expect(400);
    expect(response.body).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await deals()).toBe(0);
  });
});
