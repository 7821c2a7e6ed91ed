import type { FastifyInstance } from 'fastify';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { isNestedDeeperThan, MAX_JSON_DEPTH } from './json-depth';

/** The largest JSON body a request may send (a batch of 1,000 records fits). */
export const JSON_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * A JSON request body: any JSON value, `{}` when empty. Not JSON, or nested deeper than
 * MAX_JSON_DEPTH, is a 400 before any handler, and never quotes the body back to the caller.
 */
export function parseJsonBody(text: string): unknown {
  if (text === '') {
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.BadRequest, 'The request body is not valid JSON.');
  }
  if (isNestedDeeperThan(value)) {
    throw new AppError(
      ErrorCode.BadRequest,
      `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  return value;
}

/**
 * JSON bodies are parsed (up to JSON_BODY_LIMIT: larger is a 413). A body of any other type is
 * left unread: a JSON route then refuses the missing body in its validation, and a CSV upload
 * (csv-upload.ts) streams it itself.
 */
export function registerBodyParsers(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  instance.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}
