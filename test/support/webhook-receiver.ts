import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a receiver got, its signature checked with the `standardwebhooks` verifier. */
export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  payload: {
    type: string;
    timestamp: string;
    data: {
      event_id?: string;
      record_id?: string | null;
      record_version?: number | null;
      object?: string | null;
      details?: Record<string, unknown>;
    } & Record<string, unknown>;
  };
  /** The status this receiver answered. */
  status: number;
}

/**
 * A real HTTP receiver on a loopback port (no mocked client): it records every request, answers
 * what `respond` says (default 204), and can be stopped and started again on the same port.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Requests whose signature did not verify (they are answered 401 and not recorded). */
  readonly rejected: string[] = [];
  respond: (request: {
    id: string;
    attempt: number;
    payload: ReceivedWebhook['payload'];
  }) => number | Promise<number> = () => 204;
  secret: string | undefined;
  private server: Server | undefined;
  private port = 0;
  private readonly attempts = new Map<string, number>();
  private waiters: Array<() => void> = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void this.handle(request.headers, Buffer.concat(chunks).toString('utf8')).then(
          (status) => response.writeHead(status).end(),
          () => response.writeHead(500).end(),
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Refuses connections from now on (the port stays this receiver's for `start`). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** The verified messages, first arrival of each `webhook-id` only. */
  firstArrivals(): ReceivedWebhook[] {
    const seen = new Set<string>();
    return this.received.filter((message) => {
      if (message.status >= 300 || seen.has(message.id)) {
        return false;
      }
      seen.add(message.id);
      return true;
    });
  }

  /** Resolves once `check` holds (looked at after each request); fails after `timeoutMs`. */
  async until(
    check: () => boolean,
    timeoutMs = 20_000,
    what = 'the expected webhooks',
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) {
        throw new Error(`${what} did not arrive; received ${this.received.length} requests`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async handle(headers: IncomingHttpHeaders, body: string): Promise<number> {
    const id = String(headers['webhook-id']);
    if (this.secret !== undefined) {
      try {
        new Webhook(this.secret).verify(body, {
          'webhook-id': id,
          'webhook-timestamp': String(headers['webhook-timestamp']),
          'webhook-signature': String(headers['webhook-signature']),
        });
      } catch {
        this.rejected.push(id);
        return 401;
      }
    }
    const payload = JSON.parse(body) as ReceivedWebhook['payload'];
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    const status = await this.respond({ id, attempt, payload });
    this.received.push({ id, headers, body, payload, status });
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
    return status;
  }
}
