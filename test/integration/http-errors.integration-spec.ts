import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** The error body's RFC 9457 members and media type, beside Plinth's own members. */
describe('HTTP errors', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers problem details: a type per code, its title, detail = message, the path', async () => {
    const response = await testApp
      .http()
      .post('/api/objects/deal?dry=1')
      .set(organization.headers)
      .send({ name: 'Big', amount: -1, stage: 'nope' })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.body as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'https://plinth.dev/errors/validation-failed',
      title: 'Validation failed',
      status: 400,
      code: 'VALIDATION_FAILED',
      instance: '/api/objects/deal',
      request_id: response.headers['x-request-id'],
    });
    expect(body.detail).toBe(body.message);
  });

  it('gives each code its own type and title', async () => {
    const response = await testApp
      .http()
      .get('/api/objects/nope')
      .set(organization.headers)
      .expect(404);
    expect(response.body).toMatchObject({
      type: 'https://plinth.dev/errors/definition-not-found',
      title: 'Object definition not found',
      code: 'DEFINITION_NOT_FOUND',
    });
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const kept = await testApp
      .http()
      .get('/api/objects/nope')
      .set(organization.headers)
      .set('X-Request-Id', 'client-id.42')
      .expect(404);
    expect(kept.headers['x-request-id']).toBe('client-id.42');
    expect((kept.body as { request_id: string }).request_id).toBe('client-id.42');
    const replaced = await testApp
      .http()
      .get('/api/objects/nope')
      .set(organization.headers)
      .set('X-Request-Id', 'bad id with spaces')
      .expect(404);
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
    expect((replaced.body as { request_id: string }).request_id).toBe(
      replaced.headers['x-request-id'],
    );
  });
});
