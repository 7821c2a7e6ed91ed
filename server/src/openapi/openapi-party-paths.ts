import { type DefinitionNames, schemaName } from './openapi-names';
import {
  errorResponse,
  IDEMPOTENCY_KEY_PARAMETER,
  jsonContent,
  ORGANIZATION_PARAMETER,
  parameter,
  RECORD_ID_PARAMETER,
  RECORDS_PATH,
  ref,
} from './openapi-record-paths';
import { SCHEMAS_REF } from './openapi-record-schemas';
import type { OpenApiDefinition, OpenApiObject } from './openapi.types';

/** How many records one batch writes at most (records/records-batch.service.ts). */
const MAX_BATCH_SIZE = 1000;

const KEY_PARAMETER: OpenApiObject = {
  name: 'key',
  in: 'query',
  required: false,
  description:
    'The unique property or composite key to find the record by; default: the first the body has a value of',
  schema: { type: 'string' },
};

const OUTCOME = { type: 'string', enum: ['created', 'updated'] };

const DUPLICATE = {
  type: 'object',
  required: ['id', 'score', 'rules'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    display_name: { type: ['string', 'null'] },
    score: { type: 'number', description: '1 for an exact key, else the title similarity' },
    rules: { type: 'array', items: { type: 'string' }, description: 'The rules that matched' },
  },
};

function record(names: DefinitionNames): OpenApiObject {
  return ref(`${SCHEMAS_REF}${schemaName(names, '')}`);
}

function upsertResult(names: DefinitionNames): OpenApiObject {
  return {
    type: 'object',
    required: ['outcome', 'record'],
    properties: { outcome: OUTCOME, record: record(names) },
  };
}

const WRITE_ERRORS = {
  400: errorResponse(400),
  404: errorResponse(404),
  409: errorResponse(409),
  default: errorResponse('default'),
};

/** Find-or-create, one record or a batch (README "People and companies"). */
function upsertPaths(
  definition: OpenApiDefinition,
  names: DefinitionNames,
): Record<string, OpenApiObject> {
  const { singular, plural } = definition.labels;
  const bodies = {
    type: 'array',
    items: ref(`${SCHEMAS_REF}${schemaName(names, 'Update')}`),
    minItems: 1,
    maxItems: MAX_BATCH_SIZE,
  };
  const base = `${RECORDS_PATH}/${definition.name}`;
  return {
    [`${base}/upsert`]: {
      parameters: [parameter(ORGANIZATION_PARAMETER)],
      post: {
        operationId: `upsert${names.singular}`,
        summary: `Find or create ${singular}`,
        description:
          'Finds the record by a key (a unique property or a composite key; emails compared case-insensitively) and updates it, or creates it. Multi-select values (roles) are added, never removed. Two concurrent upserts of one key make one record.',
        tags: [names.tag],
        parameters: [KEY_PARAMETER, parameter(IDEMPOTENCY_KEY_PARAMETER)],
        requestBody: {
          required: true,
          content: jsonContent(ref(`${SCHEMAS_REF}${schemaName(names, 'Update')}`)),
        },
        responses: {
          200: {
            description: `The ${singular} found and updated`,
            content: jsonContent(upsertResult(names)),
          },
          201: {
            description: `The ${singular} created`,
            content: jsonContent(upsertResult(names)),
          },
          ...WRITE_ERRORS,
        },
      },
    },
    [`${base}/upsert/batch`]: {
      parameters: [parameter(ORGANIZATION_PARAMETER)],
      post: {
        operationId: `upsert${names.plural}Batch`,
        summary: `Find or create many ${plural}`,
        description: `Up to ${MAX_BATCH_SIZE} find-or-creates in one transaction, all or nothing; errors by index (\`errors["3.email"]\`). Two records of the batch with one key value are refused.`,
        tags: [names.tag],
        parameters: [KEY_PARAMETER, parameter(IDEMPOTENCY_KEY_PARAMETER)],
        requestBody: {
          required: true,
          content: jsonContent({
            anyOf: [
              bodies,
              {
                type: 'object',
                required: ['records'],
                properties: { records: bodies, key: { type: 'string' } },
              },
            ],
          }),
        },
        responses: {
          200: {
            description: 'Per record, in the order of the request: created or updated',
            content: jsonContent({
              type: 'object',
              required: ['results'],
              properties: { results: { type: 'array', items: upsertResult(names) } },
            }),
          },
          ...WRITE_ERRORS,
        },
      },
    },
  };
}

/** Batch update and delete (beside the batch create), merge and duplicates. */
function batchAndMergePaths(
  definition: OpenApiDefinition,
  names: DefinitionNames,
): Record<string, OpenApiObject> {
  const { singular, plural } = definition.labels;
  const base = `${RECORDS_PATH}/${definition.name}`;
  const records = { type: 'array', items: record(names) };
  return {
    [`${base}/batch/update`]: {
      parameters: [parameter(ORGANIZATION_PARAMETER)],
      post: {
        operationId: `update${names.plural}Batch`,
        summary: `Update many ${plural}`,
        description: `Up to ${MAX_BATCH_SIZE} updates (each \`{ "id": …, …properties }\`, merged like PATCH) in one transaction, all or nothing; errors by index.`,
        tags: [names.tag],
        requestBody: {
          required: true,
          content: jsonContent({
            type: 'array',
            minItems: 1,
            maxItems: MAX_BATCH_SIZE,
            items: {
              allOf: [ref(`${SCHEMAS_REF}${schemaName(names, 'Update')}`)],
              required: ['id'],
            },
          }),
        },
        responses: {
          200: { description: `The updated ${plural}, in order`, content: jsonContent(records) },
          ...WRITE_ERRORS,
        },
      },
    },
    [`${base}/batch/delete`]: {
      parameters: [parameter(ORGANIZATION_PARAMETER)],
      post: {
        operationId: `delete${names.plural}Batch`,
        summary: `Delete many ${plural}`,
        description: `Up to ${MAX_BATCH_SIZE} ids in one transaction, all or nothing; errors by index.`,
        tags: [names.tag],
        requestBody: {
          required: true,
          content: jsonContent({
            type: 'object',
            required: ['ids'],
            properties: {
              ids: {
                type: 'array',
                minItems: 1,
                maxItems: MAX_BATCH_SIZE,
                items: { type: 'string', format: 'uuid' },
              },
            },
          }),
        },
        responses: {
          200: { description: `The deleted ${plural}, in order`, content: jsonContent(records) },
          ...WRITE_ERRORS,
        },
      },
    },
    [`${base}/{id}/merge`]: {
      parameters: [parameter(ORGANIZATION_PARAMETER), parameter(RECORD_ID_PARAMETER)],
      post: {
        operationId: `merge${names.singular}`,
        summary: `Merge another ${singular} into this one`,
        description:
          'In one transaction: this record (the survivor) keeps its values and takes the other’s where it has none (or as `choose` says per property), multi-selects are unioned, every link moves here (409 CARDINALITY_CONFLICT naming a link that cannot), and the other becomes a tombstone: reading its id answers this record with `Plinth-Merged-Into`.',
        tags: [names.tag],
        requestBody: {
          required: true,
          content: jsonContent({
            type: 'object',
            required: ['other_id'],
            properties: {
              other_id: { type: 'string', format: 'uuid' },
              choose: {
                type: 'object',
                additionalProperties: { type: 'string', enum: ['survivor', 'other'] },
              },
            },
          }),
        },
        responses: {
          200: { description: `The surviving ${singular}`, content: jsonContent(record(names)) },
          ...WRITE_ERRORS,
        },
      },
    },
    [`${base}/{id}/duplicates`]: {
      parameters: [parameter(ORGANIZATION_PARAMETER), parameter(RECORD_ID_PARAMETER)],
      get: {
        operationId: `list${names.singular}Duplicates`,
        summary: `Possible duplicates of a ${singular}`,
        tags: [names.tag],
        responses: {
          200: {
            description: 'Records that look the same, best first',
            content: jsonContent({ type: 'array', items: DUPLICATE }),
          },
          404: errorResponse(404),
          default: errorResponse('default'),
        },
      },
    },
    [`${base}/duplicates`]: {
      parameters: [parameter(ORGANIZATION_PARAMETER)],
      get: {
        operationId: `list${names.plural}DuplicatePairs`,
        summary: `Suspected duplicate ${plural}`,
        description:
          'Pairs of records the duplicate rules match, across the organization, best first.',
        tags: [names.tag],
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 500 },
          },
        ],
        responses: {
          200: {
            description: 'Pairs, best first',
            content: jsonContent({
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'other_id', 'score', 'rules'],
                properties: {
                  ...DUPLICATE.properties,
                  other_id: { type: 'string', format: 'uuid' },
                  other_display_name: { type: ['string', 'null'] },
                },
              },
            }),
          },
          404: errorResponse(404),
          default: errorResponse('default'),
        },
      },
    },
  };
}

/** The paths of README "People and companies" for one definition (every object has them). */
export function partyPaths(
  definition: OpenApiDefinition,
  names: DefinitionNames,
): Record<string, OpenApiObject> {
  return { ...upsertPaths(definition, names), ...batchAndMergePaths(definition, names) };
}
