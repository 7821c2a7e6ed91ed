import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { closeGracefully } from 'src/common/http/graceful-shutdown';
import { aDeal, countStoredRecords } from '../support/factories';
import { LockGate } from '../support/lock-gate';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Longer than the test's timeout: a close that waited for a keep-alive connection to time out, or
 * for this deadline, fails the test instead of passing slowly.
 */
const NO_DRAIN_DEADLINE_MS = 120_000;

/** Resolves once `check` holds, looking again after each turn of the event loop. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function isRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** A stop signal drains requests in flight: no new connections, the started request answered. */
describe('Graceful shutdown', () => {
  let testApp: TestApp;

  beforeEach(async () => {
    testApp = await startTestApp();
  });

  afterEach(async () => {
    await testApp.close();
  });

  it('stops accepting connections and still answers the request in flight', async () => {
    const organization = await testApp.createOrganization();
    const base = new URL(await testApp.listen());
    const port = Number(base.port);
    const server = testApp.app.getHttpServer();
    const body = JSON.stringify(aDeal());
    let closed: Promise<void> | undefined;
    // A client that keeps its connection open as long as the server lets it.
    const agent = new Agent({ keepAlive: true });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(
        {
          agent,
          host: base.hostname,
          port,
          method: 'POST',
          path: '/api/objects/deal',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            ...organization.headers,
          },
        },
        resolve,
      );
      request.once('error', reject);
      // Half the body: the request is in flight until the rest arrives.
      request.write(body.slice(0, 10), () => {
        closed = closeGracefully(testApp.app, NO_DRAIN_DEADLINE_MS);
        void until(() => !server.listening)
          .then(() => isRefused(port))
          .then((refused) => {
            expect(refused).toBe(true);
            request.end(body.slice(10));
          }, reject);
      });
    });
    expect(response.statusCode).toBe(201);
    response.resume();
    // A response that starts after the stop closes its connection (Node's own doing): the close
    // does not wait for the keep-alive connection.
    await closed;
    agent.destroy();
    expect(await countStoredRecords(testApp, organization, 'deal')).toBe(1);
  });

  it('closes a keep-alive connection whose response began before the stop once it is sent', async () => {
    const organization = await testApp.createOrganization();
    const base = await testApp.listen();
    const server = testApp.app.getHttpServer();
    const created = await fetch(`${base}/api/objects/deal`, {
      method: 'POST',
      headers: { ...organization.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(aDeal({ name: 'Exported' })),
    });
    expect(created.status).toBe(201);
    // The export sends its header line, then waits for the table the gate holds.
    const gate = await LockGate.open(testApp);
    let closed: Promise<void> | undefined;
    try {
      await gate.hold('LOCK TABLE record IN ACCESS EXCLUSIVE MODE');
      const response = await fetch(`${base}/api/objects/deal/export.csv`, {
        headers: organization.headers,
      });
      expect(response.status).toBe(200);
      await gate.waitForWaiters(1);
      closed = closeGracefully(testApp.app, NO_DRAIN_DEADLINE_MS);
      await until(() => !server.listening);
      await gate.release();
      expect(await response.text()).toContain('Exported');
      await closed;
    } finally {
      await gate.close();
    }
  });
});
