import { randomUUID } from 'node:crypto';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import type { Response } from 'supertest';
import type { TestApp, TestOrganization } from './test-app';

/** A record body as sent on the wire. */
export type RecordBody = Record<string, unknown>;

/** An id no record has: a valid UUID, so lookups reach the database. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let sequence = 0;

/** A value unique within the run and across parallel workers. */
export function uniqueSuffix(): string {
  sequence += 1;
  return `${sequence}-${randomUUID().slice(0, 8)}`;
}

export function anEmail(): string {
  return `person-${uniqueSuffix()}@example.com`;
}

export function aDeal(overrides: RecordBody = {}): RecordBody {
  return { name: `Deal ${uniqueSuffix()}`, amount: '1250.50', ...overrides };
}

export function aPerson(overrides: RecordBody = {}): RecordBody {
  return { first_name: 'Ann', last_name: 'Lee', email: anEmail(), ...overrides };
}

export function anInvoice(overrides: RecordBody = {}): RecordBody {
  return { number: `INV-${uniqueSuffix()}`, total: '100.00', ...overrides };
}

/** Creates a record through the API; fails the test unless it answers 201. */
export async function createRecord(
  testApp: TestApp,
  organization: TestOrganization,
  object: string,
  body: RecordBody,
): Promise<RecordBody & { id: string }> {
  const response = await testApp
    .http()
    .post(`/api/objects/${object}`)
    .set(organization.headers)
    .send(body);
  if (response.status !== 201) {
    throw new Error(
      `creating a ${object} answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body as RecordBody & { id: string };
}

/** The records of one object an organization holds, counted in the database itself. */
export async function countStoredRecords(
  testApp: TestApp,
  organization: TestOrganization,
  object: string,
): Promise<number> {
  const rows: Array<{ total: number }> = await testApp.dataSource.query(
    `SELECT count(*)::int AS total FROM record r
       JOIN object_definition d ON d.id = r.object_definition_id
      WHERE r.organization_id = $1 AND d.name = $2`,
    [organization.id, object],
  );
  return rows[0]?.total ?? 0;
}

/** The stored row of a record, with the fields the wire does not show. */
export async function storedRecord(
  testApp: TestApp,
  id: string,
): Promise<{ properties: RecordBody; version: number; updated_after_create: boolean } | undefined> {
  const rows: Array<{ properties: RecordBody; version: number; updated_after_create: boolean }> =
    await testApp.dataSource.query(
      `SELECT properties, version, updated_at > created_at AS updated_after_create
         FROM record WHERE id = $1`,
      [id],
    );
  return rows[0];
}

/** The error body with its per-request parts replaced by matchers, ready for a snapshot. */
export function errorBodyMatcher(response: Response): Record<string, unknown> {
  const body = response.body as { details?: Record<string, unknown> };
  return {
    request_id: expect.any(String),
    // The path holds generated ids; its shape is covered in http-errors.
    instance: expect.any(String),
    ...(body.details?.existing_id !== undefined
      ? { details: { existing_id: expect.any(String) } }
      : {}),
  };
}

/** Creates a custom object in one organization through the data-model API. */
export async function registerCustomObject(
  testApp: TestApp,
  organization: TestOrganization,
  definition: ObjectDefinitionInput,
): Promise<void> {
  const response = await testApp
    .http()
    .post('/api/object-definitions')
    .set(organization.headers)
    .send(definition);
  if (response.status !== 201) {
    throw new Error(
      `creating ${definition.name} answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
}

/** RFC 9457's members of the error body, for tests that compare whole error bodies. */
export const PROBLEM_MEMBERS = {
  type: expect.stringMatching(/^https:\/\/plinth\.dev\/errors\/[a-z-]+$/),
  title: expect.any(String),
  detail: expect.any(String),
  instance: expect.stringMatching(/^\/api\//),
};
