import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from 'src/config/app-config';
import { aDeal, createRecord } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'test', 'support', 'webhook-server-process.ts');
const REGISTER = join(ROOT, 'test', 'support', 'swc-register.js');

const SETTINGS: WebhookSettings = {
  ...DEFAULT_WEBHOOK_SETTINGS,
  pollMs: 20,
  batchSize: 20,
  concurrency: 2,
  timeoutMs: 5_000,
  maxAttempts: 1_000,
  retryBaseMs: 20,
  retryMaxMs: 200,
  disableAfterFailures: 1_000_000,
};

/** A server process with the webhook worker running, once it says READY. */
async function startServerProcess(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', REGISTER, SERVER, databaseUrl, JSON.stringify(SETTINGS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) {
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  return child;
}

/** Issue 14's reliability promise: a kill -9 while deliveries are in flight loses no event. */
describe('Webhook delivery across a kill -9', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('sends every event after a restart, in order per record', async () => {
    const { url } = testApp.dataSource.options as { url: string };
    const organization = await testApp.createOrganization();
    const receiver = await new WebhookReceiver().start();
    let inFlight = 0;
    let killed = false;
    // Slow answers, so deliveries are in flight when the process dies.
    receiver.respond = async () => {
      inFlight++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 204;
    };
    let child = await startServerProcess(url);
    try {
      const created = await testApp
        .http()
        .post('/api/webhooks')
        .set(organization.headers)
        .send({ url: receiver.url, event_types: ['*'] })
        .expect(201);
      receiver.secret = String(created.body.secret);
      const deals = await Promise.all(
        Array.from({ length: 5 }, () => createRecord(testApp, organization, 'deal', aDeal())),
      );
      for (let change = 1; change <= 9; change++) {
        await Promise.all(
          deals.map((deal) =>
            testApp
              .http()
              .patch(`/api/objects/deal/${deal.id}`)
              .set(organization.headers)
              .send({ name: `v${change}` })
              .expect(200),
          ),
        );
      }
      await receiver.until(() => inFlight >= 10);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      killed = true;
      await exited;
      const beforeRestart = receiver.firstArrivals().length;
      expect(beforeRestart).toBeLessThan(50);
      child = await startServerProcess(url);
      await receiver.until(() => receiver.firstArrivals().length >= 50, 60_000);
      expect(receiver.rejected).toEqual([]);
      const byRecord = new Map<string, number[]>();
      for (const message of receiver.firstArrivals()) {
        const recordId = String(message.payload.data.record_id);
        byRecord.set(recordId, [
          ...(byRecord.get(recordId) ?? []),
          Number(message.payload.data.record_version),
        ]);
      }
      for (const deal of deals) {
        const versions = byRecord.get(deal.id) ?? [];
        expect(versions).toHaveLength(10);
        expect(versions).toEqual([...versions].sort((a, b) => a - b));
      }
    } finally {
      if (!killed || child.exitCode === null) {
        child.kill('SIGKILL');
      }
      await receiver.stop();
    }
    // Two server processes start from the TypeScript sources (compiled on the fly) on a busy machine.
  }, 180_000);
});
