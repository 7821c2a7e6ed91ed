import type { ErrorCode } from './error-code';

/** The one error body of the API (STYLE.md §7). */
export interface ErrorBody {
  status: number;
  code: ErrorCode;
  message: string;
  errors?: Record<string, string>;
  details?: Record<string, unknown>;
  request_id: string;
}
