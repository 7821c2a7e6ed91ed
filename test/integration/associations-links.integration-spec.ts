import { aContract, aProposal, AssociationsClient } from '../support/association-fixtures';
import { DataModelClient, expectError } from '../support/data-model-fixtures';
import type { WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

describe('Associations: links', () => {
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

  describe('many_to_one (deal → company)', () => {
    it('links a deal to its company, idempotently, and lists it from both sides', async () => {
      const [deal, company] = [await api.newDeal(), await api.newCompany()];
      await api.link('deal', deal.id, 'company', company.id).expect(200, { linked: true });
      await api.link('deal', deal.id, 'company', company.id).expect(200, { linked: false });
      expect(await api.storedLinks('deal_company')).toEqual([
        { from_record_id: deal.id, to_record_id: company.id },
      ]);
      expect(await api.linkedIds('deal', deal.id, 'company')).toEqual([company.id]);
      expect(await api.linkedIds('company', company.id, 'deals')).toEqual([deal.id]);
    });

    it('refuses a second company (409) unless the request says replace', async () => {
      const [deal, first, second] = [
        await api.newDeal(),
        await api.newCompany(),
        await api.newCompany(),
      ];
      await api.linkOk('deal', deal.id, 'company', first.id);
      expectError(await api.link('deal', deal.id, 'company', second.id), {
        status: 409,
        code: 'CARDINALITY_CONFLICT',
        message: `deal ${deal.id} already has a company (many_to_one); say replace=true to replace it`,
        details: { association: 'deal_company', cardinality: 'many_to_one' },
      });
      expect(await api.linkedIds('deal', deal.id, 'company')).toEqual([first.id]);
      await api.link('deal', deal.id, 'company', second.id, true).expect(200, { linked: true });
      expect(await api.storedLinks('deal_company')).toEqual([
        { from_record_id: deal.id, to_record_id: second.id },
      ]);
    });

    it('links from the company side too, where a company has many deals', async () => {
      const [company, other] = [await api.newCompany(), await api.newCompany()];
      const [one, two] = [await api.newDeal(), await api.newDeal()];
      await api.link('company', company.id, 'deals', one.id).expect(200, { linked: true });
      await api.link('company', company.id, 'deals', two.id).expect(200, { linked: true });
      expect(await api.linkedIds('company', company.id, 'deals')).toEqual([one.id, two.id].sort());
      expect(await api.linkedIds('deal', two.id, 'company')).toEqual([company.id]);
      expectError(await api.link('company', other.id, 'deals', one.id), {
        status: 409,
        code: 'CARDINALITY_CONFLICT',
        message: `deal ${one.id} already has a company (many_to_one); say replace=true to replace it`,
        details: { association: 'deal_company', cardinality: 'many_to_one' },
      });
      await api.link('company', other.id, 'deals', one.id, true).expect(200);
      expect(await api.linkedIds('company', company.id, 'deals')).toEqual([two.id]);
      expect(await api.linkedIds('company', other.id, 'deals')).toEqual([one.id]);
    });
  });

  describe('one_to_many (a custom association: company → shipments)', () => {
    it('gives each shipment at most one sender, from either side', async () => {
      const object = await model.newObject();
      await api
        .createDefinition({
          name: `company_${object}`,
          from: 'company',
          to: object,
          cardinality: 'one_to_many',
          from_side: { name: 'sent_shipments', label: 'Sent shipments' },
          to_side: { name: 'sender', label: 'Sender' },
        })
        .expect(201);
      const [acme, globex] = [await api.newCompany(), await api.newCompany()];
      const [first, second] = await model.newRecords(object, [{ pieces: 1 }, { pieces: 2 }]);
      await api.linkOk('company', acme.id, 'sent_shipments', first!.id);
      await api.linkOk(object, second!.id, 'sender', acme.id);
      expect(await api.linkedIds('company', acme.id, 'sent_shipments')).toEqual(
        [first!.id, second!.id].sort(),
      );
      expectError(await api.link('company', globex.id, 'sent_shipments', first!.id), {
        status: 409,
        code: 'CARDINALITY_CONFLICT',
        message: `${object} ${first!.id} already has a sender (one_to_many); say replace=true to replace it`,
        details: { association: `company_${object}`, cardinality: 'one_to_many' },
      });
      await api.link(object, second!.id, 'sender', globex.id).expect(409);
      const shipment = await api.getRecord(object, first!.id).expect(200);
      expect(shipment.body).toMatchObject({ sender_id: acme.id });
      const company = await api.getRecord('company', acme.id).expect(200);
      expect(company.body).not.toHaveProperty('sent_shipments_id');
    });
  });

  describe('one_to_one (contract ↔ proposal)', () => {
    let contracts: WireRecord[];
    let proposals: WireRecord[];

    beforeEach(async () => {
      contracts = [
        await api.newRecord('contract', aContract()),
        await api.newRecord('contract', aContract()),
      ];
      proposals = [
        await api.newRecord('proposal', aProposal()),
        await api.newRecord('proposal', aProposal()),
      ];
      await api.linkOk('contract', contracts[0]!.id, 'proposal', proposals[0]!.id);
    });

    it('refuses a second link at either end', async () => {
      const [k1, k2] = [contracts[0]!.id, contracts[1]!.id];
      const [p1, p2] = [proposals[0]!.id, proposals[1]!.id];
      expectError(await api.link('contract', k1, 'proposal', p2), {
        status: 409,
        code: 'CARDINALITY_CONFLICT',
        message: `contract ${k1} already has a proposal (one_to_one); say replace=true to replace it`,
        details: { association: 'contract_proposal', cardinality: 'one_to_one' },
      });
      expectError(await api.link('contract', k2, 'proposal', p1), {
        status: 409,
        code: 'CARDINALITY_CONFLICT',
        message: `proposal ${p1} already has a contract (one_to_one); say replace=true to replace it`,
        details: { association: 'contract_proposal', cardinality: 'one_to_one' },
      });
      await api.link('proposal', p1, 'contract', k2).expect(409);
      await api.link('proposal', p2, 'contract', k2).expect(200, { linked: true });
      expect(await api.storedLinks('contract_proposal')).toEqual([
        { from_record_id: k1, to_record_id: p1 },
        { from_record_id: k2, to_record_id: p2 },
      ]);
    });

    it('shows the link as a reference on both records', async () => {
      const contract = await api.getRecord('contract', contracts[0]!.id).expect(200);
      const proposal = await api.getRecord('proposal', proposals[0]!.id).expect(200);
      expect(contract.body).toMatchObject({ proposal_id: proposals[0]!.id });
      expect(proposal.body).toMatchObject({ contract_id: contracts[0]!.id });
      const lonely = await api.getRecord('proposal', proposals[1]!.id).expect(200);
      expect(lonely.body).toMatchObject({ contract_id: null });
    });

    it('with replace, moves both ends: the other links of each record go', async () => {
      const [k1, k2] = [contracts[0]!.id, contracts[1]!.id];
      const [p1, p2] = [proposals[0]!.id, proposals[1]!.id];
      await api.linkOk('contract', k2, 'proposal', p2);
      await api.link('contract', k1, 'proposal', p2, true).expect(200, { linked: true });
      expect(await api.storedLinks('contract_proposal')).toEqual([
        { from_record_id: k1, to_record_id: p2 },
      ]);
      expect((await api.getRecord('proposal', p1).expect(200)).body).toMatchObject({
        contract_id: null,
      });
    });
  });

  describe('many_to_many (deal ↔ person as contacts)', () => {
    it('links many people to many deals, with no reference property', async () => {
      const [d1, d2] = [await api.newDeal(), await api.newDeal()];
      const [ann, bob] = [await api.newPerson(), await api.newPerson()];
      await api.linkOk('deal', d1.id, 'contacts', ann.id);
      await api.linkOk('deal', d1.id, 'contacts', bob.id);
      await api.linkOk('person', ann.id, 'deals', d2.id);
      await api.link('person', ann.id, 'deals', d1.id).expect(200, { linked: false });
      expect(await api.linkedIds('deal', d1.id, 'contacts')).toEqual([ann.id, bob.id].sort());
      expect(await api.linkedIds('person', ann.id, 'deals')).toEqual([d1.id, d2.id].sort());
      expect(await api.linkedIds('deal', d2.id, 'contacts')).toEqual([ann.id]);
      expect(await api.storedLinks('deal_contacts')).toHaveLength(3);
      const deal = await api.getRecord('deal', d1.id).expect(200);
      expect(deal.body).not.toHaveProperty('contacts_id');
      expect(deal.body).toHaveProperty('company_id', null);
    });

    it('pages and sorts the associated records in the react-admin list dialect', async () => {
      const deal = await api.newDeal();
      const people = [
        await api.newPerson({ lead_score: 30 }),
        await api.newPerson({ lead_score: 10 }),
        await api.newPerson({ lead_score: 20 }),
      ];
      for (const person of people) {
        await api.linkOk('deal', deal.id, 'contacts', person.id);
      }
      const page = await api
        .listLinked('deal', deal.id, 'contacts', {
          sort: JSON.stringify(['lead_score', 'ASC']),
          range: JSON.stringify([0, 1]),
        })
        .expect(200);
      expect(page.headers['content-range']).toBe('contacts 0-1/3');
      expect((page.body as WireRecord[]).map((p) => p.id)).toEqual([people[1]!.id, people[2]!.id]);
      const filtered = await api
        .listLinked('deal', deal.id, 'contacts', {
          filter: JSON.stringify({ lead_score_gte: 20 }),
        })
        .expect(200);
      expect(filtered.headers['content-range']).toBe('contacts 0-1/2');
    });
  });

  describe('DELETE', () => {
    it('removes one link, and answers removed: false when there is none', async () => {
      const [deal, ann, bob] = [await api.newDeal(), await api.newPerson(), await api.newPerson()];
      await api.linkOk('deal', deal.id, 'contacts', ann.id);
      await api.linkOk('deal', deal.id, 'contacts', bob.id);
      await api.unlink('deal', deal.id, 'contacts', ann.id).expect(200, { removed: true });
      await api.unlink('deal', deal.id, 'contacts', ann.id).expect(200, { removed: false });
      expect(await api.linkedIds('deal', deal.id, 'contacts')).toEqual([bob.id]);
      await api.unlink('person', bob.id, 'deals', deal.id).expect(200, { removed: true });
      expect(await api.storedLinks('deal_contacts')).toEqual([]);
    });

    it('frees a to-one side: the reference reads null and another link is allowed', async () => {
      const [deal, first, second] = [
        await api.newDeal(),
        await api.newCompany(),
        await api.newCompany(),
      ];
      await api.linkOk('deal', deal.id, 'company', first.id);
      await api.unlink('company', first.id, 'deals', deal.id).expect(200, { removed: true });
      expect((await api.getRecord('deal', deal.id).expect(200)).body).toMatchObject({
        company_id: null,
      });
      await api.link('deal', deal.id, 'company', second.id).expect(200, { linked: true });
    });
  });
});
