import { statePath } from 'src/cli/seed-records';
import { readSystemDefinitionFiles } from 'src/object-definitions/definition-files';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import type { Response, Test } from 'supertest';
import type { TestApp, TestOrganization } from './test-app';

/** A record as the API returns it: flat `{ id, …properties, created_at, updated_at }`. */
export type WireRecord = Record<string, unknown> & { id: string };

/** react-admin list parameters; a string is sent as it is (to send malformed JSON), anything else as JSON. */
export interface ListParams {
  sort?: unknown;
  range?: unknown;
  filter?: unknown;
  /** `exact`: count every match (sent as it is). */
  count?: string;
}

/**
 * Creates records one request after another, so `created_at` follows the order of `bodies`.
 * Returns them as the API answered.
 */
const SYSTEM_DEFINITIONS = new Map(
  readSystemDefinitionFiles().map(({ content }) => {
    const definition = content as ObjectDefinitionInput;
    return [definition.name, definition];
  }),
);

/** The bodies that bring a system object's record to the states it names (create, then moves). */
export function systemStatePath(
  object: string,
  body: Record<string, unknown>,
): Array<Record<string, unknown>> {
  const definition = SYSTEM_DEFINITIONS.get(object);
  return definition ? statePath(definition, body) : [{}];
}

export async function createRecords(
  testApp: TestApp,
  organization: TestOrganization,
  object: string,
  bodies: Array<Record<string, unknown>>,
): Promise<WireRecord[]> {
  const created: WireRecord[] = [];
  for (const body of bodies) {
    // A record in a later state is created in an initial one and moved there (README "Pipelines").
    const [first, ...moves] = systemStatePath(object, body);
    const response = await testApp
      .http()
      .post(`/api/objects/${object}`)
      .set(organization.headers)
      .send({ ...body, ...first });
    if (response.status !== 201) {
      throw new Error(
        `creating a ${object} failed (${response.status}): ${JSON.stringify(response.body)}`,
      );
    }
    let record = response.body as WireRecord;
    for (const move of moves) {
      const moved = await testApp
        .http()
        .patch(`/api/objects/${object}/${String(record.id)}`)
        .set(organization.headers)
        .send(move);
      if (moved.status !== 200) {
        throw new Error(
          `moving a ${object} failed (${moved.status}): ${JSON.stringify(moved.body)}`,
        );
      }
      record = moved.body as WireRecord;
    }
    created.push(record);
  }
  return created;
}

/** Encodes list parameters the way ra-data-simple-rest does: each one JSON. */
export function listQuery(params: ListParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      query[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return query;
}

/** `GET /api/objects/{object}` for the organization, with react-admin list parameters. */
export function listRecords(
  testApp: TestApp,
  organization: TestOrganization,
  object: string,
  params: ListParams = {},
): Test {
  return testApp
    .http()
    .get(`/api/objects/${object}`)
    .set(organization.headers)
    .query(listQuery(params));
}

/** The total react-admin reads: what follows the last `/` of Content-Range. */
export function totalOf(response: Response): number {
  const header = response.headers['content-range'];
  if (typeof header !== 'string') {
    throw new Error('the response has no Content-Range header');
  }
  return Number.parseInt(header.split('/').pop() ?? '', 10);
}

/** One property of each record of a list response, in the order the API gave them. */
export function pluck(response: Response, property: string): unknown[] {
  return (response.body as WireRecord[]).map((record) => record[property]);
}

/** The ids of records, sorted, to compare sets of records regardless of order. */
export function sortedIds(records: Array<{ id: string }>): string[] {
  return records.map((record) => record.id).sort();
}
