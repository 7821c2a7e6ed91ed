import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';

/**
 * Sends a CSV download as it is produced: `write` gets a sink that waits while the client is
 * behind (backpressure) and answers false once the client has gone. An error after the first
 * byte cannot become an error body any more: the connection is cut, so the file is visibly
 * incomplete rather than silently short. The reply is taken over from Fastify (its headers so
 * far, request id and CORS included, go with it).
 */
export async function sendCsv(
  reply: FastifyReply,
  fileName: string,
  write: (sink: (chunk: string) => Promise<boolean>) => Promise<void>,
): Promise<void> {
  reply.hijack();
  const response = reply.raw;
  response.statusCode = 200;
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) {
      response.setHeader(name, value);
    }
  }
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  response.setHeader('Cache-Control', 'no-store');
  const sink = async (chunk: string): Promise<boolean> => {
    if (response.destroyed) {
      return false;
    }
    if (!response.write(chunk)) {
      await drainedOrClosed(response);
    }
    return !response.destroyed;
  };
  try {
    await write(sink);
    response.end();
  } catch (error) {
    response.destroy(error instanceof Error ? error : undefined);
    throw error;
  }
}

/** Resolves when the response can take more, or has closed; leaves no listener behind. */
function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
