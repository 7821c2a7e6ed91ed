import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { closeGracefully } from 'src/common/http/graceful-shutdown';
import { aDeal, countStoredRecords } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

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

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('stops accepting connections and still answers the request in flight', async () => {
    const organization = await testApp.createOrganization();
    const base = new URL(await testApp.listen());
    const port = Number(base.port);
    const server = testApp.app.getHttpServer();
    const body = JSON.stringify(aDeal());
    let closed: Promise<void> | undefined;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(
        {
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
        closed = closeGracefully(testApp.app);
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
    await closed;
    expect(await countStoredRecords(testApp, organization, 'deal')).toBe(1);
  });
});
