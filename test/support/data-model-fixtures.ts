import type { Response, Test } from 'supertest';
import type { WireRecord } from './list-fixtures';
import type { TestApp, TestOrganization } from './test-app';

/** A property or object definition as sent to the data-model API. */
export type DefinitionBody = Record<string, unknown>;

/** The properties of the custom object most data-model tests change. */
export const SHIPMENT_PROPERTIES: DefinitionBody[] = [
  { name: 'tracking_number', type: 'text', label: 'Tracking number' },
  { name: 'weight_kg', type: 'number', label: 'Weight (kg)' },
  { name: 'pieces', type: 'integer', label: 'Pieces' },
  {
    name: 'carrier',
    type: 'enumeration',
    label: 'Carrier',
    options: [
      { value: 'dhl', label: 'DHL' },
      { value: 'ups', label: 'UPS' },
      { value: 'fedex', label: 'FedEx' },
    ],
  },
  { name: 'reference', type: 'text', label: 'Reference' },
];

let objectSequence = 0;

/** A custom object definition with a name no other test of the run uses. */
export function aShipmentDefinition(overrides: DefinitionBody = {}): DefinitionBody & {
  name: string;
} {
  objectSequence += 1;
  return {
    name: `shipment_${objectSequence}`,
    labels: { singular: 'Shipment', plural: 'Shipments' },
    primary_display_property: 'tracking_number',
    properties: SHIPMENT_PROPERTIES,
    ...overrides,
  };
}

/** The data-model and record APIs as one organization sees them. */
export class DataModelClient {
  constructor(
    private readonly testApp: TestApp,
    readonly organization: TestOrganization,
  ) {}

  private send(method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string): Test {
    return this.testApp.http()[method](`/api${path}`).set(this.organization.headers);
  }

  private definitionPath(name: string, rest = ''): string {
    return `/object-definitions/${name}${rest}`;
  }

  createObject(body: unknown): Test {
    return this.send('post', '/object-definitions').send(body as object);
  }

  getObject(name: string): Test {
    return this.send('get', this.definitionPath(name));
  }

  listObjects(filter: Record<string, unknown> = {}): Test {
    return this.send('get', '/object-definitions').query({ filter: JSON.stringify(filter) });
  }

  patchObject(name: string, body: unknown): Test {
    return this.send('patch', this.definitionPath(name)).send(body as object);
  }

  archiveObject(name: string): Test {
    return this.send('delete', this.definitionPath(name));
  }

  restoreObject(name: string): Test {
    return this.send('post', this.definitionPath(name, '/restore'));
  }

  purgeObject(name: string): Test {
    return this.send('post', this.definitionPath(name, '/purge'));
  }

  versions(name: string): Test {
    return this.send('get', this.definitionPath(name, '/versions'));
  }

  listProperties(name: string): Test {
    return this.send('get', this.definitionPath(name, '/properties'));
  }

  addProperty(name: string, body: unknown, isDryRun = false): Test {
    return this.send('post', this.definitionPath(name, '/properties'))
      .query(isDryRun ? { dry_run: 'true' } : {})
      .send(body as object);
  }

  patchProperty(name: string, property: string, body: unknown, isDryRun = false): Test {
    return this.send('patch', this.definitionPath(name, `/properties/${property}`))
      .query(isDryRun ? { dry_run: 'true' } : {})
      .send(body as object);
  }

  deleteProperty(name: string, property: string): Test {
    return this.send('delete', this.definitionPath(name, `/properties/${property}`));
  }

  restoreProperty(name: string, property: string): Test {
    return this.send('post', this.definitionPath(name, `/properties/${property}/restore`));
  }

  purgeProperty(name: string, property: string): Test {
    return this.send('post', this.definitionPath(name, `/properties/${property}/purge`));
  }

  createRecord(object: string, body: Record<string, unknown>): Test {
    return this.send('post', `/objects/${object}`).send(body);
  }

  getRecord(object: string, id: string): Test {
    return this.send('get', `/objects/${object}/${id}`);
  }

  patchRecord(object: string, id: string, body: Record<string, unknown>): Test {
    return this.send('patch', `/objects/${object}/${id}`).send(body);
  }

  listRecords(object: string, filter: Record<string, unknown> = {}): Test {
    return this.send('get', `/objects/${object}`).query({ filter: JSON.stringify(filter) });
  }

  /** Creates a shipment-like custom object; fails the test unless it answers 201. */
  async newObject(overrides: DefinitionBody = {}): Promise<string> {
    const definition = aShipmentDefinition(overrides);
    await this.createObject(definition).expect(201);
    return definition.name;
  }

  /** Creates records one after another; fails the test unless each answers 201. */
  async newRecords(object: string, bodies: Array<Record<string, unknown>>): Promise<WireRecord[]> {
    const created: WireRecord[] = [];
    for (const body of bodies) {
      const response = await this.createRecord(object, body);
      if (response.status !== 201) {
        throw new Error(`creating a ${object} answered ${response.status}: ${response.text}`);
      }
      created.push(response.body as WireRecord);
    }
    return created;
  }

  /** The definition's current version, read through the API. */
  async versionOf(name: string): Promise<number> {
    return ((await this.getObject(name).expect(200)).body as { version: number }).version;
  }

  /** The stored properties of a record, read from the database (values the API hides included). */
  async storedProperties(id: string): Promise<Record<string, unknown> | undefined> {
    const rows: Array<{ properties: Record<string, unknown> }> =
      await this.testApp.dataSource.query('SELECT properties FROM record WHERE id = $1', [id]);
    return rows[0]?.properties;
  }
}

export interface ExpectedError {
  status: number;
  code: string;
  message: unknown;
  errors?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/**
 * The whole error body of docs/architecture.md: nothing missing, nothing extra. Sample ids of violations
 * are compared sorted: which few records are named, not their order, is the contract.
 */
export function expectError(response: Response, expected: ExpectedError): void {
  const body = response.body as { details?: { sample_ids?: string[] } };
  body.details?.sample_ids?.sort();
  expect({ status: response.status, body }).toEqual({
    status: expected.status,
    body: {
      ...expected,
      type: `https://plinth.dev/errors/${expected.code.toLowerCase().replace(/_/g, '-')}`,
      title: expect.any(String),
      detail: expected.message,
      instance: expect.stringMatching(/^\/api\//),
      request_id: response.headers['x-request-id'],
    },
  });
}

/** The ids of records, sorted (violation samples are listed in id order). */
export function idsOf(records: Array<{ id: string }>): string[] {
  return records.map((record) => record.id).sort();
}
