import { type ErrorCode } from './error-code';

/** Problem details (RFC 9457) say so in their media type; clients parse them as JSON. */
export const ERROR_CONTENT_TYPE = 'application/problem+json';

/** Every error `type` is this base plus the code in kebab case: stable, never fetched by clients. */
export const ERROR_TYPE_BASE = 'https://plinth.dev/errors/';

/**
 * The one error body of the API (docs/architecture.md), with RFC 9457's members beside Plinth's own:
 * `type` names the code as a URI, `title` summarizes it, `detail` repeats `message`, `instance`
 * is the request's path.
 */
export interface ErrorBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  message: string;
  detail: string;
  instance?: string;
  errors?: Record<string, string>;
  details?: Record<string, unknown>;
  request_id: string;
}

export function errorTypeOf(code: ErrorCode): string {
  return `${ERROR_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`;
}
