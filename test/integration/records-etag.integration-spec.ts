import { aDeal, countStoredRecords, storedRecord } from '../support/factories';
import { LockGate, send } from '../support/lock-gate';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

interface Deal {
  id: string;
  name: string;
}

/** ETag (the record's version) on reads and writes; If-Match makes PUT, PATCH and DELETE conditional. */
describe('Record API: ETag and If-Match', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp({ corsOrigins: ['http://localhost:5173'] });
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const path = (id = '') => `/api/objects/deal${id ? `/${id}` : ''}`;
  const create = async () => {
    const response = await testApp
      .http()
      .post(path())
      .set(organization.headers)
      .send(aDeal({ name: 'Original' }))
      .expect(201);
    return { deal: response.body as Deal, etag: response.headers.etag };
  };
  const read = (id: string) => testApp.http().get(path(id)).set(organization.headers);
  const patch = (id: string, body: object, ifMatch?: string) => {
    const request = testApp.http().patch(path(id)).set(organization.headers);
    return (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send(body);
  };

  it('tags a created record "1" and every write with the next version', async () => {
    const { deal, etag } = await create();
    expect(etag).toBe('"1"');
    expect((await read(deal.id).expect(200)).headers.etag).toBe('"1"');

    const patched = await patch(deal.id, { name: 'Patched' }, '"1"').expect(200);
    expect(patched.headers.etag).toBe('"2"');
    const put = await testApp
      .http()
      .put(path(deal.id))
      .set(organization.headers)
      .set('If-Match', '"2"')
      .send({ name: 'Put' })
      .expect(200);
    expect(put.headers.etag).toBe('"3"');
    expect(put.body).toMatchObject({ name: 'Put' });
    expect((await read(deal.id).expect(200)).headers.etag).toBe('"3"');
  });

  it("gives a retried create (same Idempotency-Key) the first answer's ETag", async () => {
    const send = () =>
      testApp
        .http()
        .post(path())
        .set(organization.headers)
        .set('Idempotency-Key', 'etag-retry')
        .send({ name: 'Once', amount: '1.00' })
        .expect(201);
    const first = await send();
    const retry = await send();
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe(first.headers.etag);
  });

  it('refuses a stale If-Match with 412, names the current version and writes nothing', async () => {
    const { deal } = await create();
    await patch(deal.id, { name: 'First editor' }).expect(200);

    const stale = await patch(deal.id, { name: 'Second editor' }, '"1"').expect(412);
    expect(stale.body).toMatchObject({
      status: 412,
      code: 'PRECONDITION_FAILED',
      title: 'Precondition failed',
      details: { current_version: 2 },
    });
    const after = await read(deal.id).expect(200);
    expect(after.body).toMatchObject({ name: 'First editor' });
    expect(after.headers.etag).toBe('"2"');
  });

  it('answers 412 to a stale edit even when its body is invalid (the precondition comes first)', async () => {
    const { deal } = await create();
    await patch(deal.id, { name: 'Moved on' }).expect(200);
    await patch(deal.id, { amount: -1 }, '"1"').expect(412);
  });

  it('lets exactly one of two editors who read the same version win', async () => {
    const { deal, etag } = await create();
    const gate = await LockGate.open(testApp);
    try {
      // Both edits wait on the record's row lock, so they truly overlap.
      await gate.hold('SELECT 1 FROM record WHERE id = $1 FOR UPDATE', [deal.id]);
      const alice = send(patch(deal.id, { name: 'Alice' }, etag));
      await gate.waitForWaiters(1, alice.hasAnswered);
      const bob = send(patch(deal.id, { name: 'Bob' }, etag));
      await gate.waitForWaiters(2, bob.hasAnswered);
      await gate.release();
      const responses = await Promise.all([alice.response, bob.response]);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 412]);
      const winner = responses.find((response) => response.status === 200);
      const after = await read(deal.id).expect(200);
      expect(after.body).toMatchObject({ name: (winner?.body as Deal).name });
      expect(after.headers.etag).toBe('"2"');
    } finally {
      await gate.close();
    }
  });

  it('treats If-Match: * as "the record exists" and a list as "any of these"', async () => {
    const { deal } = await create();
    expect((await patch(deal.id, { name: 'Any' }, '*').expect(200)).headers.etag).toBe('"2"');
    await patch(deal.id, { name: 'Listed' }, '"7", "2"').expect(200);
    // If-Match compares strongly: a weak tag never matches.
    await patch(deal.id, { name: 'Weak' }, 'W/"3"').expect(412);
    const missing = '00000000-0000-4000-8000-000000000000';
    await patch(missing, { name: 'Ghost' }, '*').expect(404);
  });

  it('refuses a malformed If-Match with 400', async () => {
    const { deal } = await create();
    for (const malformed of ['3', '"3', 'W/3', '"3" "4"', ',']) {
      const response = await patch(deal.id, { name: 'Nope' }, malformed).expect(400);
      expect(response.body).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect((await read(deal.id).expect(200)).body).toMatchObject({ name: 'Original' });
  });

  it('deletes only the version If-Match names', async () => {
    const { deal } = await create();
    await patch(deal.id, { name: 'Changed' }).expect(200);
    const del = (ifMatch: string) =>
      testApp.http().delete(path(deal.id)).set(organization.headers).set('If-Match', ifMatch);

    const stale = await del('"1"').expect(412);
    expect(stale.body).toMatchObject({ details: { current_version: 2 } });
    expect(await countStoredRecords(testApp, organization, 'deal')).toBe(1);

    await del('"2"').expect(200);
    // In the recycle bin now (a delete adds a version too).
    await testApp.http().get(path(deal.id)).set(organization.headers).expect(404);
    expect(await storedRecord(testApp, deal.id)).toMatchObject({ version: 3 });
  });

  it('keeps last-writer-wins without If-Match', async () => {
    const { deal } = await create();
    await patch(deal.id, { name: 'One' }).expect(200);
    await patch(deal.id, { name: 'Two' }).expect(200);
    const after = await read(deal.id).expect(200);
    expect(after.body).toMatchObject({ name: 'Two' });
    expect(after.headers.etag).toBe('"3"');
  });

  it('exposes ETag and allows If-Match across origins', async () => {
    const preflight = await testApp
      .http()
      .options(path())
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'if-match');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/If-Match/i);
    const { deal } = await create();
    const response = await read(deal.id).set('Origin', 'http://localhost:5173').expect(200);
    expect(response.headers['access-control-expose-headers']).toMatch(/ETag/i);
  });
});
