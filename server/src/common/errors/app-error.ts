import { type ErrorCode, statusOf } from './error-code';

/** Per-field messages, keyed like the request body (react-admin shows them next to the field). */
export type FieldErrors = Record<string, string>;

/**
 * The only error services throw. The global filter renders it as the one error body of
 * docs/architecture.md; `message` is shown to people, so it names the problem in their words.
 */
export class AppError extends Error {
  readonly status: number;
  /** Seconds after which a retry may succeed (409/429/503), sent as `Retry-After`. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldErrors,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf(code);
  }

  /** The same error, telling the client when to retry. */
  withRetryAfter(seconds: number): this {
    this.retryAfterSeconds = Math.max(1, Math.ceil(seconds));
    return this;
  }
}
