import { AppError } from './app-error';
import { isTransactionRetryable, retryableDatabaseError } from './database-errors';

/** Shaped like TypeORM's QueryFailedError: the driver's fields copied, the driver's error kept. */
function queryFailed(code: string): Error {
  const driverError = Object.assign(new Error('pg'), { code });
  return Object.assign(new Error('query failed'), { code, driverError });
}

describe(retryableDatabaseError.name, () => {
  it.each([
    ['40P01', 409, 'TRANSACTION_CONFLICT', 1],
    ['40001', 409, 'TRANSACTION_CONFLICT', 1],
    ['55P03', 409, 'TRANSACTION_CONFLICT', 2],
    ['57014', 503, 'DATABASE_BUSY', 5],
    ['53300', 503, 'DATABASE_BUSY', 5],
    ['57P03', 503, 'DATABASE_BUSY', 5],
  ])('answers SQLSTATE %s with %i %s, retry after %is', (code, status, errorCode, seconds) => {
    const answer = retryableDatabaseError(queryFailed(code));
    expect(answer?.error).toMatchObject({ status, code: errorCode });
    expect(answer?.retryAfterSeconds).toBe(seconds);
  });

  it('answers a pool that gave no connection in time with 503', () => {
    const answer = retryableDatabaseError(new Error('timeout exceeded when trying to connect'));
    expect(answer?.error).toMatchObject({ status: 503, code: 'DATABASE_BUSY' });
  });

  it('finds the code on a wrapped cause', () => {
    const wrapped = new Error('outer', { cause: queryFailed('40P01') });
    expect(retryableDatabaseError(wrapped)?.error.status).toBe(409);
  });

  it.each([
    ['a unique violation', queryFailed('23505')],
    ['a syntax error (a bug)', queryFailed('42601')],
    ['an application error', new AppError('BAD_REQUEST' as never, 'no')],
    ['a plain error', new Error('boom')],
    ['a code named like an object member', queryFailed('constructor')],
    ['not an error', 'text'],
  ])('leaves %s alone', (_, error) => {
    expect(retryableDatabaseError(error)).toBeUndefined();
  });
});

describe(isTransactionRetryable.name, () => {
  it.each([
    ['40P01', true],
    ['40001', true],
    ['55P03', false],
    ['23505', false],
  ])('retries SQLSTATE %s: %s', (code, expected) => {
    expect(isTransactionRetryable(queryFailed(code))).toBe(expected);
  });
});
