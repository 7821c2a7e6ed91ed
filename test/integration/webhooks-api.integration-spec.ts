import { Webhook } from 'standardwebhooks';
import { UNKNOWN_ID } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Webhook subscriptions' API (README, "Timeline and webhooks"); the worker is not running here. */
describe('Webhooks API', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
    receiver = await new WebhookReceiver().start();
  });

  afterAll(async () => {
    await receiver.stop();
    await testApp.close();
  });

  const create = (body: Record<string, unknown>, headers = organization.headers) =>
    testApp.http().post('/api/webhooks').set(headers).send(body);

  it('shows the Standard Webhooks secret once, on creation', async () => {
    const created = await create({
      url: receiver.url,
      event_types: ['created', 'updated'],
      objects: ['deal'],
      filter: { property: 'stage', equals: 'won' },
      description: 'won deals',
    }).expect(201);
    expect(created.body).toMatchObject({
      url: receiver.url,
      event_types: ['created', 'updated'],
      objects: ['deal'],
      filter: { property: 'stage', equals: 'won' },
      enabled: true,
      disabled_reason: null,
    });
    const secret = String(created.body.secret);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => new Webhook(secret)).not.toThrow();
    const list = await testApp.http().get('/api/webhooks').set(organization.headers).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
    expect(list.headers['content-range']).toMatch(/^webhooks 0-\d+\/\d+$/);
    const one = await testApp
      .http()
      .get(`/api/webhooks/${created.body.id}`)
      .set(organization.headers)
      .expect(200);
    expect(one.body.secret).toBeUndefined();
  });

  it('refuses a wrong URL, event type, object or filter with a 400 naming each field', async () => {
    const response = await create({
      url: 'ftp://example.com/hook',
      event_types: ['created', 'exploded'],
      objects: ['Not An Object'],
    }).expect(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: {
        url: expect.stringContaining('http'),
        event_types: expect.stringContaining('event type'),
        objects: expect.stringContaining('object'),
      },
    });
    for (const url of ['not a url', 'http://', 'javascript:alert(1)']) {
      const refused = await create({ url, event_types: ['*'] }).expect(400);
      expect(refused.body.errors).toHaveProperty('url');
    }
    const badFilter = await create({
      url: receiver.url,
      event_types: ['*'],
      filter: { property: 'stage', in: ['won'] },
    }).expect(400);
    expect(badFilter.body.errors).toEqual({ filter: expect.stringContaining('property') });
    const unknownObject = await create({
      url: receiver.url,
      event_types: ['*'],
      objects: ['deal', 'spaceship'],
    }).expect(400);
    expect(unknownObject.body.errors).toEqual({ objects: 'no object named "spaceship"' });
  });

  it('changes, disables with a reason, enables and deletes a subscription', async () => {
    const created = await create({ url: receiver.url, event_types: ['*'] }).expect(201);
    const path = `/api/webhooks/${created.body.id}`;
    const disabled = await testApp
      .http()
      .patch(path)
      .set(organization.headers)
      .send({ enabled: false, event_types: ['deleted'] })
      .expect(200);
    expect(disabled.body).toMatchObject({
      enabled: false,
      event_types: ['deleted'],
      disabled_reason: 'Disabled by an administrator.',
    });
    const enabled = await testApp
      .http()
      .patch(path)
      .set(organization.headers)
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, disabled_at: null });
    await testApp.http().delete(path).set(organization.headers).expect(204);
    await testApp.http().get(path).set(organization.headers).expect(404);
  });

  it('sends a signed test event at once and logs the attempt', async () => {
    const created = await create({ url: receiver.url, event_types: ['*'] }).expect(201);
    receiver.secret = String(created.body.secret);
    const sent = await testApp
      .http()
      .post(`/api/webhooks/${created.body.id}/test`)
      .set(organization.headers)
      .expect(200);
    expect(sent.body).toMatchObject({
      event_type: 'webhook.test',
      status: 'delivered',
      attempts: 1,
      last_response_status: 204,
      attempt_log: [{ attempt: 1, outcome: 'succeeded', response_status: 204, error: null }],
    });
    expect(sent.body.attempt_log[0].latency_ms).toEqual(expect.any(Number));
    expect(receiver.rejected).toEqual([]);
    const message = receiver.received.find((one) => one.id === sent.body.message_id);
    expect(message?.payload).toMatchObject({
      type: 'webhook.test',
      data: { subscription_id: created.body.id },
    });
    const log = await testApp
      .http()
      .get(`/api/webhooks/${created.body.id}/deliveries`)
      .set(organization.headers)
      .expect(200);
    expect(log.headers['content-range']).toBe('deliveries 0-0/1');
    expect(log.body[0]).toMatchObject({ id: sent.body.id, status: 'delivered' });
  });

  it('logs a test event the receiver refused, with the answer and no retry', async () => {
    const refusing = await new WebhookReceiver().start();
    refusing.respond = () => 503;
    try {
      const created = await create({ url: refusing.url, event_types: ['*'] }).expect(201);
      const sent = await testApp
        .http()
        .post(`/api/webhooks/${created.body.id}/test`)
        .set(organization.headers)
        .expect(200);
      expect(sent.body).toMatchObject({
        status: 'parked',
        last_response_status: 503,
        last_error: 'the receiver answered 503',
        attempt_log: [{ outcome: 'failed', response_status: 503 }],
      });
      await refusing.stop();
      const unreachable = await testApp
        .http()
        .post(`/api/webhooks/${created.body.id}/test`)
        .set(organization.headers)
        .expect(200);
      expect(unreachable.body).toMatchObject({ status: 'parked', last_response_status: null });
      expect(unreachable.body.last_error).toEqual(expect.stringContaining('ECONNREFUSED'));
    } finally {
      await refusing.stop();
    }
  });

  it('is for admins and owners: a member is refused, another organization gets 404', async () => {
    const created = await create({ url: receiver.url, event_types: ['*'] }).expect(201);
    const member = await organization.as('member');
    await testApp.http().get('/api/webhooks').set(member).expect(403);
    await create({ url: receiver.url, event_types: ['*'] }, member).expect(403);
    const admin = await organization.as('admin');
    await testApp.http().get('/api/webhooks').set(admin).expect(200);
    const other = await testApp.createOrganization();
    await testApp.http().get(`/api/webhooks/${created.body.id}`).set(other.headers).expect(404);
    await testApp
      .http()
      .post(`/api/webhooks/${created.body.id}/test`)
      .set(other.headers)
      .expect(404);
    await testApp
      .http()
      .post(`/api/webhooks/${UNKNOWN_ID}/deliveries/1/replay`)
      .set(organization.headers)
      .expect(404);
    await testApp
      .http()
      .post(`/api/webhooks/${created.body.id}/replay`)
      .set(organization.headers)
      .send({ since: 'yesterday' })
      .expect(400);
  });
});
