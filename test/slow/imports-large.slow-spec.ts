import { ImportRunner } from 'src/imports/import-runner';
import { countStoredRecords } from '../support/factories';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Json = Record<string, unknown>;

/**
 * Imports at scale: an 80,000-row file whose last row is bad (the dry run finds it and writes
 * nothing; the import writes every other row), and a streamed upload past a small size limit.
 */
describe('CSV import of large files', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    // A 1 MB limit, so a streamed upload without Content-Length can be taken past it cheaply.
    testApp = await startTestApp({ importMaxBytes: 1024 * 1024 });
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function upload(csv: string | Buffer) {
    return testApp
      .http()
      .post('/api/imports')
      .query({ object: 'deal' })
      .set(organization.headers)
      .set('Content-Type', 'text/csv')
      .send(csv);
  }

  it('finds a bad value in row 80,000 in the dry run, then imports the 79,999 others', async () => {
    const rows = Array.from({ length: 80_000 }, (_, i) =>
      i === 79_999 ? `Deal ${i},not money` : `Deal ${i},${i}.00`,
    );
    const response = await testApp
      .http()
      .post('/api/imports')
      .query({ object: 'deal' })
      .set(organization.headers)
      .set('Content-Type', 'text/csv')
      .send(`name,amount\n${rows.join('\n')}\n`);
    // Over the 1 MB limit of this app: the limit is the operator's to raise.
    expect(response.status).toBe(413);
    const big = await startTestApp();
    try {
      const owner = await big.createOrganization();
      const uploaded = await big
        .http()
        .post('/api/imports')
        .query({ object: 'deal' })
        .set(owner.headers)
        .set('Content-Type', 'text/csv')
        .send(`name,amount\n${rows.join('\n')}\n`);
      expect(uploaded.status).toBe(201);
      const job = uploaded.body as Json & { id: string; mapping: Json };
      expect(job.rows_total).toBe(80_000);
      const settings = { mode: 'create', mapping: job.mapping };
      const dry = await big
        .http()
        .post(`/api/imports/${job.id}/dry-run`)
        .set(owner.headers)
        .send(settings);
      expect(dry.body).toMatchObject({
        rows_total: 80_000,
        rows_valid: 79_999,
        rows_failed: 1,
        errors: [{ row: 80_000, reason: expect.stringContaining('amount') }],
      });
      expect(await countStoredRecords(big, owner, 'deal')).toBe(0);
      const started = await big
        .http()
        .post(`/api/imports/${job.id}/start`)
        .set(owner.headers)
        .send(settings);
      expect(started.status).toBe(202);
      await big.app.get(ImportRunner).idle();
      const done = await big.http().get(`/api/imports/${job.id}`).set(owner.headers);
      expect(done.body).toMatchObject({ status: 'completed', created: 79_999, failed: 1 });
      expect(await countStoredRecords(big, owner, 'deal')).toBe(79_999);
    } finally {
      await big.close();
    }
  }, 240_000);

  it('refuses a streamed upload (no Content-Length) once it passes the limit', async () => {
    const baseUrl = await testApp.listen();
    const chunk = Buffer.from(`${'x'.repeat(1023)}\n`);
    function* body(): Generator<Buffer> {
      yield Buffer.from('name\n');
      for (let i = 0; i < 4096; i++) {
        yield chunk;
      }
    }
    const response = await fetch(`${baseUrl}/api/imports?object=deal`, {
      method: 'POST',
      headers: { ...organization.headers, 'Content-Type': 'text/csv' },
      body: ReadableStreamFrom(body()),
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await upload('name\nsmall\n')).toHaveProperty('status', 201);
  });
});

function ReadableStreamFrom(source: Generator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = source.next();
      if (next.done) {
        controller.close();
      } else {
        controller.enqueue(next.value);
      }
    },
  });
}
