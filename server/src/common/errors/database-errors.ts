import { AppError } from './app-error';
import { ErrorCode } from './error-code';

/** A database error that is not a bug: the client may try again after `retryAfterSeconds`. */
export interface RetryableDatabaseError {
  error: AppError;
  retryAfterSeconds: number;
}

/** SQLSTATEs of contention and overload (PostgreSQL's appendix A). */
const ANSWERS: Record<string, { code: ErrorCode; message: string; retryAfterSeconds: number }> = {
  '40P01': {
    code: ErrorCode.TransactionConflict,
    message: 'The change met a concurrent one (deadlock) and was not made; send it again.',
    retryAfterSeconds: 1,
  },
  '40001': {
    code: ErrorCode.TransactionConflict,
    message: 'The change met a concurrent one and was not made; send it again.',
    retryAfterSeconds: 1,
  },
  '55P03': {
    code: ErrorCode.TransactionConflict,
    message:
      'Another change holds what this one needs and did not finish in time; nothing was changed, send it again.',
    retryAfterSeconds: 2,
  },
  '57014': {
    code: ErrorCode.DatabaseBusy,
    message:
      'The request took longer than the database allows and was stopped; nothing was changed. Narrow it (filters, a smaller page) or try again later.',
    retryAfterSeconds: 5,
  },
  '53300': {
    code: ErrorCode.DatabaseBusy,
    message: 'The database has no connection free; try again shortly.',
    retryAfterSeconds: 5,
  },
  '57P03': {
    code: ErrorCode.DatabaseBusy,
    message: 'The database is starting up or shutting down; try again shortly.',
    retryAfterSeconds: 5,
  },
};

/** node-postgres' pool gave up waiting for a free connection (`connectionTimeoutMillis`). */
const POOL_TIMEOUT =
  /^timeout exceeded when trying to connect$|^Connection terminated due to connection timeout$/;

const POOL_ANSWER = {
  code: ErrorCode.DatabaseBusy,
  message: 'The server is busy: no database connection came free in time; try again shortly.',
  retryAfterSeconds: 5,
};

/** The error and its causes (TypeORM wraps the driver's error, which may wrap another). */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const record = current as Record<string, unknown>;
    yield record;
    current = record.driverError ?? record.cause;
  }
}

/**
 * What the client gets for an error of the database that is not a bug: contention (deadlock,
 * serialization failure, lock timeout) is a 409 `TRANSACTION_CONFLICT`, overload (statement
 * timeout, no connection) a 503 `DATABASE_BUSY`, both with a `Retry-After`. Anything else:
 * undefined (the caller's own handling, a 500 for unknown errors).
 */
export function retryableDatabaseError(error: unknown): RetryableDatabaseError | undefined {
  if (error instanceof AppError) {
    return undefined;
  }
  for (const cause of causes(error)) {
    const answer =
      typeof cause.code === 'string' && Object.hasOwn(ANSWERS, cause.code)
        ? ANSWERS[cause.code]
        : typeof cause.message === 'string' && POOL_TIMEOUT.test(cause.message)
          ? POOL_ANSWER
          : undefined;
    if (answer) {
      return {
        error: new AppError(answer.code, answer.message),
        retryAfterSeconds: answer.retryAfterSeconds,
      };
    }
  }
  return undefined;
}

/** Errors worth running the whole transaction once more for: the other party has moved on. */
export function isTransactionRetryable(error: unknown): boolean {
  for (const cause of causes(error)) {
    if (cause.code === '40P01' || cause.code === '40001') {
      return true;
    }
  }
  return false;
}
