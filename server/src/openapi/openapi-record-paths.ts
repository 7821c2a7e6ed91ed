import { EXACT_COUNT_LIMIT, TOTAL_ESTIMATED_HEADER } from 'src/common/http/list-query';
import { type DefinitionNames, operationId, schemaName } from './openapi-names';
import { SCHEMAS_REF, sortFields } from './openapi-record-schemas';
import type { OpenApiDefinition, OpenApiObject } from './openapi.types';

/** Where the record API lives (RecordsController, under the /api prefix). */
export const RECORDS_PATH = '/api/objects';

export const ORGANIZATION_PARAMETER = 'OrganizationId';
export const RECORD_ID_PARAMETER = 'RecordId';
export const TO_ID_PARAMETER = 'AssociatedRecordId';
/** How many records one batch creates at most (records/records-batch.service.ts). */
const MAX_BATCH_SIZE = 1000;
export const RANGE_PARAMETER = 'Range';
export const COUNT_PARAMETER = 'Count';
export const IF_MATCH_PARAMETER = 'IfMatch';
export const IDEMPOTENCY_KEY_PARAMETER = 'IdempotencyKey';
export const ERROR_RESPONSES = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  default: 'UnexpectedError',
} as const;

export const ref = (pointer: string): OpenApiObject => ({ $ref: pointer });
export const parameter = (name: string): OpenApiObject => ref(`#/components/parameters/${name}`);
export const errorResponse = (status: keyof typeof ERROR_RESPONSES): OpenApiObject =>
  ref(`#/components/responses/${ERROR_RESPONSES[status]}`);

export function jsonContent(schema: OpenApiObject): OpenApiObject {
  return { 'application/json': { schema } };
}

function recordResponse(names: DefinitionNames, description: string): OpenApiObject {
  return { description, content: jsonContent(ref(`${SCHEMAS_REF}${schemaName(names, '')}`)) };
}

/** The record's version as a strong entity tag; send it back in If-Match. */
const ETAG_HEADER: OpenApiObject = {
  description:
    'The record’s version as a strong entity tag; send it in If-Match to update or delete only that version',
  required: true,
  schema: { type: 'string', pattern: '^"[0-9]+"$', examples: ['"3"'] },
};

/** One record with its ETag header (get, create, update). */
function taggedRecordResponse(names: DefinitionNames, description: string): OpenApiObject {
  return { ...recordResponse(names, description), headers: { ETag: ETAG_HEADER } };
}

function requestBody(names: DefinitionNames, suffix: 'Create' | 'Update'): OpenApiObject {
  return {
    required: true,
    content: jsonContent(ref(`${SCHEMAS_REF}${schemaName(names, suffix)}`)),
  };
}

/** A query parameter holding one JSON value (react-admin's list parameters). */
export function jsonQueryParameter(
  name: string,
  description: string,
  schema: OpenApiObject,
): OpenApiObject {
  return { name, in: 'query', required: false, description, content: jsonContent(schema) };
}

/** `sort`, `range` and `filter`, each one JSON value; `range` is the same for every object. */
export function listParameters(
  definition: OpenApiDefinition,
  names: DefinitionNames,
): OpenApiObject[] {
  return [
    jsonQueryParameter('sort', 'JSON ["field","ASC"|"DESC"]; newest first when absent', {
      type: 'array',
      prefixItems: [{ enum: sortFields(definition) }, { enum: ['ASC', 'DESC'] }],
      minItems: 2,
      maxItems: 2,
      examples: [['created_at', 'DESC']],
    }),
    parameter(RANGE_PARAMETER),
    parameter(COUNT_PARAMETER),
    jsonQueryParameter(
      'filter',
      'JSON object of conditions; see the schema for the operators',
      ref(`${SCHEMAS_REF}${schemaName(names, 'Filter')}`),
    ),
  ];
}

/** Lists say whether the total in Content-Range was counted or estimated. */
export const TOTAL_ESTIMATED_HEADER_OBJECT: OpenApiObject = {
  description: `\`true\` when the total in Content-Range is PostgreSQL's estimate: more than ${EXACT_COUNT_LIMIT.toLocaleString('en')} records match and \`count=exact\` was not asked for`,
  required: true,
  schema: { type: 'string', enum: ['true', 'false'] },
};

function listOperation(definition: OpenApiDefinition, names: DefinitionNames): OpenApiObject {
  const { plural } = definition.labels;
  return {
    operationId: operationId('list', names),
    summary: `List ${plural}`,
    description: `A page of ${plural}, in react-admin's simple REST dialect. The total is in the Content-Range header.`,
    tags: [names.tag],
    parameters: listParameters(definition, names),
    responses: {
      200: {
        description: `The page of ${plural}`,
        headers: {
          'Content-Range': {
            description: `\`${definition.name} <start>-<end>/<total>\`, or \`${definition.name} */<total>\` for an empty page`,
            required: true,
            schema: { type: 'string', examples: [`${definition.name} 0-24/319`] },
          },
          [TOTAL_ESTIMATED_HEADER]: TOTAL_ESTIMATED_HEADER_OBJECT,
        },
        content: jsonContent({
          type: 'array',
          items: ref(`${SCHEMAS_REF}${schemaName(names, '')}`),
        }),
      },
      400: errorResponse(400),
      404: errorResponse(404),
      default: errorResponse('default'),
    },
  };
}

/** The collection path of one definition: list and create. */
function collectionPath(definition: OpenApiDefinition, names: DefinitionNames): OpenApiObject {
  const { singular } = definition.labels;
  return {
    parameters: [parameter(ORGANIZATION_PARAMETER)],
    get: listOperation(definition, names),
    post: {
      operationId: operationId('create', names),
      summary: `Create ${singular}`,
      description: 'Defaults apply to properties left out; null counts as left out.',
      tags: [names.tag],
      parameters: [parameter(IDEMPOTENCY_KEY_PARAMETER)],
      requestBody: requestBody(names, 'Create'),
      responses: {
        201: taggedRecordResponse(names, `The new ${singular}`),
        400: errorResponse(400),
        404: errorResponse(404),
        409: errorResponse(409),
        default: errorResponse('default'),
      },
    },
  };
}

/** The item path of one definition: get, replace (PUT), update (PATCH), delete. */
function itemPath(definition: OpenApiDefinition, names: DefinitionNames): OpenApiObject {
  const { singular } = definition.labels;
  const common = { tags: [names.tag] };
  const write = (verb: 'replace' | 'update', method: string): OpenApiObject => ({
    ...common,
    operationId: operationId(verb, names),
    summary: `Update ${singular} (${method})`,
    description:
      'Merges the given properties into the record (PUT and PATCH alike, as react-admin sends PUT); null removes a property; read-only fields are ignored. With If-Match, only the named version is changed (412 otherwise); without it, the last writer wins.',
    parameters: [parameter(IF_MATCH_PARAMETER)],
    requestBody: requestBody(names, 'Update'),
    responses: {
      200: taggedRecordResponse(names, `The updated ${singular}`),
      400: errorResponse(400),
      404: errorResponse(404),
      409: errorResponse(409),
      412: errorResponse(412),
      default: errorResponse('default'),
    },
  });
  return {
    parameters: [parameter(ORGANIZATION_PARAMETER), parameter(RECORD_ID_PARAMETER)],
    get: {
      ...common,
      operationId: operationId('get', names),
      summary: `Get ${singular}`,
      parameters: [
        {
          name: 'archived',
          in: 'query',
          required: false,
          description: 'true: read the record in the recycle bin (a deleted one), not a live one',
          schema: { type: 'boolean', default: false },
        },
      ],
      responses: {
        200: taggedRecordResponse(names, `The ${singular}`),
        404: errorResponse(404),
        default: errorResponse('default'),
      },
    },
    put: write('replace', 'PUT'),
    patch: write('update', 'PATCH'),
    delete: {
      ...common,
      operationId: operationId('delete', names),
      summary: `Delete ${singular}`,
      description: `Moves the ${singular} to the recycle bin: it leaves gets, lists, searches and links, its unique values stay reserved, and \`POST …/{id}/restore\` brings it back with its links until the retention purge (PLINTH_RECYCLE_BIN_DAYS, default 90) removes it. \`permanent=true\` purges it at once, live or deleted, with its links and unique values (a role that manages the data model only: 403 otherwise). Answers 200 with the deleted record (react-admin needs it). With If-Match, only the named version is deleted (412 otherwise).`,
      parameters: [
        parameter(IF_MATCH_PARAMETER),
        {
          name: 'permanent',
          in: 'query',
          required: false,
          description: 'true: purge for good instead of moving to the recycle bin',
          schema: { type: 'boolean', default: false },
        },
      ],
      responses: {
        200: recordResponse(names, `The deleted ${singular}`),
        400: errorResponse(400),
        403: errorResponse(403),
        404: errorResponse(404),
        412: errorResponse(412),
        default: errorResponse('default'),
      },
    },
  };
}

/** `POST /api/objects/deal/{id}/restore`: out of the recycle bin. */
function restorePath(definition: OpenApiDefinition, names: DefinitionNames): OpenApiObject {
  const { singular } = definition.labels;
  return {
    parameters: [parameter(ORGANIZATION_PARAMETER), parameter(RECORD_ID_PARAMETER)],
    post: {
      operationId: operationId('restore', names),
      summary: `Restore ${singular}`,
      description: `Brings a deleted ${singular} back from the recycle bin, with its values and its links (a link whose other record was purged is gone). Needs the role's delete scope on the record, as deleting did. 404 when the recycle bin holds no such record.`,
      tags: [names.tag],
      parameters: [parameter(IF_MATCH_PARAMETER)],
      responses: {
        200: taggedRecordResponse(names, `The restored ${singular}`),
        400: errorResponse(400),
        403: errorResponse(403),
        404: errorResponse(404),
        412: errorResponse(412),
        default: errorResponse('default'),
      },
    },
  };
}

/** `POST /api/objects/deal/batch`: many records in one transaction, all or nothing. */
function batchPath(definition: OpenApiDefinition, names: DefinitionNames): OpenApiObject {
  const { plural } = definition.labels;
  const bodies = {
    type: 'array',
    items: ref(`${SCHEMAS_REF}${schemaName(names, 'Create')}`),
    minItems: 1,
    maxItems: MAX_BATCH_SIZE,
  };
  return {
    parameters: [parameter(ORGANIZATION_PARAMETER)],
    post: {
      operationId: operationId('createBatch', names),
      summary: `Create many ${plural}`,
      description: `Up to ${MAX_BATCH_SIZE} records in one transaction: all are created or none. Errors name each record by its index (\`errors["3.name"]\`).`,
      tags: [names.tag],
      parameters: [parameter(IDEMPOTENCY_KEY_PARAMETER)],
      requestBody: {
        required: true,
        content: jsonContent({
          anyOf: [
            bodies,
            {
              type: 'object',
              additionalProperties: false,
              required: ['records'],
              properties: { records: bodies },
            },
          ],
        }),
      },
      responses: {
        201: {
          description: `The new ${plural}, in the order of the request`,
          content: jsonContent({
            type: 'array',
            items: ref(`${SCHEMAS_REF}${schemaName(names, '')}`),
          }),
        },
        400: errorResponse(400),
        404: errorResponse(404),
        409: errorResponse(409),
        default: errorResponse('default'),
      },
    },
  };
}

/** `POST /api/objects/deal/search`: filter groups, sorts, full text, keyset pages. */
function searchPath(definition: OpenApiDefinition, names: DefinitionNames): OpenApiObject {
  const { plural } = definition.labels;
  return {
    parameters: [parameter(ORGANIZATION_PARAMETER)],
    post: {
      operationId: operationId('search', names),
      summary: `Search ${plural}`,
      description:
        'Any of the filter groups (each an AND of its filters), several sorts, full text, chosen properties. Pages follow `paging.next.after` (a cursor) as deep as they go.',
      tags: [names.tag],
      requestBody: {
        required: true,
        content: jsonContent(ref(`${SCHEMAS_REF}${schemaName(names, 'SearchRequest')}`)),
      },
      responses: {
        200: {
          description: `A page of ${plural}`,
          content: jsonContent(ref(`${SCHEMAS_REF}${schemaName(names, 'SearchResponse')}`)),
        },
        400: errorResponse(400),
        404: errorResponse(404),
        default: errorResponse('default'),
      },
    },
  };
}

/** `GET /api/objects/deal/export.csv`: every match of a list, as CSV, streamed. */
function exportPath(definition: OpenApiDefinition, names: DefinitionNames): OpenApiObject {
  const { plural } = definition.labels;
  const [sort, , , filter] = listParameters(definition, names);
  return {
    parameters: [parameter(ORGANIZATION_PARAMETER)],
    get: {
      operationId: operationId('export', names),
      summary: `Export ${plural} as CSV`,
      description:
        'Every record the list with the same `filter` and `sort` shows (no page: `range` is ignored), streamed as CSV: a header row of field names (`id`, the properties, reference fields, `owner_id`, `created_by`, `updated_by`, `created_at`, `updated_at`), multi-select values joined with `;`, JSON values as JSON text. Hidden properties are absent and a read scope `own` exports the caller’s records only. The file imports back (`POST /api/imports`).',
      tags: [names.tag],
      parameters: [sort, filter],
      responses: {
        200: {
          description: `The ${plural}, one CSV row each`,
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        400: errorResponse(400),
        403: errorResponse(403),
        404: errorResponse(404),
        default: errorResponse('default'),
      },
    },
  };
}

/** The record paths of one definition: `/api/objects/deal`, `…/deal/{id}`, `…/batch`, `…/search`. */
export function recordPaths(
  definition: OpenApiDefinition,
  names: DefinitionNames,
): Record<string, OpenApiObject> {
  return {
    [`${RECORDS_PATH}/${definition.name}`]: collectionPath(definition, names),
    [`${RECORDS_PATH}/${definition.name}/{id}`]: itemPath(definition, names),
    [`${RECORDS_PATH}/${definition.name}/batch`]: batchPath(definition, names),
    [`${RECORDS_PATH}/${definition.name}/search`]: searchPath(definition, names),
    [`${RECORDS_PATH}/${definition.name}/export.csv`]: exportPath(definition, names),
    [`${RECORDS_PATH}/${definition.name}/{id}/restore`]: restorePath(definition, names),
  };
}
