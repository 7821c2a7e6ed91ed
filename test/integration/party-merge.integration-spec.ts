import { UNKNOWN_ID, aPerson, anEmail, createRecord, type RecordBody } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

let testApp: TestApp;
/** Each describe block's own organization, made in its beforeAll. */
let org: TestOrganization;

beforeAll(async () => {
  testApp = await sharedTestApp();
});

afterAll(async () => {
  await testApp.close();
});

async function newOrganization(): Promise<void> {
  org = await testApp.createOrganization();
}

/** A request as the organization's owner. */
function get(path: string) {
  return testApp.http().get(path).set(org.headers);
}

function post(path: string, body: object) {
  return testApp.http().post(path).set(org.headers).send(body);
}

function create(object: string, body: RecordBody): Promise<RecordBody & { id: string }> {
  return createRecord(testApp, org, object, body);
}

function merge(object: string, id: string, body: RecordBody) {
  return post(`/api/objects/${object}/${id}/merge`, body);
}

async function linkedIds(object: string, id: string, association: string): Promise<string[]> {
  const response = await get(`/api/objects/${object}/${id}/associations/${association}`).expect(
    200,
  );
  return (response.body as Array<{ id: string }>).map((r) => r.id).sort();
}

describe('Merging records (POST /api/objects/{object}/{id}/merge)', () => {
  beforeAll(newOrganization);

  it('keeps the survivor’s values, takes the other’s where it has none, unions roles, moves unique values', async () => {
    const survivor = await create(
      'person',
      aPerson({ first_name: 'Ann', job_title: 'CEO', roles: ['prospect'] }),
    );
    const otherEmail = anEmail();
    const other = await create(
      'person',
      aPerson({
        first_name: 'Annie',
        email: otherEmail,
        city: 'Oslo',
        job_title: 'Boss',
        roles: ['auction_buyer'],
      }),
    );
    const merged = await merge('person', survivor.id, {
      other_id: other.id,
      choose: { email: 'other' },
    }).expect(200);
    expect(merged.body).toMatchObject({
      id: survivor.id,
      first_name: 'Ann',
      job_title: 'CEO',
      city: 'Oslo',
      email: otherEmail,
    });
    expect([...(merged.body.roles as string[])].sort()).toEqual(['auction_buyer', 'prospect']);
    // The survivor's old email is free again; the other's moved over.
    await create('person', aPerson({ email: survivor.email }));
    const taken = await post('/api/objects/person', aPerson({ email: otherEmail }));
    expect(taken.status).toBe(409);
  });

  it('answers the merged id with the survivor and Plinth-Merged-Into, and hides it from lists', async () => {
    const survivor = await create('person', aPerson());
    const other = await create('person', aPerson({ last_name: 'Tombstone' }));
    await merge('person', survivor.id, { other_id: other.id }).expect(200);
    const read = await get(`/api/objects/person/${other.id}`).expect(200);
    expect(read.body.id).toBe(survivor.id);
    expect(read.headers['plinth-merged-into']).toBe(survivor.id);
    const list = await get(
      `/api/objects/person?filter=${encodeURIComponent(JSON.stringify({ id: [other.id, survivor.id] }))}`,
    ).expect(200);
    expect((list.body as Array<{ id: string }>).map((r) => r.id)).toEqual([survivor.id]);
    // A tombstone is no deleted record: not in the recycle bin, not restorable.
    const bin = await get('/api/objects/person')
      .query({ archived: 'true', filter: JSON.stringify({ id: [other.id] }) })
      .expect(200);
    expect(bin.body).toEqual([]);
    await testApp
      .http()
      .post(`/api/objects/person/${other.id}/restore`)
      .set(org.headers)
      .expect(404);
    // The timeline of both records tells of the merge.
    const events: Array<{ record_id: string; data: unknown }> = await testApp.dataSource.query(
      `SELECT record_id, data FROM event WHERE type = 'merged' AND record_id = ANY($1) ORDER BY record_id`,
      [[other.id, survivor.id]],
    );
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.data).toEqual({ merged_id: other.id, survivor_id: survivor.id });
    }
    // A chain: merging the survivor on points the first tombstone to the last survivor.
    const last = await create('person', aPerson());
    await merge('person', last.id, { other_id: survivor.id }).expect(200);
    const chained = await get(`/api/objects/person/${other.id}`).expect(200);
    expect(chained.body.id).toBe(last.id);
  });

  it('moves every link to the survivor, dropping the ones it already has', async () => {
    const survivor = await create('person', aPerson());
    const other = await create('person', aPerson());
    const shared = await create('deal', { name: 'Shared deal' });
    const own = await create('deal', { name: 'Other’s deal' });
    for (const [deal, person] of [
      [shared.id, survivor.id],
      [shared.id, other.id],
      [own.id, other.id],
    ] as const) {
      await testApp
        .http()
        .put(`/api/objects/deal/${deal}/associations/contacts/${person}`)
        .set(org.headers)
        .expect(200);
    }
    await merge('person', survivor.id, { other_id: other.id }).expect(200);
    expect(await linkedIds('person', survivor.id, 'deals')).toEqual([shared.id, own.id].sort());
    expect(await linkedIds('deal', shared.id, 'contacts')).toEqual([survivor.id]);
  });

  it('refuses a link the cardinality does not allow with 409 naming it, and writes nothing', async () => {
    const first = await create('company', { name: 'First Co' });
    const second = await create('company', { name: 'Second Co' });
    const survivor = await create('person', aPerson({ employer_id: first.id }));
    const other = await create('person', aPerson({ employer_id: second.id, city: 'Rome' }));
    const refused = await merge('person', survivor.id, { other_id: other.id }).expect(409);
    expect(refused.body.code).toBe('CARDINALITY_CONFLICT');
    expect(refused.body.details).toMatchObject({
      association: 'person_employer',
      record_id: survivor.id,
    });
    const still = await get(`/api/objects/person/${other.id}`).expect(200);
    expect(still.body).toMatchObject({ id: other.id, employer_id: second.id });
  });

  it('refuses a merge into itself, across objects, of a merged record and of an unknown id', async () => {
    const person = await create('person', aPerson());
    const company = await create('company', { name: 'Not a person' });
    expect((await merge('person', person.id, { other_id: person.id }).expect(409)).body.code).toBe(
      'MERGE_REFUSED',
    );
    expect(
      (await merge('person', person.id, { other_id: company.id }).expect(409)).body.message,
    ).toMatch(/is not a person/);
    const gone = await create('person', aPerson());
    await merge('person', person.id, { other_id: gone.id }).expect(200);
    expect(
      (await merge('person', person.id, { other_id: gone.id }).expect(409)).body.message,
    ).toMatch(/already merged/);
    const elsewhere = await testApp.createOrganization();
    const foreign = await testApp
      .http()
      .post('/api/objects/person')
      .set(elsewhere.headers)
      .send(aPerson())
      .expect(201);
    await merge('person', person.id, { other_id: foreign.body.id }).expect(404);
    await merge('person', person.id, { other_id: 'nope' }).expect(400);
  });
});

describe('Duplicate rules', () => {
  beforeAll(newOrganization);

  it('warns on create about a person with the same phone in another format, or a similar name', async () => {
    const first = await post(
      '/api/objects/person',
      aPerson({ first_name: 'Margaret', last_name: 'Thornbury', phone: '(415) 555-0100' }),
    ).expect(201);
    const samePhone = await post(
      '/api/objects/person',
      aPerson({ first_name: 'Zed', last_name: 'Other', phone: '+1 415 555 0100' }),
    ).expect(201);
    expect(samePhone.headers['plinth-possible-duplicates']).toBe(first.body.id);
    const similar = await post(
      '/api/objects/person',
      aPerson({ first_name: 'Margaret', last_name: 'Thornburry' }),
    ).expect(201);
    expect(similar.headers['plinth-possible-duplicates']).toBe(first.body.id);
    const unrelated = await post(
      '/api/objects/person',
      aPerson({ first_name: 'Quentin', last_name: 'Blake' }),
    ).expect(201);
    expect(unrelated.headers['plinth-possible-duplicates']).toBeUndefined();
    const listed = await get(`/api/objects/person/${first.body.id}/duplicates`).expect(200);
    expect(listed.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: samePhone.body.id, score: 1, rules: ['same_phone'] }),
        expect.objectContaining({ id: similar.body.id, rules: ['similar_name'] }),
      ]),
    );
    const pairs = await get('/api/objects/person/duplicates').expect(200);
    expect(pairs.body[0]).toMatchObject({ score: 1, rules: ['same_phone'] });
    expect(pairs.body.map((p: { score: number }) => p.score)).toEqual(
      [...pairs.body.map((p: { score: number }) => p.score)].sort((a, b) => b - a),
    );
  });

  it('blocks a create a block rule matches with 409 DUPLICATE naming the records; a company domain comes from its website', async () => {
    const rules = [
      { name: 'same_domain', match: 'exact', properties: ['domain'], action: 'block' },
      { name: 'similar_name', match: 'fuzzy', threshold: 0.5, action: 'warn' },
    ];
    await testApp
      .http()
      .patch('/api/object-definitions/company')
      .set(org.headers)
      .send({ duplicate_rules: rules })
      .expect(200);
    const acme = await post('/api/objects/company', {
      name: 'Acme',
      website: 'https://WWW.Acme.com/about',
    }).expect(201);
    expect(acme.body.domain).toBe('acme.com');
    const blocked = await post('/api/objects/company', {
      name: 'Totally different',
      domain: 'www.ACME.com',
    }).expect(409);
    expect(blocked.body.code).toBe('DUPLICATE');
    expect(blocked.body.details.duplicates).toEqual([
      expect.objectContaining({ id: acme.body.id, rules: ['same_domain'], score: 1 }),
    ]);
    // A batch applies block rules too, naming the record by index.
    const batch = await post('/api/objects/company/batch', [
      { name: 'Fine Co', domain: 'fine.example' },
      { name: 'Dup', website: 'http://acme.com' },
    ]).expect(409);
    expect(batch.body.details.failed_indexes).toEqual([1]);
  });
});

describe('Batch update and delete (POST /api/objects/{object}/batch/update|delete)', () => {
  beforeAll(newOrganization);

  async function tasks(count: number): Promise<string[]> {
    const response = await post(
      '/api/objects/task/batch',
      Array.from({ length: count }, (_, i) => ({ title: `Task ${i}` })),
    ).expect(201);
    return (response.body as Array<{ id: string }>).map((t) => t.id);
  }

  it('updates every record or none, naming each failure by index', async () => {
    const ids = await tasks(3);
    const refused = await post('/api/objects/task/batch/update', [
      { id: ids[0], title: 'Changed' },
      { id: ids[1], priority: 'whenever' },
      { title: 'no id' },
    ]).expect(400);
    expect(Object.keys(refused.body.errors).sort()).toEqual(['1.priority', '2.id']);
    expect(refused.body.details).toEqual({ failed_indexes: [1, 2] });
    const unchanged = await get(`/api/objects/task/${ids[0]}`).expect(200);
    expect(unchanged.body.title).toBe('Task 0');
    const done = await post(
      '/api/objects/task/batch/update',
      ids.map((id, i) => ({ id, title: `Done ${i}` })),
    ).expect(200);
    expect(done.body.map((t: { title: string }) => t.title)).toEqual([
      'Done 0',
      'Done 1',
      'Done 2',
    ]);
  });

  it('writes plain changes and unique values in one batch, refusing a taken value by index', async () => {
    const [ann, bob, cat] = await Promise.all(
      [0, 1, 2].map(() => createRecord(testApp, org, 'person', aPerson())),
    );
    const refused = await post('/api/objects/person/batch/update', [
      { id: ann?.id, city: 'Oslo' },
      { id: bob?.id, email: cat?.email },
      { id: cat?.id, city: 'Rome' },
    ]).expect(409);
    expect(refused.body.details).toEqual({ failed_indexes: [1] });
    expect((await get(`/api/objects/person/${ann?.id}`).expect(200)).body.city).toBeUndefined();

    const email = anEmail();
    await post('/api/objects/person/batch/update', [
      { id: ann?.id, city: 'Oslo' },
      { id: bob?.id, email },
      { id: cat?.id, city: 'Rome' },
    ]).expect(200);
    const stored = await Promise.all(
      [ann, bob, cat].map(async (person) => (await get(`/api/objects/person/${person?.id}`)).body),
    );
    expect(stored.map((person) => [person.city, person.email])).toEqual([
      ['Oslo', ann?.email],
      [undefined, email],
      ['Rome', cat?.email],
    ]);
    // Bob's old email is free again, his new one taken.
    await createRecord(testApp, org, 'person', aPerson({ email: bob?.email }));
    await post('/api/objects/person', aPerson({ email })).expect(409);
    const timeline = await get(`/api/objects/person/${cat?.id}/timeline`)
      .query({ filter: JSON.stringify({ type: ['updated'] }), range: '[0,9]' })
      .expect(200);
    expect(timeline.body.results.map((event: { data: object }) => event.data)).toEqual([
      { changes: { city: { old: null, new: 'Rome' } } },
    ]);
  });

  it('applies two changes of one record in order, each with its event', async () => {
    const [id] = await tasks(1);
    const done = await post('/api/objects/task/batch/update', [
      { id, title: 'First' },
      { id, priority: 'high' },
    ]).expect(200);
    expect(done.body[1]).toMatchObject({ title: 'First', priority: 'high' });
    const read = await get(`/api/objects/task/${id}`).expect(200);
    expect(read.body).toMatchObject({ title: 'First', priority: 'high' });
    const timeline = await get(`/api/objects/task/${id}/timeline`)
      .query({ filter: JSON.stringify({ type: ['updated'] }), range: '[0,9]' })
      .expect(200);
    expect(
      timeline.body.results.map((event: { data: { changes: object } }) => event.data.changes),
    ).toEqual([
      { priority: { old: 'medium', new: 'high' } },
      { title: { old: 'Task 0', new: 'First' } },
    ]);
  });

  it('deletes every record or none', async () => {
    const ids = await tasks(2);
    const refused = await post('/api/objects/task/batch/delete', {
      ids: [ids[0], UNKNOWN_ID],
    }).expect(404);
    expect(refused.body.details).toEqual({ failed_indexes: [1] });
    await get(`/api/objects/task/${ids[0]}`).expect(200);
    const deleted = await post('/api/objects/task/batch/delete', { ids }).expect(200);
    expect(deleted.body.map((t: { id: string }) => t.id)).toEqual(ids);
    await get(`/api/objects/task/${ids[1]}`).expect(404);
  });
});
