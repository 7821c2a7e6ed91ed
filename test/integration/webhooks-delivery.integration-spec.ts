import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from 'src/config/app-config';
import { WebhookPayloadWithoutValues1766800000000 } from 'src/database/migrations/1766800000000-webhook-payload-without-values';
import { RecordRecycleBinService } from 'src/records/record-recycle-bin.service';
import { WebhookWorker } from 'src/webhooks/webhook.worker';
import { aDeal, createRecord } from '../support/factories';
import { startSecondApp } from '../support/second-app';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';
import { type ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver';

/** Fast settings: retries within milliseconds, no disabling unless a test asks for it. */
const FAST: WebhookSettings = {
  ...DEFAULT_WEBHOOK_SETTINGS,
  pollMs: 20,
  batchSize: 50,
  concurrency: 2,
  timeoutMs: 2_000,
  maxAttempts: 4,
  retryBaseMs: 20,
  retryMaxMs: 200,
  disableAfterFailures: 1_000_000,
  disableAfterMs: 3_600_000,
};

/** The versions each record's events arrived in (first arrival of each message). */
function versionsByRecord(messages: ReceivedWebhook[]): Map<string, number[]> {
  const byRecord = new Map<string, number[]>();
  for (const message of messages) {
    const recordId = message.payload.data.record_id;
    if (recordId) {
      byRecord.set(recordId, [
        ...(byRecord.get(recordId) ?? []),
        Number(message.payload.data.record_version),
      ]);
    }
  }
  return byRecord;
}

function isIncreasing(values: number[]): boolean {
  return values.every((value, index) => index === 0 || value > (values[index - 1] ?? 0));
}

/** The delivery worker with a real HTTP receiver (README, "Timeline and webhooks"). */
describe('Webhook delivery', () => {
  let testApp: TestApp;
  let worker: WebhookWorker;

  beforeAll(async () => {
    testApp = await startTestApp();
    worker = testApp.app.get(WebhookWorker);
    worker.start(FAST);
  });

  afterAll(async () => {
    await worker.stop();
    await testApp.close();
  });

  async function restartWorker(settings: WebhookSettings): Promise<void> {
    await worker.stop();
    worker.start(settings);
  }

  async function subscribe(
    organization: TestOrganization,
    receiver: WebhookReceiver,
    body: Record<string, unknown> = {},
  ): Promise<string> {
    const created = await testApp
      .http()
      .post('/api/webhooks')
      .set(organization.headers)
      .send({ url: receiver.url, event_types: ['*'], ...body })
      .expect(201);
    receiver.secret = String(created.body.secret);
    return String(created.body.id);
  }

  const update = (organization: TestOrganization, id: string, body: Record<string, unknown>) =>
    testApp
      .http()
      .patch(`/api/objects/deal/${id}`)
      .set(organization.headers)
      .send(body)
      .expect(200);

  const deliveries = async (organization: TestOrganization, subscriptionId: string) =>
    (
      await testApp
        .http()
        .get(`/api/webhooks/${subscriptionId}/deliveries?range=[0,999]`)
        .set(organization.headers)
        .expect(200)
    ).body as Array<Record<string, unknown> & { attempt_log: Array<Record<string, unknown>> }>;

  /** The delivery log once `check` holds (the worker commits an attempt just after the answer). */
  async function logWhen(
    organization: TestOrganization,
    subscriptionId: string,
    check: (log: Awaited<ReturnType<typeof deliveries>>) => boolean,
  ): Promise<Awaited<ReturnType<typeof deliveries>>> {
    for (let look = 0; ; look++) {
      const log = await deliveries(organization, subscriptionId);
      if (check(log) || look >= 200) {
        return log;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('sends each change signed with the Standard Webhooks scheme', async () => {
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    try {
      await subscribe(organization, receiver);
      const deal = await createRecord(testApp, organization, 'deal', aDeal());
      await update(organization, deal.id, { name: 'Renamed' });
      await receiver.until(() => receiver.received.length >= 2);
      expect(receiver.rejected).toEqual([]);
      const [created, updated] = receiver.received;
      expect(created?.payload).toMatchObject({
        type: 'created',
        data: { object: 'deal', record_id: deal.id, details: { properties: expect.any(Object) } },
      });
      expect(updated?.payload).toMatchObject({
        type: 'updated',
        data: { record_id: deal.id, details: { changes: { name: { new: 'Renamed' } } } },
      });
      expect(created?.headers['webhook-id']).toBe(`msg_${created?.payload.data.event_id}`);
      expect(created?.headers['webhook-signature']).toMatch(/^v1,/);
    } finally {
      await receiver.stop();
    }
  });

  it("sends a record's events in order, a later one waiting while an earlier one is retried", async () => {
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    // The first message fails twice: the record's later events must wait for it.
    receiver.respond = ({ attempt, payload }) =>
      payload.type === 'created' && attempt <= 2 ? 500 : 204;
    try {
      const subscriptionId = await subscribe(organization, receiver);
      const deal = await createRecord(testApp, organization, 'deal', aDeal());
      for (let change = 1; change <= 5; change++) {
        await update(organization, deal.id, { name: `Change ${change}` });
      }
      await receiver.until(() => receiver.firstArrivals().length >= 6);
      const versions = versionsByRecord(receiver.firstArrivals()).get(deal.id) ?? [];
      expect(versions).toHaveLength(6);
      expect(isIncreasing(versions)).toBe(true);
      const statuses = receiver.received.map((message) => message.status);
      expect(statuses.slice(0, 3)).toEqual([500, 500, 204]);
      const log = await logWhen(organization, subscriptionId, (rows) =>
        rows.every((delivery) => delivery.status === 'delivered'),
      );
      const first = log.find((delivery) => delivery.event_type === 'created');
      expect(first).toMatchObject({ status: 'delivered', attempts: 3 });
      expect(first?.attempt_log.map((attempt) => attempt.outcome)).toEqual([
        'failed',
        'failed',
        'succeeded',
      ]);
      expect(first?.attempt_log[0]).toMatchObject({
        response_status: 500,
        error: 'the receiver answered 500',
      });
    } finally {
      await receiver.stop();
    }
  });

  it('parks a delivery after its last attempt and goes on with the next', async () => {
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    receiver.respond = ({ payload }) => (payload.type === 'created' ? 500 : 204);
    try {
      const subscriptionId = await subscribe(organization, receiver);
      const deal = await createRecord(testApp, organization, 'deal', aDeal());
      await update(organization, deal.id, { name: 'After the parked one' });
      await receiver.until(() => receiver.received.some((message) => message.status === 204));
      const created = receiver.received.filter((message) => message.payload.type === 'created');
      expect(created).toHaveLength(FAST.maxAttempts);
      const log = await logWhen(organization, subscriptionId, (rows) =>
        rows.every((delivery) => delivery.status === 'delivered' || delivery.status === 'parked'),
      );
      expect(log.find((delivery) => delivery.event_type === 'created')).toMatchObject({
        status: 'parked',
        attempts: FAST.maxAttempts,
        last_response_status: 500,
      });
      expect(log.find((delivery) => delivery.event_type === 'updated')).toMatchObject({
        status: 'delivered',
      });
    } finally {
      await receiver.stop();
    }
  });

  it('sends only the events the types, objects and filter select', async () => {
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    try {
      await subscribe(organization, receiver, {
        event_types: ['created'],
        objects: ['deal'],
        filter: { property: 'name', equals: 'Big one' },
      });
      await createRecord(testApp, organization, 'deal', aDeal({ name: 'Small one' }));
      const big = await createRecord(testApp, organization, 'deal', aDeal({ name: 'Big one' }));
      await update(organization, big.id, { name: 'Big one, renamed' });
      await createRecord(testApp, organization, 'company', { name: 'Big one' });
      const marker = await createRecord(testApp, organization, 'deal', aDeal({ name: 'Big one' }));
      await receiver.until(() =>
        receiver.received.some((message) => message.payload.data.record_id === marker.id),
      );
      expect(receiver.received.map((message) => message.payload.data.record_id)).toEqual([
        big.id,
        marker.id,
      ]);
    } finally {
      await receiver.stop();
    }
  });

  it('replays one delivery, and every event since a time, with the same webhook-id', async () => {
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    try {
      const subscriptionId = await subscribe(organization, receiver);
      const since = new Date();
      const deal = await createRecord(testApp, organization, 'deal', aDeal());
      await update(organization, deal.id, { name: 'Second' });
      await receiver.until(() => receiver.received.length >= 2);
      const log = await deliveries(organization, subscriptionId);
      const first = log.find((delivery) => delivery.event_type === 'created');
      const replay = await testApp
        .http()
        .post(`/api/webhooks/${subscriptionId}/deliveries/${String(first?.id)}/replay`)
        .set(organization.headers)
        .expect(201);
      expect(replay.body).toMatchObject({ status: 'pending', replay_of: first?.id });
      await receiver.until(() => receiver.received.length >= 3);
      expect(receiver.received[2]?.id).toBe(first?.message_id);
      const all = await testApp
        .http()
        .post(`/api/webhooks/${subscriptionId}/replay`)
        .set(organization.headers)
        .send({ since: since.toISOString() })
        .expect(202);
      expect(all.body).toEqual({ queued: 2 });
      await receiver.until(() => receiver.received.length >= 5);
      expect(receiver.received.slice(3).map((message) => message.payload.type)).toEqual([
        'created',
        'updated',
      ]);
      const none = await testApp
        .http()
        .post(`/api/webhooks/${subscriptionId}/replay`)
        .set(organization.headers)
        .send({ since: new Date(Date.now() + 60_000).toISOString() })
        .expect(202);
      expect(none.body).toEqual({ queued: 0 });
    } finally {
      await receiver.stop();
    }
  });

  it('disables a subscription that keeps failing and says why; enabling sends what waited', async () => {
    await restartWorker({ ...FAST, disableAfterFailures: 3, disableAfterMs: 0, maxAttempts: 100 });
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    receiver.respond = () => 500;
    try {
      const subscriptionId = await subscribe(organization, receiver);
      await createRecord(testApp, organization, 'deal', aDeal());
      let subscription: Record<string, unknown> = {};
      await receiver.until(() => receiver.received.length >= 3, 20_000, 'three failed attempts');
      for (let look = 0; look < 100 && subscription.enabled !== false; look++) {
        subscription = (
          await testApp
            .http()
            .get(`/api/webhooks/${subscriptionId}`)
            .set(organization.headers)
            .expect(200)
        ).body as Record<string, unknown>;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(subscription).toMatchObject({
        enabled: false,
        disabled_reason: expect.stringContaining('3 attempts in a row failed'),
      });
      const attemptsWhenDisabled = receiver.received.length;
      await new Promise((resolve) => setTimeout(resolve, 10 * FAST.pollMs));
      expect(receiver.received.length).toBe(attemptsWhenDisabled);
      receiver.respond = () => 204;
      await restartWorker(FAST);
      await testApp
        .http()
        .patch(`/api/webhooks/${subscriptionId}`)
        .set(organization.headers)
        .send({ enabled: true })
        .expect(200);
      await receiver.until(() => receiver.received.some((message) => message.status === 204));
    } finally {
      await restartWorker(FAST);
      await receiver.stop();
    }
  });

  it('delivers everything, in order per record, to a receiver that was down for a while', async () => {
    // Enough attempts to outlast the outage (the fast schedule would park them within ~300 ms).
    await restartWorker({ ...FAST, maxAttempts: 1_000 });
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    try {
      await subscribe(organization, receiver);
      await receiver.stop();
      const deals = await Promise.all(
        [1, 2, 3].map(() => createRecord(testApp, organization, 'deal', aDeal())),
      );
      for (let change = 1; change <= 4; change++) {
        await Promise.all(
          deals.map((deal) => update(organization, deal.id, { name: `v${change}` })),
        );
      }
      // Down for several retries of the first deliveries.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await receiver.start();
      await receiver.until(() => receiver.firstArrivals().length >= 15, 30_000);
      const byRecord = versionsByRecord(receiver.firstArrivals());
      for (const deal of deals) {
        expect(byRecord.get(deal.id)).toHaveLength(5);
        expect(isIncreasing(byRecord.get(deal.id) ?? [])).toBe(true);
      }
    } finally {
      await restartWorker(FAST);
      await receiver.stop();
    }
  });

  it('deletes a subscription while its delivery is being sent (no deadlock with the worker)', async () => {
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    try {
      let sending: () => void = () => undefined;
      const inFlight = new Promise<void>((resolve) => (sending = resolve));
      receiver.respond = async () => {
        sending();
        // Long enough for the DELETE to wait on the delivery the worker holds.
        await new Promise((resolve) => setTimeout(resolve, 600));
        return 204;
      };
      const id = await subscribe(organization, receiver);
      await createRecord(testApp, organization, 'deal', aDeal());
      await inFlight;
      const path = `/api/webhooks/${id}`;
      await testApp.http().delete(path).set(organization.headers).expect(204);
      await testApp.http().get(path).set(organization.headers).expect(404);
      const left = await testApp.dataSource.query<unknown[]>(
        'SELECT 1 FROM webhook_delivery WHERE subscription_id = $1',
        [id],
      );
      expect(left).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it('sends each event once with the worker running in two server processes at once', async () => {
    const second = await startSecondApp(testApp);
    second.app.get(WebhookWorker).start(FAST);
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    try {
      await subscribe(organization, receiver);
      const deals = await Promise.all(
        Array.from({ length: 10 }, () => createRecord(testApp, organization, 'deal', aDeal())),
      );
      for (let change = 1; change <= 5; change++) {
        await Promise.all(
          deals.map((deal) => update(organization, deal.id, { name: `v${change}` })),
        );
      }
      await receiver.until(() => receiver.received.length >= 60, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 10 * FAST.pollMs));
      const ids = receiver.received.map((message) => message.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      const byRecord = versionsByRecord(receiver.received);
      for (const deal of deals) {
        expect(isIncreasing(byRecord.get(deal.id) ?? [])).toBe(true);
      }
    } finally {
      await second.app.get(WebhookWorker).stop();
      await second.close();
      await receiver.stop();
    }
  });

  describe('purged means gone everywhere', () => {
    const ERASED = { erased: true };
    type Delivery = Awaited<ReturnType<typeof deliveries>>[number];
    const detailsOf = (delivery: Delivery | undefined) =>
      (delivery?.payload as { data?: { details?: unknown } } | undefined)?.data?.details;

    /** Purges at once (`DELETE …?permanent=true`, the write path's persist stage). */
    const purgeNow = async (organization: TestOrganization, id: string): Promise<void> => {
      await testApp
        .http()
        .delete(`/api/objects/deal/${id}?permanent=true`)
        .set(organization.headers)
        .expect(200);
    };

    /** Deletes, then lets the recycle bin's retention purge it (deleted 91 days ago). */
    const purgeByRetention = async (organization: TestOrganization, id: string): Promise<void> => {
      await testApp.http().delete(`/api/objects/deal/${id}`).set(organization.headers).expect(200);
      await testApp.dataSource.query(
        `UPDATE record SET archived_at = now() - interval '91 days' WHERE id = $1`,
        [id],
      );
      await testApp.app.get(RecordRecycleBinService).purgeExpired();
    };

    // The record's `deleted` event: a purge at once appends one without values; the retention
    // purge erases the one of the earlier delete.
    it.each([
      ['DELETE ?permanent=true', purgeNow, { permanent: true }],
      ['the retention purge', purgeByRetention, ERASED],
    ])(
      "sends none of a purged record's values still pending at the purge, nor logs them (%s)",
      async (_, purge, deletedDetails) => {
        // The receiver is down until after the purge: the deliveries wait, retried.
        await restartWorker({ ...FAST, maxAttempts: 1_000 });
        const organization = await testApp.createOrganization();
        const receiver = await new WebhookReceiver().start();
        try {
          const subscriptionId = await subscribe(organization, receiver);
          await receiver.stop();
          const secret = `Secret ${Date.now()}`;
          const deal = await createRecord(testApp, organization, 'deal', aDeal({ name: secret }));
          await update(organization, deal.id, { name: `${secret}, renamed` });
          const kept = await createRecord(testApp, organization, 'deal', aDeal());
          const queued = await logWhen(organization, subscriptionId, (rows) =>
            rows.some((row) => row.record_id === kept.id && row.attempts !== 0),
          );
          expect(
            queued.filter((row) => row.record_id === deal.id).map((row) => row.status),
          ).not.toContain('delivered');
          await purge(organization, deal.id);

          const log = await logWhen(organization, subscriptionId, (rows) =>
            rows.some((row) => row.record_id === deal.id && row.event_type === 'deleted'),
          );
          const purgedLog = log.filter((row) => row.record_id === deal.id);
          expect(JSON.stringify(purgedLog)).not.toContain(secret);
          expect(detailsOf(purgedLog.find((row) => row.event_type === 'created'))).toEqual(ERASED);
          expect(detailsOf(purgedLog.find((row) => row.event_type === 'updated'))).toEqual(ERASED);
          expect(detailsOf(purgedLog.find((row) => row.event_type === 'deleted'))).toEqual(
            deletedDetails,
          );
          expect(detailsOf(log.find((row) => row.record_id === kept.id))).toMatchObject({
            properties: { name: kept.name },
          });

          await receiver.start();
          const ofDeal = () =>
            receiver
              .firstArrivals()
              .filter((message) => message.payload.data.record_id === deal.id);
          const other = () =>
            receiver.firstArrivals().find((message) => message.payload.data.record_id === kept.id);
          await receiver.until(() => ofDeal().length >= 3 && other() !== undefined);
          expect(
            ofDeal().map((message) => [message.payload.type, message.payload.data.details]),
          ).toEqual([
            ['created', ERASED],
            ['updated', ERASED],
            ['deleted', deletedDetails],
          ]);
          expect(receiver.rejected).toEqual([]);
          const sent = receiver.received.filter(
            (message) => message.payload.data.record_id === deal.id,
          );
          expect(sent.map((message) => message.body).join('\n')).not.toContain(secret);
          const created = sent.find((message) => message.payload.type === 'created');
          expect(created?.payload).toMatchObject({
            type: 'created',
            data: { event_id: expect.any(String), record_id: deal.id, details: ERASED },
          });
          expect(created?.id).toBe(`msg_${created?.payload.data.event_id}`);
          expect(other()?.payload.data.details).toMatchObject({ properties: { name: kept.name } });
        } finally {
          await restartWorker(FAST);
          await receiver.stop();
        }
      },
    );

    it('shows a delivered message of a purged record erased in the log and in a replay', async () => {
      const organization = await testApp.createOrganization();
      const receiver = await new WebhookReceiver().start();
      try {
        const subscriptionId = await subscribe(organization, receiver, {
          event_types: ['created'],
        });
        const secret = `Secret ${Date.now()}`;
        const deal = await createRecord(testApp, organization, 'deal', aDeal({ name: secret }));
        await receiver.until(() => receiver.received.length >= 1);
        expect(receiver.received[0]?.body).toContain(secret);
        const [delivered] = await logWhen(organization, subscriptionId, (rows) =>
          rows.every((row) => row.status === 'delivered'),
        );
        expect(detailsOf(delivered)).toMatchObject({ properties: { name: secret } });
        // The log shows the body as sent, byte for byte (jsonb's key order, as the copy had).
        expect(receiver.received[0]?.body).toBe(JSON.stringify(delivered?.payload));

        await purgeNow(organization, deal.id);
        const [logged] = await deliveries(organization, subscriptionId);
        expect(logged).toMatchObject({ id: delivered?.id, status: 'delivered' });
        expect(detailsOf(logged)).toEqual(ERASED);
        expect(JSON.stringify(logged)).not.toContain(secret);
        const replay = await testApp
          .http()
          .post(`/api/webhooks/${subscriptionId}/deliveries/${String(delivered?.id)}/replay`)
          .set(organization.headers)
          .expect(201);
        expect(replay.body).toMatchObject({ status: 'pending', replay_of: delivered?.id });
        expect(replay.body.payload.data.details).toEqual(ERASED);
        await receiver.until(() => receiver.received.length >= 2);
        expect(receiver.received[1]).toMatchObject({
          id: receiver.received[0]?.id,
          payload: { type: 'created', data: { record_id: deal.id, details: ERASED } },
        });
        expect(receiver.received[1]?.body).not.toContain(secret);
        expect(receiver.rejected).toEqual([]);
      } finally {
        await receiver.stop();
      }
    });

    it('takes the values out of deliveries stored before this version (migration)', async () => {
      const organization = await testApp.createOrganization();
      const receiver = await new WebhookReceiver().start();
      const migration = new WebhookPayloadWithoutValues1766800000000();
      const runner = testApp.dataSource.createQueryRunner();
      const stored = async (recordId: string): Promise<string> =>
        JSON.stringify(
          await testApp.dataSource.query(
            `SELECT payload FROM webhook_delivery WHERE record_id = $1 ORDER BY id`,
            [recordId],
          ),
        );
      try {
        const subscriptionId = await subscribe(organization, receiver, {
          event_types: ['created'],
        });
        const secret = `Secret ${Date.now()}`;
        const purged = await createRecord(testApp, organization, 'deal', aDeal({ name: secret }));
        const kept = await createRecord(testApp, organization, 'deal', aDeal());
        await receiver.until(() => receiver.received.length >= 2);
        expect(await stored(purged.id)).not.toContain(secret);
        // Deliveries as the previous version stored them: a copy of the values.
        await migration.down(runner);
        expect(await stored(purged.id)).toContain(secret);
        await purgeNow(organization, purged.id);
        await migration.up(runner);
        expect(await stored(purged.id)).not.toContain(secret);
        expect(await stored(purged.id)).not.toContain('details');
        const log = await deliveries(organization, subscriptionId);
        expect(detailsOf(log.find((row) => row.record_id === purged.id))).toEqual(ERASED);
        expect(detailsOf(log.find((row) => row.record_id === kept.id))).toMatchObject({
          properties: { name: kept.name },
        });
      } finally {
        await runner.release();
        await receiver.stop();
      }
    });
  });
});
