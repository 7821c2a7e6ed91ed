import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { RecordRow } from './records.repository';

/**
 * A record on the wire: flat `{ id, …properties, owner_id, created_by, updated_by, created_at,
 * updated_at }` (the owner and actors: record-actors.ts); a record of the recycle bin also has
 * `archived_at` and `archived_by`.
 */
export type RecordResponse = Record<string, unknown> & {
  id: string;
  owner_id: string | null;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
};

/**
 * Maps a stored record to its wire shape. A property the record lacks but whose definition has a
 * default reads as that default (a required property added later to an existing object).
 */
export function toRecordResponse(definition: CompiledDefinition, row: RecordRow): RecordResponse {
  // Built in place, in the order the wire shows: no intermediate object and no spreads (this ran
  // for 8% of a get's server time with them).
  const response: Record<string, unknown> = { id: row.id };
  const stored = row.properties;
  for (const property of definition.properties) {
    const value = Object.hasOwn(stored, property.name) ? stored[property.name] : undefined;
    if (value !== undefined) {
      response[property.name] = value;
    } else if (property.required && property.default !== undefined) {
      response[property.name] = property.default;
    }
  }
  response.owner_id = row.owner_id;
  response.created_by = row.created_by;
  response.updated_by = row.updated_by;
  response.created_at = row.created_at.toISOString();
  response.updated_at = row.updated_at.toISOString();
  // Only records of the recycle bin carry these (who deleted it, when).
  if (row.archived_at) {
    response.archived_at = row.archived_at.toISOString();
    response.archived_by = row.archived_by;
  }
  return response as RecordResponse;
}
