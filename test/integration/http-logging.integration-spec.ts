import { Writable } from 'node:stream';
import { aDeal } from '../support/factories';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** Log lines as the app wrote them (pino's JSON lines), captured instead of printed. */
class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  entries(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

const SECRET_VALUE = 'Very-Private-Deal-7f3a';

/** Structured request logs that carry the request id and never a record value or a secret. */
describe('HTTP logging', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  const capture = new LogCapture();

  beforeAll(async () => {
    testApp = await startTestApp({ logLevel: 'debug' }, { logDestination: capture });
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    capture.lines.length = 0;
  });

  it('writes one JSON line per request: method, route, status, duration, request id', async () => {
    const response = await testApp
      .http()
      .get('/api/objects/deal')
      .query({ filter: JSON.stringify({ name: SECRET_VALUE }) })
      .set(organization.headers)
      .set('Cookie', 'plinth_session=secret-cookie-456')
      .expect(200);
    const requestLines = capture
      .entries()
      .filter((entry) => entry.request_id === response.headers['x-request-id'] && entry.req);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      msg: 'request completed',
      route: '/api/objects/:object',
      req: { method: 'GET' },
      res: { status: 200 },
      duration_ms: expect.any(Number),
    });
    const all = capture.lines.join('\n');
    expect(all).not.toContain(SECRET_VALUE);
    expect(all).not.toContain(organization.headers.Authorization?.slice('Bearer '.length));
    expect(all).not.toContain('secret-cookie-456');
  });

  it('never logs a password, a session token or a new API key', async () => {
    const member = await organization.member('admin');
    const signedIn = await testApp
      .http()
      .post('/api/auth/login')
      .send({ email: member.email, password: member.password })
      .expect(200);
    const token = String([signedIn.headers['set-cookie']].flat()[0]).split(';')[0]!.split('=')[1]!;
    await testApp
      .http()
      .post('/api/auth/login')
      .send({ email: member.email, password: `wrong-${member.password}` })
      .expect(401);
    const created = await testApp
      .http()
      .post('/api/api-keys')
      .set(organization.headers)
      .send({ name: 'logged?', role: 'viewer' })
      .expect(201);
    const key = (created.body as { key: string }).key;
    expect(key).toMatch(/^plk_/);
    expect(token.length).toBeGreaterThan(20);
    expect(capture.lines.length).toBeGreaterThan(0);
    const all = capture.lines.join('\n');
    for (const secret of [member.password, token, key]) {
      expect(all).not.toContain(secret);
    }
  });

  it('logs a failed insert with its SQLSTATE and request id, never the record values', async () => {
    // A trigger whose error quotes the row, as PostgreSQL's own messages quote values.
    await testApp.dataSource.query(`
      CREATE FUNCTION reject_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'rejected %', NEW.properties; END $$`);
    await testApp.dataSource.query(
      'CREATE TRIGGER reject_record BEFORE INSERT ON record FOR EACH ROW EXECUTE FUNCTION reject_record()',
    );
    try {
      const response = await testApp
        .http()
        .post('/api/objects/deal')
        .set(organization.headers)
        .send(aDeal({ name: SECRET_VALUE }))
        .expect(500);
      const requestId = String(response.headers['x-request-id']);
      expect(response.body).toMatchObject({ code: 'INTERNAL_ERROR', request_id: requestId });
      const all = capture.lines.join('\n');
      expect(all).toContain('P0001');
      expect(all).not.toContain(SECRET_VALUE);
      expect(all).not.toContain('rejected');
      const failed = capture.entries().filter((entry) => entry.request_id === requestId);
      expect(failed.some((entry) => entry.level === 50)).toBe(true);
    } finally {
      await testApp.dataSource.query('DROP TRIGGER reject_record ON record');
      await testApp.dataSource.query('DROP FUNCTION reject_record()');
    }
  });
});
