import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

/** A file sent as the request body: the stream, and the length the request declares. */
export interface BodyUpload {
  stream: Readable;
  declaredLength: number | undefined;
}

/** The request body as a CSV upload (never parsed as JSON): 400 for another content type. */
export function csvUpload(request: FastifyRequest): BodyUpload {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!CSV_TYPES.includes(type)) {
    throw new AppError(
      ErrorCode.BadRequest,
      'Send the CSV file itself as the body, with Content-Type: text/csv',
      { file: 'must be sent as text/csv' },
    );
  }
  const length = Number(request.headers['content-length']);
  return { stream: request.raw, declaredLength: Number.isFinite(length) ? length : undefined };
}
