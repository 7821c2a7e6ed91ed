import type { Response } from 'express';

/**
 * Sends a CSV download as it is produced: `write` gets a sink that waits while the client is
 * behind (backpressure) and answers false once the client has gone. An error after the first
 * byte cannot become an error body any more: the connection is cut, so the file is visibly
 * incomplete rather than silently short.
 */
export async function sendCsv(
  response: Response,
  fileName: string,
  write: (sink: (chunk: string) => Promise<boolean>) => Promise<void>,
): Promise<void> {
  response.status(200);
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
function drainedOrClosed(response: Response): Promise<void> {
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
