import { AssociationsClient } from '../support/association-fixtures';
import { DataModelClient, expectError } from '../support/data-model-fixtures';
import { UNKNOWN_ID } from '../support/factories';
import type { WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

describe('Associations: rules', () => {
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

  describe("another organization's records (docs/domain.md: 404, like unknown ones)", () => {
    let other: AssociationsClient;
    let theirDeal: WireRecord;
    let theirCompany: WireRecord;

    beforeEach(async () => {
      other = new AssociationsClient(testApp, await testApp.createOrganization());
      [theirDeal, theirCompany] = [await other.newDeal(), await other.newCompany()];
    });

    afterEach(async () => {
      expect(await api.storedLinksOf(theirDeal.id)).toBe(0);
      expect(await api.storedLinksOf(theirCompany.id)).toBe(0);
    });

    it('refuses to link to or from them, and writes nothing', async () => {
      const [deal, company] = [await api.newDeal(), await api.newCompany()];
      expectError(await api.link('deal', deal.id, 'company', theirCompany.id), {
        status: 404,
        code: 'RECORD_NOT_FOUND',
        message: `No company with id ${theirCompany.id}`,
      });
      expectError(await api.link('company', company.id, 'deals', theirDeal.id), {
        status: 404,
        code: 'RECORD_NOT_FOUND',
        message: `No deal with id ${theirDeal.id}`,
      });
      await api.link('deal', theirDeal.id, 'company', company.id).expect(404);
      await api.link('deal', theirDeal.id, 'company', theirCompany.id).expect(404);
      expect(await api.storedLinksOf(deal.id)).toBe(0);
    });

    it('does not list, unlink or reference them', async () => {
      await other.linkOk('deal', theirDeal.id, 'company', theirCompany.id);
      await api.listLinked('deal', theirDeal.id, 'company').expect(404);
      await api.unlink('deal', theirDeal.id, 'company', theirCompany.id).expect(200, {
        removed: false,
      });
      expect(await other.linkedIds('deal', theirDeal.id, 'company')).toEqual([theirCompany.id]);
      const filtered = await api.listRecords('deal', { company_id: theirCompany.id }).expect(200);
      expect(filtered.body).toEqual([]);
      await api.createRecord('deal', { name: 'Mine', company_id: theirCompany.id }).expect(400);
      await other.unlink('deal', theirDeal.id, 'company', theirCompany.id).expect(200);
    });

    it('refuses them in a batch', async () => {
      const deal = await api.newDeal();
      const response = await api.batch({
        associate: [
          { object: 'deal', id: deal.id, association: 'company', to_id: theirCompany.id },
        ],
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'RECORD_NOT_FOUND', details: { index: 0 } });
    });
  });

  describe('unknown ids, objects and associations', () => {
    it('answers 404 for an unknown record at either end', async () => {
      const [deal, company] = [await api.newDeal(), await api.newCompany()];
      expectError(await api.link('deal', UNKNOWN_ID, 'company', company.id), {
        status: 404,
        code: 'RECORD_NOT_FOUND',
        message: `No deal with id ${UNKNOWN_ID}`,
      });
      expectError(await api.link('deal', deal.id, 'company', 'not-a-uuid'), {
        status: 404,
        code: 'RECORD_NOT_FOUND',
        message: 'No company with id not-a-uuid',
      });
      await api.link('deal', deal.id, 'company', deal.id).expect(404);
      expectError(await api.listLinked('deal', UNKNOWN_ID, 'contacts'), {
        status: 404,
        code: 'RECORD_NOT_FOUND',
        message: `No deal with id ${UNKNOWN_ID}`,
      });
      expect(await api.storedLinksOf(deal.id)).toBe(0);
    });

    it('answers 404 for an unknown association or object', async () => {
      const deal = await api.newDeal();
      expectError(await api.link('deal', deal.id, 'spaceship', UNKNOWN_ID), {
        status: 404,
        code: 'ASSOCIATION_NOT_FOUND',
        message:
          'deal has no association "spaceship" (it has: contracts, company, contacts, engagements, proposals)',
      });
      expectError(await api.listLinked('spaceship', deal.id, 'company'), {
        status: 404,
        code: 'DEFINITION_NOT_FOUND',
        message: 'No object named "spaceship"',
      });
    });
  });

  describe('deleting and archiving', () => {
    it('deleting a record hides its links (the other side no longer lists it); purging deletes them', async () => {
      const [company, ann] = [await api.newCompany(), await api.newPerson()];
      const [deal, kept] = [
        await api.newDeal({ company_id: company.id }),
        await api.newDeal({ company_id: company.id }),
      ];
      await api.linkOk('deal', deal.id, 'contacts', ann.id);
      const deleted = await api.deleteRecord('deal', deal.id).expect(200);
      expect(deleted.body).toEqual({
        ...deal,
        updated_at: expect.any(String),
        archived_at: expect.any(String),
        archived_by: expect.any(String),
      });
      // In the recycle bin: the links are kept for a restore, but not shown.
      expect(await api.storedLinksOf(deal.id)).toBe(2);
      expect(await api.linkedIds('company', company.id, 'deals')).toEqual([kept.id]);
      expect(await api.linkedIds('person', ann.id, 'deals')).toEqual([]);
      const filtered = await api.listRecords('deal', { company_id: company.id }).expect(200);
      expect((filtered.body as WireRecord[]).map((d) => d.id)).toEqual([kept.id]);
      await api.deleteRecord('company', company.id).expect(200);
      expect((await api.getRecord('deal', kept.id).expect(200)).body).toMatchObject({
        company_id: null,
      });
      await api.deleteRecord('deal', `${deal.id}?permanent=true`).expect(200);
      expect(await api.storedLinksOf(deal.id)).toBe(0);
    });

    it('archiving an object keeps its links, which come back with it on restore', async () => {
      const object = await model.newObject();
      const name = `${object}_customer`;
      await api
        .createDefinition({
          name,
          from: object,
          to: 'company',
          cardinality: 'many_to_one',
          from_side: { name: 'customer', label: 'Customer' },
          to_side: { name: 'shipments', label: 'Shipments' },
        })
        .expect(201);
      const company = await api.newCompany();
      const [shipment] = await model.newRecords(object, [{ tracking_number: 'T-9' }]);
      await api.linkOk(object, shipment!.id, 'customer', company.id);
      await model.archiveObject(object).expect(200);
      expectError(await api.listLinked('company', company.id, 'shipments'), {
        status: 404,
        code: 'ASSOCIATION_NOT_FOUND',
        message: expect.stringContaining('company has no association "shipments"'),
      });
      await api.getDefinition(name).expect(404);
      expect(await api.storedLinks(name)).toHaveLength(1);
      await model.restoreObject(object).expect(200);
      expect(await api.linkedIds('company', company.id, 'shipments')).toEqual([shipment!.id]);
      const read = await api.getRecord(object, shipment!.id).expect(200);
      expect(read.body).toMatchObject({ customer_id: company.id });
    });
  });

  describe('batch', () => {
    it('associates and dissociates many pairs in one request', async () => {
      const [deal, company] = [await api.newDeal(), await api.newCompany()];
      const [ann, bob] = [await api.newPerson(), await api.newPerson()];
      await api.linkOk('deal', deal.id, 'contacts', ann.id);
      const response = await api
        .batch({
          associate: [
            { object: 'deal', id: deal.id, association: 'company', to_id: company.id },
            { object: 'person', id: bob.id, association: 'deals', to_id: deal.id },
            { object: 'deal', id: deal.id, association: 'contacts', to_id: bob.id },
          ],
          dissociate: [{ object: 'deal', id: deal.id, association: 'contacts', to_id: ann.id }],
        })
        .expect(200);
      expect(response.body).toEqual({ associated: 2, dissociated: 1 });
      expect(await api.linkedIds('deal', deal.id, 'contacts')).toEqual([bob.id]);
      expect(await api.linkedIds('deal', deal.id, 'company')).toEqual([company.id]);
    });

    it('applies nothing when one pair fails, and names its index', async () => {
      const [deal, company, ann] = [
        await api.newDeal(),
        await api.newCompany(),
        await api.newPerson(),
      ];
      await api.linkOk('deal', deal.id, 'contacts', ann.id);
      const response = await api.batch({
        associate: [
          { object: 'deal', id: deal.id, association: 'company', to_id: company.id },
          { object: 'deal', id: deal.id, association: 'contacts', to_id: UNKNOWN_ID },
        ],
        dissociate: [{ object: 'deal', id: deal.id, association: 'contacts', to_id: ann.id }],
      });
      expectError(response, {
        status: 404,
        code: 'RECORD_NOT_FOUND',
        message: `associate[1]: No person with id ${UNKNOWN_ID}`,
        details: { index: 1 },
      });
      expect(await api.storedLinks('deal_company')).toEqual([]);
      expect(await api.linkedIds('deal', deal.id, 'contacts')).toEqual([ann.id]);
    });

    it('applies nothing when two pairs of one batch break the cardinality', async () => {
      const [deal, first, second] = [
        await api.newDeal(),
        await api.newCompany(),
        await api.newCompany(),
      ];
      const response = await api.batch({
        associate: [
          { object: 'deal', id: deal.id, association: 'company', to_id: first.id },
          { object: 'deal', id: deal.id, association: 'company', to_id: second.id },
        ],
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'CARDINALITY_CONFLICT',
        message: expect.stringMatching(/^associate\[1\]: deal .* already has a company/),
        details: { index: 1, association: 'deal_company' },
      });
      expect(await api.storedLinks('deal_company')).toEqual([]);
    });

    it('names the index of an unknown association, in either list', async () => {
      const [deal, company] = [await api.newDeal(), await api.newCompany()];
      const good = { object: 'deal', id: deal.id, association: 'company', to_id: company.id };
      const bad = { ...good, association: 'spaceship' };
      const associating = await api.batch({ associate: [good, bad] });
      expect(associating.status).toBe(404);
      expect(associating.body).toMatchObject({
        code: 'ASSOCIATION_NOT_FOUND',
        message: expect.stringMatching(/^associate\[1\]: deal has no association "spaceship"/),
        details: { index: 1 },
      });
      const dissociating = await api.batch({ associate: [good], dissociate: [bad] });
      expect(dissociating.body).toMatchObject({
        message: expect.stringMatching(/^dissociate\[0\]: /),
        details: { index: 0 },
      });
      expect(await api.storedLinks('deal_company')).toEqual([]);
    });

    it('refuses a malformed batch', async () => {
      const response = await api.batch({ associate: [{ object: 'deal' }] });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await api.storedLinks('deal_company')).toEqual([]);
    });
  });
});
