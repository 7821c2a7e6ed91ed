import { TOTAL_ESTIMATED_HEADER } from 'src/common/http/list-query';
import { associationOperationId, type DefinitionNames, schemaName } from './openapi-names';
import {
  errorResponse,
  jsonContent,
  listParameters,
  ORGANIZATION_PARAMETER,
  parameter,
  RECORD_ID_PARAMETER,
  RECORDS_PATH,
  ref,
  TO_ID_PARAMETER,
  TOTAL_ESTIMATED_HEADER_OBJECT,
} from './openapi-record-paths';
import { SCHEMAS_REF } from './openapi-record-schemas';
import type { OpenApiDefinition, OpenApiLink, OpenApiObject } from './openapi.types';

/** An object as the document names it: its definition and names. */
export interface NamedDefinition {
  definition: OpenApiDefinition;
  names: DefinitionNames;
}

function flagSchema(name: 'linked' | 'removed', description: string): OpenApiObject {
  return {
    type: 'object',
    additionalProperties: false,
    required: [name],
    properties: { [name]: { type: 'boolean', description } },
  };
}

/** `GET …/deal/{id}/associations/contacts`: the linked records, in the list dialect. */
function listOperation(
  self: NamedDefinition,
  other: NamedDefinition,
  link: OpenApiLink,
  taken: Set<string>,
): OpenApiObject {
  const { plural } = other.definition.labels;
  return {
    operationId: associationOperationId('list', self.names, link.name, taken),
    summary: `List the ${link.label} of a ${self.definition.labels.singular}`,
    description: `The ${plural} linked as "${link.name}", in the list dialect (sort, range, filter over the ${other.definition.name} properties). The total is in Content-Range.`,
    tags: [self.names.tag],
    parameters: listParameters(other.definition, other.names),
    responses: {
      200: {
        description: `The page of linked ${plural}`,
        headers: {
          'Content-Range': {
            description: `\`${link.name} <start>-<end>/<total>\`, or \`${link.name} */<total>\` for an empty page`,
            required: true,
            schema: { type: 'string', examples: [`${link.name} 0-24/3`] },
          },
          [TOTAL_ESTIMATED_HEADER]: TOTAL_ESTIMATED_HEADER_OBJECT,
        },
        content: jsonContent({
          type: 'array',
          items: ref(`${SCHEMAS_REF}${schemaName(other.names, '')}`),
        }),
      },
      400: errorResponse(400),
      404: errorResponse(404),
      default: errorResponse('default'),
    },
  };
}

/** `PUT|DELETE …/deal/{id}/associations/company/{toId}`: link and unlink two records. */
function linkPath(
  self: NamedDefinition,
  other: NamedDefinition,
  link: OpenApiLink,
  taken: Set<string>,
): OpenApiObject {
  const { singular } = self.definition.labels;
  const otherLabel = other.definition.labels.singular;
  return {
    parameters: [
      parameter(ORGANIZATION_PARAMETER),
      parameter(RECORD_ID_PARAMETER),
      parameter(TO_ID_PARAMETER),
    ],
    put: {
      operationId: associationOperationId('associate', self.names, link.name, taken),
      summary: `Link a ${otherLabel} to a ${singular} as ${link.label}`,
      description:
        'Idempotent. When the cardinality allows one linked record and there is another, 409 CARDINALITY_CONFLICT unless replace=true.',
      tags: [self.names.tag],
      parameters: [
        {
          name: 'replace',
          in: 'query',
          required: false,
          description: 'Replace the existing link when the cardinality allows only one',
          schema: { type: 'string', enum: ['true', 'false'] },
        },
      ],
      responses: {
        200: {
          description: 'Linked',
          content: jsonContent(flagSchema('linked', 'false when they were linked already')),
        },
        400: errorResponse(400),
        404: errorResponse(404),
        409: errorResponse(409),
        default: errorResponse('default'),
      },
    },
    delete: {
      operationId: associationOperationId('dissociate', self.names, link.name, taken),
      summary: `Unlink a ${otherLabel} from a ${singular} (${link.label})`,
      tags: [self.names.tag],
      responses: {
        200: {
          description: 'Unlinked',
          content: jsonContent(flagSchema('removed', 'false when they were not linked')),
        },
        404: errorResponse(404),
        default: errorResponse('default'),
      },
    },
  };
}

/**
 * The association paths of one object, per side: its linked records, and linking and unlinking
 * one. Sides whose other object is not in the document (archived) have none.
 */
export function associationPaths(
  self: NamedDefinition,
  objects: ReadonlyMap<string, NamedDefinition>,
  taken: Set<string>,
): Record<string, OpenApiObject> {
  const paths: Record<string, OpenApiObject> = {};
  for (const link of self.definition.links ?? []) {
    const other = objects.get(link.otherObject);
    if (!other) {
      continue;
    }
    const base = `${RECORDS_PATH}/${self.definition.name}/{id}/associations/${link.name}`;
    paths[base] = {
      parameters: [parameter(ORGANIZATION_PARAMETER), parameter(RECORD_ID_PARAMETER)],
      get: listOperation(self, other, link, taken),
    };
    paths[`${base}/{toId}`] = linkPath(self, other, link, taken);
  }
  return paths;
}
