import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Standard Webhooks' secret prefix; the rest is base64 of the signing key. */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
/** An error text kept in the delivery log is cut to this many characters. */
const MAX_ERROR_LENGTH = 500;

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export interface OutgoingMessage {
  url: string;
  secret: string;
  messageId: string;
  payload: Record<string, unknown>;
}

export interface AttemptResult {
  isSuccess: boolean;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
  attemptedAt: Date;
}

/** The three Standard Webhooks headers for one attempt (signed with the send time). */
export function signedHeaders(
  message: Pick<OutgoingMessage, 'secret' | 'messageId'>,
  body: string,
  at: Date,
): Record<string, string> {
  const signature = new Webhook(message.secret).sign(message.messageId, at, body);
  return {
    'webhook-id': message.messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/**
 * POSTs one message: success is a 2xx answer within the timeout. Redirects are not followed
 * (a 3xx is a failure): the subscription names the URL that receives the data.
 */
export async function sendWebhook(
  message: OutgoingMessage,
  timeoutMs: number,
): Promise<AttemptResult> {
  const body = JSON.stringify(message.payload);
  const attemptedAt = new Date();
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const response = await fetch(message.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Plinth-Webhooks/1',
        ...signedHeaders(message, body, attemptedAt),
      },
      body,
    });
    // Read the answer to the end so the connection is reused; its content is not kept.
    await response.arrayBuffer();
    const isSuccess = response.status >= 200 && response.status < 300;
    return {
      isSuccess,
      responseStatus: response.status,
      latencyMs: elapsed(),
      error: isSuccess ? null : `the receiver answered ${response.status}`,
      attemptedAt,
    };
  } catch (error) {
    return {
      isSuccess: false,
      responseStatus: null,
      latencyMs: elapsed(),
      error: describeError(error, timeoutMs),
      attemptedAt,
    };
  }
}

function describeError(error: unknown, timeoutMs: number): string {
  const failure = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = failure.cause?.code ?? failure.cause?.message;
  const text = cause
    ? `${failure.message ?? 'request failed'} (${cause})`
    : (failure.message ?? String(error));
  return text.slice(0, MAX_ERROR_LENGTH);
}
