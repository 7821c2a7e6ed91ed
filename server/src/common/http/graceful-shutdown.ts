import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';

/** Requests in flight get this long to finish after a stop signal; then their sockets close. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Stops the app the way a process manager expects: no new connections (the listening socket
 * closes at once, idle keep-alive sockets too), requests in flight answered within `drainMs`,
 * then Nest's shutdown hooks. The caller closes the database afterwards, when nothing uses it.
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
