import { ImportRunner } from 'src/imports/import-runner';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import { AssociationsClient } from '../support/association-fixtures';
import { DataModelClient } from '../support/data-model-fixtures';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Json = Record<string, unknown>;

/**
 * No request holds a connection of the pool while it waits for a second one: with a pool of N,
 * N such requests at once would each hold one and wait for ever (the pool's acquire timeout turns
 * it into 503s). On a pool of one connection, such a request cannot finish at all; here every
 * kind of write and read finishes. (An index build takes a connection of its own, outside the
 * pool: property-indexes.repository.ts.)
 */
describe('Every request on a pool of one connection', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let api: AssociationsClient;
  let model: DataModelClient;

  beforeAll(async () => {
    testApp = await startTestApp({ database: { poolSize: 1, poolAcquireTimeoutMs: 5000 } });
    organization = await testApp.createOrganization();
    api = new AssociationsClient(testApp, organization);
    model = new DataModelClient(testApp, organization);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const post = (path: string, body: unknown) =>
    testApp
      .http()
      .post(path)
      .set(organization.headers)
      .send(body as object);

  it('writes records, references and links', async () => {
    const deal = await api.newDeal();
    const [acme, globex] = [await api.newCompany(), await api.newCompany()];
    expect((await api.updateRecord('deal', deal.id, { company_id: acme.id })).status).toBe(200);
    expect((await api.updateRecord('deal', deal.id, { company_id: globex.id })).status).toBe(200);
    expect((await api.link('deal', deal.id, 'company', acme.id, true)).status).toBe(200);
    expect((await api.unlink('deal', deal.id, 'company', acme.id)).status).toBe(200);
    expect((await api.createRecord('deal', { name: 'x', company_id: acme.id })).status).toBe(201);
    expect(
      (await testApp.http().delete(`/api/objects/deal/${deal.id}`).set(organization.headers))
        .status,
    ).toBe(200);
    expect((await post(`/api/objects/deal/${deal.id}/restore`, {})).status).toBe(200);
  });

  it('writes batches, upserts and merges', async () => {
    const created = await post('/api/objects/deal/batch', [{ name: 'a' }, { name: 'b' }]);
    expect(created.status).toBe(201);
    const ids = (created.body as Array<{ id: string }>).map((record) => record.id);
    const updated = await post(
      '/api/objects/deal/batch/update',
      ids.map((id) => ({ id, name: `${id} renamed` })),
    );
    expect(updated.status).toBe(200);
    expect((await post('/api/objects/deal/batch/delete', { ids })).status).toBe(200);
    const upserted = await post('/api/objects/person/upsert', {
      email: 'ann@example.com',
      first_name: 'Ann',
    });
    expect(upserted.status).toBe(201);
    const twin = await post('/api/objects/person', {
      email: 'ann.twin@example.com',
      first_name: 'Ann',
    });
    expect(twin.status).toBe(201);
    const survivor = (upserted.body as { record: { id: string } }).record;
    const merged = await post(`/api/objects/person/${survivor.id}/merge`, {
      other_id: (twin.body as { id: string }).id,
    });
    expect(merged.status).toBe(200);
    expect(
      (
        await testApp
          .http()
          .get(`/api/objects/person/${survivor.id}/duplicates`)
          .set(organization.headers)
      ).status,
    ).toBe(200);
  });

  it('changes the data model (indexes built on their own connection)', async () => {
    const object = await model.newObject();
    await model
      .addProperty(object, { name: 'code', type: 'text', label: 'Code', indexed: true })
      .expect(201);
    await testApp.app.get(PropertyIndexesService).idle();
    expect((await model.createRecord(object, { code: 'A-1' })).status).toBe(201);
    const listed = await model.listRecords(object, { code: 'A-1' });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
  });

  it('imports and exports CSV', async () => {
    const csv = [
      'email,first_name',
      ...Array.from({ length: 30 }, (_, i) => `p${i}@example.com,P${i}`),
    ];
    const upload = await testApp
      .http()
      .post('/api/imports')
      .query({ object: 'person', file_name: 'people.csv' })
      .set(organization.headers)
      .set('Content-Type', 'text/csv')
      .send(csv.join('\n'));
    expect(upload.status).toBe(201);
    const job = upload.body as Json & { id: string; mapping: Json };
    const settings = { mode: 'upsert', key: 'email', mapping: job.mapping };
    expect((await post(`/api/imports/${job.id}/dry-run`, settings)).status).toBe(200);
    expect((await post(`/api/imports/${job.id}/start`, settings)).status).toBe(202);
    await testApp.app.get(ImportRunner).idle();
    const done = await testApp.http().get(`/api/imports/${job.id}`).set(organization.headers);
    expect(done.body).toMatchObject({ status: 'completed', created: 30 });
    const exported = await testApp
      .http()
      .get('/api/objects/person/export.csv')
      .set(organization.headers);
    expect(exported.status).toBe(200);
    // The header, the imported people and the merge's survivor.
    expect(exported.text.trim().split('\n')).toHaveLength(1 + 30 + 1);
  });
});
