import { parse } from 'csv-parse/sync';
import { request as httpRequest } from 'node:http';
import { ImportRunner } from 'src/imports/import-runner';
import { countStoredRecords } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Json = Record<string, unknown>;

/** CSV imports: upload, dry run, apply (create-only and upsert), cancel, failed rows, bad input. */
describe('CSV import', () => {
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

  function upload(object: string, csv: string | Buffer, headers = organization.headers) {
    return testApp
      .http()
      .post('/api/imports')
      .query({ object, file_name: `${object}.csv` })
      .set(headers)
      .set('Content-Type', 'text/csv')
      .send(csv);
  }

  async function uploaded(object: string, csv: string): Promise<Json & { id: string }> {
    const response = await upload(object, csv);
    expect(response.status).toBe(201);
    return response.body as Json & { id: string };
  }

  const post = (path: string, body: Json = {}) =>
    testApp.http().post(path).set(organization.headers).send(body);

  /** Starts an import and waits until it has ended. */
  async function run(id: string, settings: Json): Promise<Json> {
    const started = await post(`/api/imports/${id}/start`, settings);
    expect(started.status).toBe(202);
    await testApp.app.get(ImportRunner).idle();
    const job = await testApp.http().get(`/api/imports/${id}`).set(organization.headers);
    return job.body as Json;
  }

  async function failedCsv(id: string): Promise<Array<Record<string, string>>> {
    const response = await testApp
      .http()
      .get(`/api/imports/${id}/failed.csv`)
      .set(organization.headers)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    return parse<Record<string, string>>(response.body as string, { columns: true });
  }

  const DEALS = [
    'Deal name,amount,Stage,Notes',
    'Alpha,100.00,lead,first',
    'Beta,-5,lead,negative amount',
    'Gamma,30.50,qualified,',
    'Delta,12,nowhere,bad stage',
  ].join('\n');

  it('suggests a mapping by property name or label, and lists the columns and targets', async () => {
    const job = await uploaded('deal', DEALS);
    expect(job).toMatchObject({
      status: 'uploaded',
      object: 'deal',
      rows_total: 4,
      columns: ['Deal name', 'amount', 'Stage', 'Notes'],
      mapping: { 'Deal name': 'name', amount: 'amount', Stage: 'stage' },
    });
    expect(job.targets).toEqual(
      expect.arrayContaining([{ name: 'name', label: 'Deal name', type: 'text', required: true }]),
    );
  });

  it('dry run previews the rows and lists every refused row, writing nothing', async () => {
    const job = await uploaded('deal', DEALS);
    const response = await post(`/api/imports/${job.id}/dry-run`, {
      mode: 'create',
      mapping: job.mapping as Json,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      rows_total: 4,
      rows_valid: 2,
      rows_failed: 2,
      errors_truncated: false,
    });
    const body = response.body as { errors: Json[]; preview: Json[] };
    expect(body.errors).toEqual([
      { row: 2, reason: expect.stringContaining('amount must be >= 0') },
      { row: 4, reason: expect.stringContaining('stage') },
    ]);
    expect(body.preview[0]).toEqual({
      row: 1,
      values: { name: 'Alpha', amount: '100.00', stage: 'lead' },
    });
    expect(await countStoredRecords(testApp, organization, 'deal')).toBe(0);
    const after = await testApp.http().get(`/api/imports/${job.id}`).set(organization.headers);
    expect(after.body).toMatchObject({ status: 'uploaded', rows_done: 0 });
  });

  it('imports the good rows of a batch and reports each bad row with its reason', async () => {
    const job = await uploaded('deal', DEALS);
    const done = await run(job.id, { mode: 'create', mapping: job.mapping });
    expect(done).toMatchObject({
      status: 'completed',
      rows_total: 4,
      rows_done: 4,
      created: 2,
      updated: 0,
      failed: 2,
      seconds_left: 0,
      error: null,
    });
    expect(await countStoredRecords(testApp, organization, 'deal')).toBe(2);
    const failed = await failedCsv(job.id);
    expect(failed).toEqual([
      {
        row: '2',
        reason: expect.stringContaining('amount must be >= 0'),
        'Deal name': 'Beta',
        amount: '-5',
        Stage: 'lead',
        Notes: 'negative amount',
      },
      expect.objectContaining({ row: '4', 'Deal name': 'Delta' }),
    ]);
    const list = await testApp.http().get('/api/imports').set(organization.headers);
    expect(list.headers['content-range']).toBe('imports 0-0/1');
    expect((list.body as Json[])[0]).toMatchObject({ id: job.id, status: 'completed' });
  });

  it('upserts by a key: updates the records it finds, creates the others', async () => {
    const created = await post('/api/objects/person', {
      email: 'ann@example.com',
      first_name: 'Ann',
      roles: ['prospect'],
    });
    expect(created.status).toBe(201);
    const job = await uploaded(
      'person',
      'Email,First name,Roles\nANN@example.com ,Annie,reseller\nbob@example.com,Bob,prospect\n',
    );
    const done = await run(job.id, { mode: 'upsert', key: 'email', mapping: job.mapping });
    expect(done).toMatchObject({ status: 'completed', created: 1, updated: 1, failed: 0 });
    const ann = await testApp
      .http()
      .get(`/api/objects/person/${(created.body as Json).id as string}`)
      .set(organization.headers);
    expect(ann.body).toMatchObject({ first_name: 'Annie', roles: ['prospect', 'reseller'] });
    expect(await countStoredRecords(testApp, organization, 'person')).toBe(2);
  });

  it('imports a file of several batches written two at a time, each row counted once', async () => {
    const existing = await post('/api/objects/person', {
      email: 'person-1700@example.com',
      first_name: 'Before',
    });
    expect(existing.status).toBe(201);
    const rows = Array.from({ length: 3_500 }, (_, i) =>
      i === 1_234
        ? `not-an-email,Bad${i}`
        : i === 2_999
          ? `person-5@example.com,Again${i}`
          : `person-${i}@example.com,First${i}`,
    );
    const job = await uploaded('person', `Email,First name\n${rows.join('\n')}\n`);
    const done = await run(job.id, { mode: 'upsert', key: 'email', mapping: job.mapping });
    expect(done).toMatchObject({
      status: 'completed',
      rows_total: 3_500,
      rows_done: 3_500,
      created: 3_497,
      updated: 1,
      failed: 2,
    });
    expect(await countStoredRecords(testApp, organization, 'person')).toBe(3_498);
    const failed = await failedCsv(job.id);
    expect(failed.map((row) => [row.row, row.Email])).toEqual([
      ['1235', 'not-an-email'],
      ['3000', 'person-5@example.com'],
    ]);
    expect(failed[1]?.reason).toContain('repeats the email of row 6');
    const updated = await testApp
      .http()
      .get(`/api/objects/person/${(existing.body as Json).id as string}`)
      .set(organization.headers);
    expect(updated.body).toMatchObject({ first_name: 'First1700' });
    const created: Array<{ total: number }> = await testApp.dataSource.query(
      `SELECT count(*)::int AS total FROM event WHERE organization_id = $1 AND type = 'created'`,
      [organization.id],
    );
    const [{ total }] = created as [{ total: number }];
    expect(total).toBe(3_498);
  });

  it('refuses a key repeated inside the file, naming the first row', async () => {
    const job = await uploaded(
      'person',
      'email,first_name\nsam@example.com,Sam\nlee@example.com,Lee\nSAM@example.com,Samuel\n',
    );
    const settings = { mode: 'upsert', key: 'email', mapping: job.mapping as Json };
    const dry = await post(`/api/imports/${job.id}/dry-run`, settings);
    expect((dry.body as { errors: Json[] }).errors).toEqual([
      { row: 3, reason: 'repeats the email of row 1 in this file' },
    ]);
    const done = await run(job.id, settings);
    expect(done).toMatchObject({ created: 2, failed: 1 });
  });

  it('refuses a mapping without a required column, naming it', async () => {
    const job = await uploaded('deal', 'amount,stage\n10,lead\n');
    const response = await post(`/api/imports/${job.id}/dry-run`, {
      mode: 'create',
      mapping: job.mapping as Json,
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('missing required column(s): name'),
      errors: { name: 'is required: map a column to it' },
    });
    const start = await post(`/api/imports/${job.id}/start`, {
      mode: 'create',
      mapping: job.mapping as Json,
    });
    expect(start.status).toBe(400);
  });

  it('refuses a file that is not UTF-8 with one file-level message', async () => {
    const latin1 = Buffer.from('name,amount\nCaf\xe9 cr\xe8me,10\n', 'latin1');
    const response = await upload('deal', latin1);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('not UTF-8'),
      errors: { file: 'must be UTF-8 encoded' },
    });
  });

  it('refuses malformed CSV, an empty file, and a body that is not text/csv', async () => {
    const unclosed = await upload('deal', 'name,amount\n"Alpha,10\n');
    expect(unclosed.status).toBe(400);
    expect((unclosed.body as Json).message).toMatch(/not valid CSV/);
    expect((await upload('deal', '')).status).toBe(400);
    const json = await testApp
      .http()
      .post('/api/imports')
      .query({ object: 'deal' })
      .set(organization.headers)
      .send({ name: 'x' });
    expect(json.status).toBe(400);
  });

  it('answers 413 to a 1 GB upload before reading it', async () => {
    const baseUrl = await testApp.listen();
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${baseUrl}/api/imports?object=deal`, {
        method: 'POST',
        headers: {
          ...organization.headers,
          'Content-Type': 'text/csv',
          'Content-Length': String(1024 * 1024 * 1024),
        },
      });
      request.on('response', (response) => {
        resolve(response.statusCode ?? 0);
        response.resume();
        request.destroy();
      });
      request.on('error', reject);
      request.write('name,amount\n');
    });
    expect(status).toBe(413);
  });

  it('cancels a running import between batches, keeping what it wrote', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `Deal ${i},${i}.00`);
    const job = await uploaded('deal', `name,amount\n${rows.join('\n')}\n`);
    const started = await post(`/api/imports/${job.id}/start`, {
      mode: 'create',
      mapping: job.mapping as Json,
    });
    expect(started.status).toBe(202);
    const cancelled = await post(`/api/imports/${job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ cancel_requested: true });
    await testApp.app.get(ImportRunner).idle();
    const after = (await testApp.http().get(`/api/imports/${job.id}`).set(organization.headers))
      .body as { status: string; rows_done: number; created: number };
    expect(after.status).toBe('cancelled');
    expect(after.rows_done).toBeLessThan(10_000);
    expect(await countStoredRecords(testApp, organization, 'deal')).toBe(after.created);
    const again = await post(`/api/imports/${job.id}/cancel`);
    expect(again.status).toBe(409);
  });

  it('needs create on the object; a viewer may not import', async () => {
    const viewer = await organization.as('viewer');
    const response = await upload('deal', DEALS, viewer);
    expect(response.status).toBe(403);
    expect((await upload('no_such_object', DEALS)).status).toBe(404);
    const missing = await testApp
      .http()
      .get('/api/imports/00000000-0000-4000-8000-000000000000')
      .set(organization.headers);
    expect(missing.status).toBe(404);
  });
});
