import type { Response } from 'supertest';
import {
  aContract,
  aProposal,
  aShipmentCustomer,
  AssociationsClient,
} from '../support/association-fixtures';
import { DataModelClient, expectError } from '../support/data-model-fixtures';
import type { WireRecord } from '../support/list-fixtures';
import { LockGate, race, send } from '../support/lock-gate';
import { sharedTestApp, type TestApp } from '../support/test-app';

/** As many as the test app's connection pool holds: all of them wait at the gate together. */
const WRITERS = 10;

/** How many responses had each status, e.g. `{ 200: 1, 409: 9 }`. */
function statusCounts(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) {
    counts[response.status] = (counts[response.status] ?? 0) + 1;
  }
  return counts;
}

/**
 * The database, not the service, enforces cardinality: writers let go at once (`race`) cannot both
 * win.
 */
describe('Associations: concurrent writes', () => {
  let testApp: TestApp;
  let api: AssociationsClient;
  let model: DataModelClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    const organization = await testApp.createOrganization();
    api = new AssociationsClient(testApp, organization);
    model = new DataModelClient(testApp, organization);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function companies(count: number): Promise<WireRecord[]> {
    const created: WireRecord[] = [];
    for (let i = 0; i < count; i++) {
      created.push(await api.newCompany());
    }
    return created;
  }

  it('links one deal to one of ten companies linked at once: one 200, nine 409', async () => {
    const deal = await api.newDeal();
    const candidates = await companies(WRITERS);
    const responses = await race(
      testApp,
      candidates.map((company) => api.link('deal', deal.id, 'company', company.id)),
    );
    expect(statusCounts(responses)).toEqual({ 200: 1, 409: WRITERS - 1 });
    responses
      .filter((response) => response.status === 409)
      .forEach((response) => expect(response.body.code).toBe('CARDINALITY_CONFLICT'));
    const winner = candidates[responses.findIndex((response) => response.status === 200)]!;
    expect(await api.storedLinks('deal_company')).toEqual([
      { from_record_id: deal.id, to_record_id: winner.id },
    ]);
    expect((await api.getRecord('deal', deal.id).expect(200)).body).toMatchObject({
      company_id: winner.id,
    });
  });

  it('links one proposal to one of ten contracts linked at once (one_to_one, to side)', async () => {
    const proposal = await api.newRecord('proposal', aProposal());
    const contracts: WireRecord[] = [];
    for (let i = 0; i < WRITERS; i++) {
      contracts.push(await api.newRecord('contract', aContract()));
    }
    const responses = await race(
      testApp,
      contracts.map((contract) => api.link('contract', contract.id, 'proposal', proposal.id)),
    );
    expect(statusCounts(responses)).toEqual({ 200: 1, 409: WRITERS - 1 });
    expect(await api.storedLinks('contract_proposal')).toHaveLength(1);
  });

  it('stores the same pair once when ten writers link it at once', async () => {
    const [deal, company] = [await api.newDeal(), await api.newCompany()];
    const responses = await race(
      testApp,
      Array.from({ length: WRITERS }, () => api.link('deal', deal.id, 'company', company.id)),
    );
    expect(statusCounts(responses)).toEqual({ 200: WRITERS });
    expect(responses.filter((response) => response.body.linked === true)).toHaveLength(1);
    expect(await api.storedLinks('deal_company')).toHaveLength(1);
  });

  it('ends with exactly one company when ten replacing writers race', async () => {
    const deal = await api.newDeal();
    const candidates = await companies(WRITERS);
    const responses = await race(
      testApp,
      candidates.map((company) => api.link('deal', deal.id, 'company', company.id, true)),
    );
    expect(statusCounts(responses)).toEqual({ 200: WRITERS });
    const stored = await api.storedLinks('deal_company');
    expect(stored).toHaveLength(1);
    expect(candidates.map((company) => company.id)).toContain(stored[0]!.to_record_id);
  });

  it('ends with exactly one link when ten PATCHes set company_id at once', async () => {
    const deal = await api.newDeal();
    const candidates = await companies(WRITERS);
    const responses = await race(
      testApp,
      candidates.map((company) => api.updateRecord('deal', deal.id, { company_id: company.id })),
    );
    expect(statusCounts(responses)).toEqual({ 200: WRITERS });
    const stored = await api.storedLinks('deal_company');
    expect(stored).toHaveLength(1);
    const read = await api.getRecord('deal', deal.id).expect(200);
    expect(read.body).toMatchObject({ company_id: stored[0]!.to_record_id });
  });

  it('keeps a record of each deal while ten deals are created with the same company', async () => {
    const company = await api.newCompany();
    const responses = await race(
      testApp,
      Array.from({ length: WRITERS }, (_, i) =>
        api.createRecord('deal', { name: `Deal ${i}`, company_id: company.id }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ 201: WRITERS });
    expect(await api.linkedIds('company', company.id, 'deals')).toEqual(
      responses.map((response) => (response.body as WireRecord).id).sort(),
    );
  });

  /**
   * A link written while its association is deleted: whichever holds the definition first wins,
   * and no link is ever left behind naming an association that no longer exists.
   */
  describe('links against the deletion of their association', () => {
    /** Links of the organization whose association_type names no association definition. */
    async function orphanLinks(): Promise<number> {
      const rows: Array<{ total: number }> = await testApp.dataSource.query(
        `SELECT count(*)::int AS total FROM association a
          WHERE a.organization_id = $1
            AND NOT EXISTS (SELECT 1 FROM association_definition d WHERE d.id::text = a.association_type)`,
        [api.organization.id],
      );
      return rows[0]?.total ?? 0;
    }

    it('refuses to delete an association while a link of it is being written', async () => {
      const { object, definition } = await aShipmentCustomer(api, model);
      const [shipment] = await model.newRecords(object, [{ tracking_number: 'L-1' }]);
      const company = await api.newCompany();
      const gate = await LockGate.open(testApp);
      let linked: Response;
      let deleted: Response;
      try {
        // An edit of the company in flight: the link waits for it inside its transaction.
        await gate.hold('SELECT 1 FROM record WHERE id = $1 FOR UPDATE', [company.id]);
        const linking = send(api.link(object, shipment!.id, 'customer', company.id));
        await gate.waitForWaiters(1, linking.hasAnswered);
        const deleting = send(api.deleteDefinition(definition.name));
        await gate.waitForWaiters(2, deleting.hasAnswered);
        await gate.release();
        linked = await linking.response;
        deleted = await deleting.response;
      } finally {
        await gate.close();
      }
      expect({ status: linked.status, body: linked.body }).toEqual({
        status: 200,
        body: { linked: true },
      });
      expectError(deleted, {
        status: 409,
        code: 'CONFLICT',
        message: `${definition.name} links 1 pair of records; delete with purge=true to remove them too`,
        details: { links: 1 },
      });
      expect(await api.storedLinks(definition.name)).toEqual([
        { from_record_id: shipment!.id, to_record_id: company.id },
      ]);
      expect(await orphanLinks()).toBe(0);
    });

    it('refuses a reference written while its association is being deleted', async () => {
      const { object, definition } = await aShipmentCustomer(api, model);
      const [shipment] = await model.newRecords(object, [{ tracking_number: 'L-2' }]);
      const company = await api.newCompany();
      const gate = await LockGate.open(testApp);
      let written: Response;
      let deleted: Response;
      try {
        // The deletion waits to remove the association's links, holding its definition.
        await gate.hold('LOCK TABLE association IN SHARE MODE');
        const deleting = send(api.deleteDefinition(definition.name, true));
        await gate.waitForWaiters(1, deleting.hasAnswered);
        const writing = send(api.updateRecord(object, shipment!.id, { customer_id: company.id }));
        await gate.waitForWaiters(2, writing.hasAnswered);
        await gate.release();
        deleted = await deleting.response;
        written = await writing.response;
      } finally {
        await gate.close();
      }
      expect(deleted.status).toBe(200);
      expectError(written, {
        status: 404,
        code: 'ASSOCIATION_NOT_FOUND',
        message: `The association behind "customer" no longer exists`,
      });
      expect(await api.storedLinksOf(company.id)).toBe(0);
      expect(await orphanLinks()).toBe(0);
      const read = await api.getRecord(object, shipment!.id).expect(200);
      expect(read.body).not.toHaveProperty('customer_id');
    });
  });
});
