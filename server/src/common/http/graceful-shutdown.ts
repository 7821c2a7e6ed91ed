import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';

/** Requests in flight get this long to finish after a stop signal; then their sockets close. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Once the app is closing, a keep-alive connection closes as soon as its response is sent, not
 * after the keep-alive timeout (72 s, Fastify's default, which a client such as `fetch` honours):
 * closing only closes the connections idle at that moment, and waits for every other one to end.
 * Node ends a connection idle past `keepAliveTimeout`, read when each response finishes (it adds
 * one second of its own).
 */
export function closeConnectionsOnceAnswered(instance: FastifyInstance): void {
  instance.addHook('preClose', (done) => {
    instance.server.keepAliveTimeout = 1;
    done();
  });
}

/**
 * Stops the app the way a process manager expects: no new connections (the listening socket
 * closes at once, idle keep-alive sockets too), requests in flight answered within `drainMs`
 * (each connection closed once answered: `closeConnectionsOnceAnswered`), then Nest's shutdown
 * hooks. The caller closes the database afterwards, when nothing uses it.
 */
export async function closeGracefully(
  app: INestApplication,
  drainMs = DRAIN_TIMEOUT_MS,
): Promise<void> {
  const server = app.getHttpServer() as Server;
  const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
  deadline.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
}
