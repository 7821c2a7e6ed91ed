import { aContract, aProposal, AssociationsClient } from '../support/association-fixtures';
import { expectError } from '../support/data-model-fixtures';
import { aDeal, countStoredRecords, UNKNOWN_ID } from '../support/factories';
import type { WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

const idsIn = (body: unknown): string[] => (body as WireRecord[]).map((record) => record.id);

/** A to-one association as a reference property (`company_id`): a view of the association rows. */
describe('Associations: the records view', () => {
  let testApp: TestApp;
  let api: AssociationsClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    api = new AssociationsClient(testApp, await testApp.createOrganization());
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('reference properties', () => {
    it('sets the link on create and reads it back, as an association row', async () => {
      const company = await api.newCompany();
      const created = await api.createRecord('deal', aDeal({ company_id: company.id })).expect(201);
      expect(created.body).toMatchObject({ company_id: company.id });
      expect((await api.getRecord('deal', created.body.id).expect(200)).body).toEqual(created.body);
      expect(await api.storedLinks('deal_company')).toEqual([
        { from_record_id: created.body.id, to_record_id: company.id },
      ]);
      expect(await api.linkedIds('company', company.id, 'deals')).toEqual([created.body.id]);
    });

    it('reads null for every to-one side without a link, and never a to-many one', async () => {
      const deal = await api.newDeal();
      expect(deal).toMatchObject({ company_id: null });
      expect(deal).not.toHaveProperty('contacts_id');
      expect(deal).not.toHaveProperty('proposals_id');
      const proposal = await api.newRecord('proposal', aProposal());
      expect(proposal).toMatchObject({
        deal_id: null,
        client_id: null,
        contact_id: null,
        contract_id: null,
      });
    });

    it('replaces the link on PATCH or PUT (no 409) and clears it with null', async () => {
      const [deal, first, second] = [
        await api.newDeal(),
        await api.newCompany(),
        await api.newCompany(),
      ];
      await api.updateRecord('deal', deal.id, { company_id: first.id }).expect(200);
      const replaced = await api
        .updateRecord('deal', deal.id, { company_id: second.id }, 'put')
        .expect(200);
      expect(replaced.body).toMatchObject({ company_id: second.id });
      expect(await api.storedLinks('deal_company')).toEqual([
        { from_record_id: deal.id, to_record_id: second.id },
      ]);
      const cleared = await api.updateRecord('deal', deal.id, { company_id: null }).expect(200);
      expect(cleared.body).toMatchObject({ company_id: null });
      expect(await api.storedLinks('deal_company')).toEqual([]);
    });

    it('keeps the links when react-admin PUTs a record read with include back', async () => {
      const [company, ann] = [await api.newCompany(), await api.newPerson()];
      const deal = await api.newDeal({ company_id: company.id });
      await api.linkOk('deal', deal.id, 'contacts', ann.id);
      const read = await api.getRecord('deal', deal.id, 'company,contacts').expect(200);
      const sent = { ...read.body, next_step: 'Call back', associations: { contacts: [] } };
      const response = await api.updateRecord('deal', deal.id, sent, 'put').expect(200);
      expect(response.body).toEqual({
        ...deal,
        next_step: 'Call back',
        updated_at: expect.any(String),
      });
      expect(await api.storedLinks('deal_company')).toHaveLength(1);
      expect(await api.linkedIds('deal', deal.id, 'contacts')).toEqual([ann.id]);
    });

    it('changes neither the record nor the link when the properties are invalid', async () => {
      const [first, second] = [await api.newCompany(), await api.newCompany()];
      const deal = await api.newDeal({ company_id: first.id });
      const response = await api.updateRecord('deal', deal.id, {
        company_id: second.id,
        amount: -5,
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ errors: { amount: 'must be >= 0' } });
      expect((await api.getRecord('deal', deal.id).expect(200)).body).toEqual(deal);
    });

    it('leaves the link alone when a write does not name it', async () => {
      const company = await api.newCompany();
      const deal = await api.newDeal({ company_id: company.id });
      const response = await api.updateRecord('deal', deal.id, { probability: 50 }).expect(200);
      expect(response.body).toMatchObject({ company_id: company.id, probability: 50 });
    });

    it('refuses a reference that is no id, or names no record, and writes nothing', async () => {
      expectError(await api.createRecord('deal', aDeal({ company_id: 'acme' })), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'Invalid references: company_id must be the id of a company, or null',
        errors: { company_id: 'must be the id of a company, or null' },
      });
      expectError(await api.createRecord('deal', aDeal({ company_id: UNKNOWN_ID })), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `company_id: no company with id ${UNKNOWN_ID}`,
        errors: { company_id: 'no company with this id' },
      });
      const person = await api.newPerson();
      await api.createRecord('deal', aDeal({ company_id: person.id })).expect(400);
      expect(await countStoredRecords(testApp, api.organization, 'deal')).toBe(0);
      expect(await api.storedLinksOf(person.id)).toBe(0);
    });

    it('writes neither the record nor the link when the cardinality refuses it', async () => {
      const proposal = await api.newRecord('proposal', aProposal());
      await api.newRecord('contract', aContract({ proposal_id: proposal.id }));
      const response = await api.createRecord('contract', aContract({ proposal_id: proposal.id }));
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'CARDINALITY_CONFLICT',
        errors: { proposal_id: 'the proposal already has one' },
      });
      expect(await countStoredRecords(testApp, api.organization, 'contract')).toBe(1);
    });

    it('sets a one_to_one link from its to side (contract_id on a proposal)', async () => {
      const contract = await api.newRecord('contract', aContract());
      const proposal = await api.newRecord('proposal', aProposal({ contract_id: contract.id }));
      expect(proposal).toMatchObject({ contract_id: contract.id });
      expect((await api.getRecord('contract', contract.id).expect(200)).body).toMatchObject({
        proposal_id: proposal.id,
      });
    });
  });

  describe('filters', () => {
    let acme: WireRecord;
    let globex: WireRecord;
    let deals: WireRecord[];

    beforeEach(async () => {
      [acme, globex] = [await api.newCompany({ name: 'Acme' }), await api.newCompany()];
      deals = [
        await api.newDeal({ company_id: acme.id, stage: 'negotiation', amount: '5000.00' }),
        await api.newDeal({ company_id: globex.id, stage: 'lead', amount: '100.00' }),
        await api.newDeal({ company_id: acme.id, stage: 'lead', amount: '900.00' }),
        await api.newDeal({ stage: 'negotiation', amount: '50.00' }),
      ];
    });

    it('lists the deals whose company is X, any of X and Y, or none', async () => {
      const ofAcme = await api.listRecords('deal', { company_id: acme.id }).expect(200);
      expect(idsIn(ofAcme.body)).toEqual([deals[0]!.id, deals[2]!.id]);
      expect(ofAcme.headers['content-range']).toBe('deal 0-1/2');
      const ofBoth = await api.listRecords('deal', { company_id: [acme.id, globex.id] });
      expect(idsIn(ofBoth.body)).toEqual([deals[0]!.id, deals[1]!.id, deals[2]!.id]);
      const ofNone = await api.listRecords('deal', { company_id: null }).expect(200);
      expect(idsIn(ofNone.body)).toEqual([deals[3]!.id]);
      const ofUnknown = await api.listRecords('deal', { company_id: UNKNOWN_ID }).expect(200);
      expect(ofUnknown.body).toEqual([]);
    });

    it('combines a reference filter with property filters', async () => {
      const response = await api
        .listRecords('deal', { company_id: acme.id, stage: 'lead' })
        .expect(200);
      expect(idsIn(response.body)).toEqual([deals[2]!.id]);
    });

    it("filters by the other record's properties: deals whose company is named Acme", async () => {
      const response = await api.listRecords('deal', { 'company.name': 'Acme' }).expect(200);
      expect(idsIn(response.body)).toEqual([deals[0]!.id, deals[2]!.id]);
    });

    it('lists the people with at least one deal in negotiation', async () => {
      const [ann, bob, cyd] = [await api.newPerson(), await api.newPerson(), await api.newPerson()];
      await api.linkOk('person', ann.id, 'deals', deals[0]!.id);
      await api.linkOk('person', ann.id, 'deals', deals[1]!.id);
      await api.linkOk('person', bob.id, 'deals', deals[1]!.id);
      await api.linkOk('person', cyd.id, 'deals', deals[3]!.id);
      const response = await api
        .listRecords('person', { 'deals.stage': 'negotiation' })
        .expect(200);
      expect(idsIn(response.body)).toEqual([ann.id, cyd.id]);
      expect(response.headers['content-range']).toBe('person 0-1/2');
    });

    it('takes any operator on the other side: companies with a deal of at least 1000', async () => {
      const response = await api.listRecords('company', { 'deals.amount_gte': 1000 }).expect(200);
      expect(idsIn(response.body)).toEqual([acme.id]);
      const lost = await api.listRecords('company', { 'deals.stage': ['won', 'lost'] });
      expect(lost.body).toEqual([]);
    });

    it('refuses a dotted filter on no association, or on no property of the other side', async () => {
      expectError(await api.listRecords('deal', { 'spaceship.name': 'x' }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'Invalid filter: spaceship.name "spaceship" is not an association of deal',
        errors: { 'filter.spaceship.name': '"spaceship" is not an association of deal' },
      });
      expectError(await api.listRecords('deal', { 'company.nope': 'x' }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'Invalid filter: company.nope is not a property of company',
        errors: { 'filter.company.nope': 'is not a property of company' },
      });
      expectError(await api.listRecords('deal', { 'company.employee_count_gt': 'many' }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'Invalid filter: company.employee_count_gt must be a whole number',
        errors: { 'filter.company.employee_count_gt': 'must be a whole number' },
      });
    });
  });

  describe('include', () => {
    it('adds the linked ids of each named side, on one record and on a list', async () => {
      const company = await api.newCompany();
      const deal = await api.newDeal({ company_id: company.id });
      const [ann, bob] = [await api.newPerson(), await api.newPerson()];
      await api.linkOk('deal', deal.id, 'contacts', ann.id);
      await api.linkOk('deal', deal.id, 'contacts', bob.id);
      const other = await api.newDeal();
      const one = await api.getRecord('deal', deal.id, 'company,contacts').expect(200);
      expect(one.body).toEqual({
        ...deal,
        associations: { company: [company.id], contacts: [ann.id, bob.id] },
      });
      const list = await api.listRecords('deal', {}, 'contacts').expect(200);
      expect(list.body).toEqual([
        { ...deal, associations: { contacts: [ann.id, bob.id] } },
        { ...other, associations: { contacts: [] } },
      ]);
    });

    it('refuses a side the object does not have', async () => {
      const deal = await api.newDeal();
      const response = await api.getRecord('deal', deal.id, 'company,spaceships');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'BAD_REQUEST',
        errors: { include: 'unknown association "spaceships"' },
      });
    });
  });
});
