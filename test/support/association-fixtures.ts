import type { Test } from 'supertest';
import type { DataModelClient } from './data-model-fixtures';
import { aDeal, aPerson, uniqueSuffix } from './factories';
import type { WireRecord } from './list-fixtures';
import type { TestApp, TestOrganization } from './test-app';

/** An association definition as sent to /api/association-definitions. */
export type AssociationBody = Record<string, unknown>;

/** An association definition as the API answers it. */
export interface WireDefinition {
  id: string;
  name: string;
  from: string;
  to: string;
  cardinality: string;
  from_side: { name: string; label: string };
  to_side: { name: string; label: string };
  is_system: boolean;
  created_at: string;
  updated_at: string;
}

/** One stored link, read from the database itself (not through the API under test). */
export interface StoredLink {
  from_record_id: string;
  to_record_id: string;
}

export function aCompany(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: `Company ${uniqueSuffix()}`, ...overrides };
}

export function aContract(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: `Contract ${uniqueSuffix()}`, ...overrides };
}

export function aProposal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: `Proposal ${uniqueSuffix()}`, ...overrides };
}

/** The record, association-definition and link APIs as one organization sees them. */
export class AssociationsClient {
  constructor(
    private readonly testApp: TestApp,
    readonly organization: TestOrganization,
  ) {}

  send(method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string): Test {
    return this.testApp.http()[method](`/api${path}`).set(this.organization.headers);
  }

  createDefinition(body: AssociationBody): Test {
    return this.send('post', '/association-definitions').send(body);
  }

  getDefinition(name: string): Test {
    return this.send('get', `/association-definitions/${name}`);
  }

  listDefinitions(filter: Record<string, unknown> = {}, range?: [number, number]): Test {
    return this.send('get', '/association-definitions').query({
      filter: JSON.stringify(filter),
      ...(range ? { range: JSON.stringify(range) } : {}),
    });
  }

  patchDefinition(name: string, body: unknown): Test {
    return this.send('patch', `/association-definitions/${name}`).send(body as object);
  }

  putDefinition(name: string, body: unknown): Test {
    return this.send('put', `/association-definitions/${name}`).send(body as object);
  }

  deleteDefinition(name: string, isPurge = false): Test {
    return this.send('delete', `/association-definitions/${name}`).query(
      isPurge ? { purge: 'true' } : {},
    );
  }

  link(object: string, id: string, side: string, toId: string, isReplace = false): Test {
    return this.send('put', `/objects/${object}/${id}/associations/${side}/${toId}`).query(
      isReplace ? { replace: 'true' } : {},
    );
  }

  unlink(object: string, id: string, side: string, toId: string): Test {
    return this.send('delete', `/objects/${object}/${id}/associations/${side}/${toId}`);
  }

  listLinked(object: string, id: string, side: string, query: Record<string, string> = {}): Test {
    return this.send('get', `/objects/${object}/${id}/associations/${side}`).query(query);
  }

  batch(body: unknown): Test {
    return this.send('post', '/associations/batch').send(body as object);
  }

  getRecord(object: string, id: string, include?: string): Test {
    return this.send('get', `/objects/${object}/${id}`).query(include ? { include } : {});
  }

  listRecords(object: string, filter: Record<string, unknown>, include?: string): Test {
    return this.send('get', `/objects/${object}`).query({
      filter: JSON.stringify(filter),
      sort: JSON.stringify(['created_at', 'ASC']),
      ...(include ? { include } : {}),
    });
  }

  createRecord(object: string, body: Record<string, unknown>): Test {
    return this.send('post', `/objects/${object}`).send(body);
  }

  updateRecord(object: string, id: string, body: Record<string, unknown>, method = 'patch'): Test {
    return this.send(method as 'patch' | 'put', `/objects/${object}/${id}`).send(body);
  }

  deleteRecord(object: string, id: string): Test {
    return this.send('delete', `/objects/${object}/${id}`);
  }

  /** Creates a record; fails the test unless it answers 201. */
  async newRecord(object: string, body: Record<string, unknown>): Promise<WireRecord> {
    const response = await this.createRecord(object, body);
    if (response.status !== 201) {
      throw new Error(`creating a ${object} answered ${response.status}: ${response.text}`);
    }
    return response.body as WireRecord;
  }

  newDeal(overrides: Record<string, unknown> = {}): Promise<WireRecord> {
    return this.newRecord('deal', aDeal(overrides));
  }

  newCompany(overrides: Record<string, unknown> = {}): Promise<WireRecord> {
    return this.newRecord('company', aCompany(overrides));
  }

  newPerson(overrides: Record<string, unknown> = {}): Promise<WireRecord> {
    return this.newRecord('person', aPerson(overrides));
  }

  /** Links two records; fails the test unless it answers 200. */
  async linkOk(object: string, id: string, side: string, toId: string): Promise<void> {
    const response = await this.link(object, id, side, toId);
    if (response.status !== 200) {
      throw new Error(`linking ${object} ${side} answered ${response.status}: ${response.text}`);
    }
  }

  /** Ids of the records linked to one record on one side, read through the API. */
  async linkedIds(object: string, id: string, side: string): Promise<string[]> {
    const response = await this.listLinked(object, id, side).expect(200);
    return (response.body as WireRecord[]).map((record) => record.id).sort();
  }

  /** The stored links of one association of this organization, read from the database. */
  async storedLinks(association: string): Promise<StoredLink[]> {
    return this.testApp.dataSource.query(
      `SELECT a.from_record_id, a.to_record_id FROM association a
         JOIN association_definition d ON d.id::text = a.association_type
        WHERE d.organization_id = $1 AND d.name = $2
        ORDER BY a.created_at, a.id`,
      [this.organization.id, association],
    );
  }

  /** Every stored link touching a record, whatever its association. */
  async storedLinksOf(recordId: string): Promise<number> {
    const rows: Array<{ total: number }> = await this.testApp.dataSource.query(
      `SELECT count(*)::int AS total FROM association WHERE from_record_id = $1 OR to_record_id = $1`,
      [recordId],
    );
    return rows[0]?.total ?? 0;
  }
}

/** Sorted ids of records. */
export function sortedIds(records: Array<{ id: string }>): string[] {
  return records.map((record) => record.id).sort();
}

/**
 * A new custom object and a many_to_one association from it to company: a shipment's
 * `customer` (`customer_id`), a company's `shipments`.
 */
export async function aShipmentCustomer(
  api: AssociationsClient,
  model: DataModelClient,
): Promise<{ object: string; definition: WireDefinition }> {
  const object = await model.newObject();
  const response = await api
    .createDefinition({
      name: `${object}_customer`,
      from: object,
      to: 'company',
      cardinality: 'many_to_one',
      from_side: { name: 'customer', label: 'Customer' },
      to_side: { name: 'shipments', label: 'Shipments' },
    })
    .expect(201);
  return { object, definition: response.body as WireDefinition };
}
