import { HttpError } from 'react-admin';

/** A server refusal (400/409 `{status, code, message, errors?, details?}`), ready to show. */
export interface Refusal {
  message: string;
  code?: string;
  errors?: Record<string, string>;
}

interface ErrorBody {
  message?: unknown;
  code?: unknown;
  errors?: unknown;
}

export function refusalOf(error: unknown): Refusal {
  if (error instanceof HttpError) {
    const body = (error.body ?? {}) as ErrorBody;
    const message = typeof body.message === 'string' ? body.message : error.message;
    const errors =
      body.errors && typeof body.errors === 'object'
        ? (body.errors as Record<string, string>)
        : undefined;
    return {
      message:
        error.status === 404 && /^Cannot (POST|PATCH|DELETE)/.test(message)
          ? `The server cannot change the data model yet (${message}).`
          : message,
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(errors ? { errors } : {}),
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
