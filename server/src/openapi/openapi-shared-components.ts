import { ERROR_CONTENT_TYPE, errorTypeOf } from 'src/common/errors/error-body';
import { ErrorCode, titleOf } from 'src/common/errors/error-code';
import { DEFAULT_PAGE_SIZE, EXACT_COUNT_LIMIT, MAX_PAGE_SIZE } from 'src/common/http/list-query';
import { IDEMPOTENCY_KEY_HOURS } from 'src/idempotency/idempotency.service';
import type { JsonSchema } from 'src/object-definitions/definition.types';
import {
  COUNT_PARAMETER,
  ERROR_RESPONSES,
  IDEMPOTENCY_KEY_PARAMETER,
  IF_MATCH_PARAMETER,
  jsonQueryParameter,
  ORGANIZATION_PARAMETER,
  RANGE_PARAMETER,
  RECORD_ID_PARAMETER,
  TO_ID_PARAMETER,
} from './openapi-record-paths';
import type { OpenApiObject } from './openapi.types';

export const ERROR_BODY_SCHEMA = 'ErrorBody';

/** The one error body of the API (docs/architecture.md, common/errors/error-body.ts). */
const errorBody: JsonSchema = {
  title: 'ErrorBody',
  description:
    "Every error has this shape (RFC 9457 problem details plus Plinth's members); `message` is for people, `errors` names each failing field.",
  type: 'object',
  additionalProperties: false,
  required: ['type', 'title', 'status', 'code', 'message', 'detail', 'request_id'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      description: 'The code as a stable URI (an identifier, not a page to fetch)',
      examples: [errorTypeOf(ErrorCode.ValidationFailed)],
    },
    title: {
      type: 'string',
      description: 'A short summary of the code',
      examples: [titleOf(ErrorCode.ValidationFailed)],
    },
    status: { type: 'integer', minimum: 400, maximum: 599, examples: [400] },
    code: {
      type: 'string',
      enum: Object.values(ErrorCode),
      examples: [ErrorCode.ValidationFailed],
    },
    message: {
      type: 'string',
      examples: ['deal is invalid: amount must have at most 2 decimal places'],
    },
    detail: { type: 'string', description: 'The same text as `message`' },
    instance: { type: 'string', description: 'The path of the request that failed' },
    errors: {
      type: 'object',
      description: 'Per-field messages, keyed like the request body (input problems only)',
      additionalProperties: { type: 'string' },
      examples: [{ amount: 'must have at most 2 decimal places' }],
    },
    details: {
      type: 'object',
      description: 'More about the conflict, e.g. `existing_id` of a unique value’s holder',
    },
    request_id: { type: 'string', description: 'Also in the X-Request-Id header' },
  },
};

function errorResponse(description: string): OpenApiObject {
  return {
    description,
    content: {
      [ERROR_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${ERROR_BODY_SCHEMA}` } },
    },
  };
}

/** Components every record path refers to: the error body, its responses and two parameters. */
export function sharedComponents(): {
  schemas: Record<string, JsonSchema>;
  responses: Record<string, OpenApiObject>;
  parameters: Record<string, OpenApiObject>;
} {
  return {
    schemas: { [ERROR_BODY_SCHEMA]: errorBody },
    responses: {
      [ERROR_RESPONSES[400]]: errorResponse(
        'BAD_REQUEST (malformed JSON, bad sort, range or filter) or VALIDATION_FAILED (invalid or unknown properties)',
      ),
      [ERROR_RESPONSES[401]]: errorResponse(
        'UNAUTHENTICATED: no credential, or a malformed, unknown, revoked or expired one (WWW-Authenticate: Bearer)',
      ),
      [ERROR_RESPONSES[403]]: errorResponse(
        'FORBIDDEN: the role may not do this in its organization; CSRF_REQUIRED: a signed-in browser’s change without X-Requested-With',
      ),
      [ERROR_RESPONSES[404]]: errorResponse(
        'DEFINITION_NOT_FOUND, RECORD_NOT_FOUND, ASSOCIATION_NOT_FOUND or ORGANIZATION_NOT_FOUND (also for another organization’s)',
      ),
      [ERROR_RESPONSES[409]]: errorResponse(
        'UNIQUE_VIOLATION: a unique property’s value is taken (`details.existing_id` names the holder); CARDINALITY_CONFLICT: a link the association’s cardinality does not allow; DUPLICATE: a `block` duplicate rule matched (`details.duplicates` names the records); MERGE_REFUSED: a merge across objects, into itself or of a merged record; TRANSITION_NOT_ALLOWED: a status change (or a new record’s status) its state machine (`x-transitions`, `x-pipelines` on the property) does not allow, `details` naming the `property`, `pipeline`, `current` and `requested` states and the `allowed` next ones',
      ),
      [ERROR_RESPONSES[412]]: errorResponse(
        'PRECONDITION_FAILED: If-Match names another version than the record’s (someone changed it meanwhile); `details.current_version` is its version now',
      ),
      [ERROR_RESPONSES.default]: errorResponse(
        'Any other error, e.g. 413 PAYLOAD_TOO_LARGE or 500 INTERNAL_ERROR (logged with the request id)',
      ),
    },
    parameters: {
      [ORGANIZATION_PARAMETER]: {
        name: 'X-Organization-Id',
        in: 'header',
        required: false,
        description:
          'Organization id or slug, for a member of several; an API key’s is its own (another → 404)',
        schema: { type: 'string' },
      },
      [RANGE_PARAMETER]: jsonQueryParameter(
        'range',
        `JSON [start, end], inclusive: [0,24] is the first ${DEFAULT_PAGE_SIZE} (the default); at most ${MAX_PAGE_SIZE} per page`,
        {
          type: 'array',
          prefixItems: [
            { type: 'integer', minimum: 0 },
            { type: 'integer', minimum: 0 },
          ],
          minItems: 2,
          maxItems: 2,
          examples: [[0, 24]],
        },
      ),
      [COUNT_PARAMETER]: {
        name: 'count',
        in: 'query',
        required: false,
        description: `\`exact\`: count every match. Without it, lists count up to ${EXACT_COUNT_LIMIT.toLocaleString('en')} matches and answer PostgreSQL's estimate beyond (X-Total-Estimated: true), so a page never costs a scan of every match`,
        schema: { type: 'string', enum: ['exact'] },
      },
      [IF_MATCH_PARAMETER]: {
        name: 'If-Match',
        in: 'header',
        required: false,
        description:
          'The ETag of the version the change is meant for (`"3"`), a list of them, or `*` (the record exists). Another version answers 412 PRECONDITION_FAILED and writes nothing; a malformed value answers 400. Without it, the last writer wins.',
        schema: { type: 'string', examples: ['"3"', '*'] },
      },
      [IDEMPOTENCY_KEY_PARAMETER]: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: `A key of the client's choosing (1 to 255 visible ASCII characters, e.g. a UUID) kept ${IDEMPOTENCY_KEY_HOURS} hours: a retry with the same key and body gets the first answer (with \`Idempotent-Replayed: true\`) instead of writing again; the same key with another request answers 422 IDEMPOTENCY_KEY_REUSED, and 409 IDEMPOTENCY_KEY_IN_FLIGHT while the first is still being answered`,
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
      },
      [RECORD_ID_PARAMETER]: {
        name: 'id',
        in: 'path',
        required: true,
        description: 'The record id (a UUID; anything else answers 404)',
        schema: { type: 'string' },
      },
      [TO_ID_PARAMETER]: {
        name: 'toId',
        in: 'path',
        required: true,
        description: 'The id of the record on the other end of the association',
        schema: { type: 'string' },
      },
    },
  };
}
