import { randomUUID } from 'node:crypto';
import { AssociationsService } from 'src/associations/associations.service';
import { AppError } from 'src/common/errors/app-error';
import {
  BUILT_IN_PERMISSIONS,
  type BuiltInRole,
  type Permissions,
} from 'src/organizations/permissions';
import { systemContext, type RequestContext } from 'src/organizations/request-context';
import { RecordLinksService } from 'src/records/record-links.service';
import { RecordSearchService } from 'src/records/record-search.service';
import { RecordsService } from 'src/records/records.service';
import { aCompany } from '../support/association-fixtures';
import { aDeal, aPerson, uniqueSuffix } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** A custom role: its own deals only, two deal properties hidden and one read-only. */
const OWN_DEALS: Permissions = {
  objects: {
    deal: { read: 'own', create: 'all', update: 'own', delete: 'none' },
    person: { read: 'none', create: 'none', update: 'none', delete: 'none' },
    '*': { read: 'all', create: 'all', update: 'all', delete: 'all' },
  },
  properties: { deal: { amount: 'hidden', next_step: 'hidden', probability: 'read_only' } },
  manageDataModel: false,
  manageAccess: false,
};

/** A deal without the properties OWN_DEALS hides. */
function aVisibleDeal(): Record<string, unknown> {
  return { name: `Deal ${uniqueSuffix()}` };
}

/** Reads every deal, with the same hidden properties: the hidden-property read paths. */
const HIDDEN_READER: Permissions = {
  ...OWN_DEALS,
  objects: {
    deal: { read: 'all', create: 'all', update: 'all', delete: 'none' },
    '*': { read: 'all', create: 'all', update: 'all', delete: 'all' },
  },
};

/**
 * Permissions on records at the service level (authentication comes with the access module):
 * each built-in role × action × scope, a custom role with own scopes and hidden and read-only
 * properties in every read path, and the owner and actors stamped on every record.
 */
describe('Permissions on records', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let records: RecordsService;
  let search: RecordSearchService;
  let links: RecordLinksService;
  let associations: AssociationsService;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    records = testApp.app.get(RecordsService);
    search = testApp.app.get(RecordSearchService);
    links = testApp.app.get(RecordLinksService);
    associations = testApp.app.get(AssociationsService);
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** A member of the test organization with a role (built-in by name, or custom permissions). */
  function memberOf(role: BuiltInRole | Permissions): RequestContext {
    const id = randomUUID();
    return {
      organizationId: organization.id,
      actor: { kind: 'member', id, userId: randomUUID() },
      memberId: id,
      role: typeof role === 'string' ? role : 'custom',
      permissions: typeof role === 'string' ? BUILT_IN_PERMISSIONS[role] : role,
    };
  }

  async function refusal(promise: Promise<unknown>): Promise<Record<string, unknown>> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof AppError)) {
      throw new Error(`expected a refusal, got ${String(error)}`);
    }
    return { status: error.status, code: error.code, message: error.message, errors: error.errors };
  }

  const list = (context: RequestContext, filter: Record<string, unknown> = {}, sort?: string) =>
    records.listRecords(context, 'deal', {
      filter,
      ...(sort ? { sort: { field: sort, order: 'ASC' as const } } : {}),
    });

  describe('owner and actors', () => {
    it('stamps the creating member as owner and actor, and the updater as updated_by', async () => {
      const ann = memberOf('member');
      const bob = memberOf('admin');
      const created = await records.createRecord(ann, 'deal', aVisibleDeal());
      expect(created).toMatchObject({
        owner_id: ann.memberId,
        created_by: `member:${ann.memberId}`,
        updated_by: `member:${ann.memberId}`,
      });
      const { record: updated } = await records.updateRecord(bob, 'deal', created.id, {
        name: 'Renamed',
      });
      expect(updated).toMatchObject({
        owner_id: ann.memberId,
        created_by: `member:${ann.memberId}`,
        updated_by: `member:${bob.memberId}`,
      });
      expect(await records.getRecord(bob, 'deal', created.id)).toMatchObject(updated);
    });

    it('records Plinth itself and API keys as actors; Plinth owns nothing', async () => {
      const bySystem = await records.createRecord(systemContext(organization.id), 'deal', aDeal());
      expect(bySystem).toMatchObject({ owner_id: null, created_by: 'system' });
      const keyId = randomUUID();
      const key: RequestContext = {
        ...organization.context,
        actor: { kind: 'api_key', id: keyId },
        memberId: null,
        role: 'admin',
        permissions: BUILT_IN_PERMISSIONS.admin,
      };
      const byKey = await records.createRecord(key, 'deal', aDeal());
      expect(byKey).toMatchObject({ owner_id: null, created_by: `api_key:${keyId}` });
    });

    it('ignores created_by and updated_by in a body', async () => {
      const ann = memberOf('member');
      const created = await records.createRecord(
        ann,
        'deal',
        aDeal({ created_by: 'system', updated_by: 'member:x' }),
      );
      expect(created.created_by).toBe(`member:${ann.memberId}`);
      expect(created.updated_by).toBe(`member:${ann.memberId}`);
    });

    it('filters and sorts lists and searches by owner_id, created_by and updated_by', async () => {
      const ann = memberOf('member');
      const bob = memberOf('member');
      const annDeal = await records.createRecord(ann, 'deal', aVisibleDeal());
      const bobDeal = await records.createRecord(bob, 'deal', aDeal());
      const systemDeal = await records.createRecord(
        systemContext(organization.id),
        'deal',
        aDeal(),
      );
      const ids = (page: { records: Array<{ id: string }> }) => page.records.map((r) => r.id);
      expect(ids(await list(ann, { owner_id: ann.memberId }))).toEqual([annDeal.id]);
      expect(ids(await list(ann, { owner_id: null }))).toEqual([systemDeal.id]);
      expect(ids(await list(ann, { created_by: `member:${bob.memberId}` }))).toEqual([bobDeal.id]);
      expect(ids(await list(ann, { updated_by: 'system' }))).toEqual([systemDeal.id]);
      expect(ids(await list(ann, { owner_id: 'not-a-uuid' }))).toEqual([]);
      const sorted = ids(await list(ann, {}, 'created_by'));
      expect(sorted[sorted.length - 1]).toBe(systemDeal.id);
      const found = await search.searchRecords(ann, 'deal', {
        filter_groups: [
          {
            filters: [
              { property: 'owner_id', operator: 'IN', values: [ann.memberId, bob.memberId] },
            ],
          },
        ],
        sorts: [{ property: 'created_by', direction: 'ASCENDING' }],
      });
      expect(found.results.map((r) => r.id).sort()).toEqual([annDeal.id, bobDeal.id].sort());
      const unowned = await search.searchRecords(ann, 'deal', {
        filter_groups: [{ filters: [{ property: 'owner_id', operator: 'NOT_HAS_PROPERTY' }] }],
        sorts: [{ property: 'owner_id' }],
      });
      expect(unowned.results.map((r) => r.id)).toEqual([systemDeal.id]);
    });

    it('refuses a filter value of the wrong type, naming the filter', async () => {
      expect(await refusal(list(memberOf('member'), { created_by: 5 }))).toMatchObject({
        status: 400,
        errors: { 'filter.created_by': expect.any(String) },
      });
    });

    it('reassigns the owner only with update scope all, and only to a member', async () => {
      const ann = memberOf(OWN_DEALS);
      const deal = await records.createRecord(ann, 'deal', aVisibleDeal());
      expect(
        await refusal(records.updateRecord(ann, 'deal', deal.id, { owner_id: randomUUID() })),
      ).toMatchObject({ status: 403, errors: { owner_id: expect.any(String) } });
      // Sent back unchanged (react-admin sends the record it showed): no reassignment.
      await records.updateRecord(ann, 'deal', deal.id, { owner_id: ann.memberId, name: 'Same' });
      expect(
        await refusal(
          records.updateRecord(memberOf('admin'), 'deal', deal.id, { owner_id: randomUUID() }),
        ),
      ).toMatchObject({
        status: 400,
        errors: { owner_id: 'must be the id of a member of this organization' },
      });
      const { record } = await records.updateRecord(memberOf('admin'), 'deal', deal.id, {
        owner_id: null,
      });
      expect(record.owner_id).toBeNull();
    });
  });

  describe('built-in roles', () => {
    it('lets owner and admin create, read, update and delete every record', async () => {
      for (const role of ['owner', 'admin'] as const) {
        const someone = memberOf('member');
        const deal = await records.createRecord(someone, 'deal', aDeal());
        const context = memberOf(role);
        await records.createRecord(context, 'deal', aDeal());
        await records.getRecord(context, 'deal', deal.id);
        await records.updateRecord(context, 'deal', deal.id, { name: `By ${role}` });
        await records.deleteRecord(context, 'deal', deal.id);
      }
    });

    it('lets a member read, create and update every record, and delete only its own', async () => {
      const member = memberOf('member');
      const others = await records.createRecord(memberOf('member'), 'deal', aDeal());
      const own = await records.createRecord(member, 'deal', aDeal());
      await records.updateRecord(member, 'deal', others.id, { name: 'Edited' });
      expect(await refusal(records.deleteRecord(member, 'deal', others.id))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
        message: 'Your role (member) may delete only the deal records its member owns',
        errors: undefined,
      });
      await records.deleteRecord(member, 'deal', own.id);
      expect((await list(member)).records.map((r) => r.id)).toEqual([others.id]);
    });

    it('lets a viewer read only', async () => {
      const viewer = memberOf('viewer');
      const deal = await records.createRecord(memberOf('member'), 'deal', aDeal());
      expect((await records.getRecord(viewer, 'deal', deal.id)).id).toBe(deal.id);
      expect((await list(viewer)).total).toBe(1);
      expect(await refusal(records.createRecord(viewer, 'deal', aDeal()))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
        message: 'Your role (viewer) may not create deal records',
        errors: undefined,
      });
      expect(
        await refusal(records.updateRecord(viewer, 'deal', deal.id, { name: 'x' })),
      ).toMatchObject({ status: 403 });
      expect(await refusal(records.deleteRecord(viewer, 'deal', deal.id))).toMatchObject({
        status: 403,
      });
      const company = await records.createRecord(memberOf('member'), 'company', aCompany());
      expect(
        await refusal(links.associate(viewer, 'deal', deal.id, 'company', company.id, false)),
      ).toMatchObject({ status: 403 });
    });
  });

  describe('a custom role with own scopes', () => {
    it('reads only its own records: others are absent from get, list and search', async () => {
      const ann = memberOf(OWN_DEALS);
      const own = await records.createRecord(ann, 'deal', aVisibleDeal());
      const others = await records.createRecord(memberOf('member'), 'deal', aDeal());
      expect((await records.getRecord(ann, 'deal', own.id)).id).toBe(own.id);
      expect(await refusal(records.getRecord(ann, 'deal', others.id))).toMatchObject({
        status: 404,
        code: 'RECORD_NOT_FOUND',
      });
      const page = await list(ann);
      expect({ ids: page.records.map((r) => r.id), total: page.total }).toEqual({
        ids: [own.id],
        total: 1,
      });
      const found = await search.searchRecords(ann, 'deal', { with_total: true });
      expect(found.results.map((r) => r.id)).toEqual([own.id]);
      expect(found.total).toBe(1);
    });

    it('updates only its own records (others are absent) and deletes none', async () => {
      const ann = memberOf(OWN_DEALS);
      const own = await records.createRecord(ann, 'deal', aVisibleDeal());
      const others = await records.createRecord(memberOf('member'), 'deal', aDeal());
      await records.updateRecord(ann, 'deal', own.id, { name: 'Mine' });
      expect(
        await refusal(records.updateRecord(ann, 'deal', others.id, { name: 'x' })),
      ).toMatchObject({ status: 404 });
      expect(await refusal(records.deleteRecord(ann, 'deal', own.id))).toMatchObject({
        status: 403,
      });
    });

    it('refuses every read of an object the role may not read', async () => {
      const ann = memberOf(OWN_DEALS);
      const person = await records.createRecord(organization.context, 'person', aPerson());
      for (const read of [
        records.listRecords(ann, 'person', { filter: {} }),
        records.getRecord(ann, 'person', person.id),
        search.searchRecords(ann, 'person', {}),
      ]) {
        expect(await refusal(read)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      }
    });

    it('links only records it may update on both ends', async () => {
      const ann = memberOf({
        ...OWN_DEALS,
        objects: {
          ...OWN_DEALS.objects,
          company: { read: 'all', create: 'all', update: 'own', delete: 'none' },
        },
      });
      const deal = await records.createRecord(ann, 'deal', aVisibleDeal());
      const ownCompany = await records.createRecord(ann, 'company', aCompany());
      const otherCompany = await records.createRecord(memberOf('member'), 'company', aCompany());
      await links.associate(ann, 'deal', deal.id, 'company', ownCompany.id, true);
      expect(
        await refusal(links.associate(ann, 'deal', deal.id, 'company', otherCompany.id, true)),
      ).toMatchObject({ status: 403 });
      expect(
        await refusal(records.updateRecord(ann, 'deal', deal.id, { company_id: otherCompany.id })),
      ).toMatchObject({ status: 403 });
    });
  });

  describe('hidden and read-only properties', () => {
    async function hiddenDeal(): Promise<{ id: string; word: string }> {
      const word = `secret${uniqueSuffix().replace(/-/g, '')}`;
      const deal = await records.createRecord(
        organization.context,
        'deal',
        aDeal({ amount: '99.00', next_step: `Call ${word}`, probability: 40 }),
      );
      return { id: deal.id, word };
    }

    it('leaves hidden properties out of get, list, search, association listings and write answers', async () => {
      const reader = memberOf(HIDDEN_READER);
      const company = await records.createRecord(organization.context, 'company', aCompany());
      const deal = await hiddenDeal();
      await links.associate(organization.context, 'deal', deal.id, 'company', company.id, true);
      const shown = [
        await records.getRecord(reader, 'deal', deal.id),
        (await list(reader)).records[0],
        (await search.searchRecords(reader, 'deal', {})).results[0],
        (await associations.listAssociated(reader, 'company', company.id, 'deals', { filter: {} }))
          .records[0],
        (await records.updateRecord(reader, 'deal', deal.id, { name: 'Visible' })).record,
        await records.createRecord(reader, 'deal', aVisibleDeal()),
      ];
      for (const record of shown) {
        expect(record).toBeDefined();
        expect(record).not.toHaveProperty('amount');
        expect(record).not.toHaveProperty('next_step');
        expect(record).toHaveProperty('name');
      }
      expect(shown[0]).toHaveProperty('probability', 40);
      // Kept, not dropped, by the update that could not see them.
      expect(await records.getRecord(organization.context, 'deal', deal.id)).toMatchObject({
        amount: '99.00',
        next_step: expect.stringContaining('Call'),
      });
    });

    it('refuses filters and sorts on a hidden property with a per-field 400', async () => {
      const reader = memberOf(HIDDEN_READER);
      expect(await refusal(list(reader, { amount_gte: '1' }))).toMatchObject({
        status: 400,
        errors: { 'filter.amount_gte': 'is not a property of deal' },
      });
      expect(await refusal(list(reader, {}, 'next_step'))).toMatchObject({
        status: 400,
        errors: { sort: 'unknown property "next_step"' },
      });
      expect(
        await refusal(
          search.searchRecords(reader, 'deal', {
            filter_groups: [{ filters: [{ property: 'amount', operator: 'GT', value: '1' }] }],
            sorts: [{ property: 'next_step' }],
            properties: ['amount'],
          }),
        ),
      ).toMatchObject({
        status: 400,
        errors: {
          'filter_groups.0.filters.0.property': '"amount" is not a property of deal',
          'sorts.0.property': '"next_step" is not a property of deal',
          'properties.0': '"amount" is not a property of deal',
        },
      });
      expect(
        await refusal(
          records.listRecords(reader, 'company', { filter: { 'deals.amount_gt': '1' } }),
        ),
      ).toMatchObject({ status: 400, errors: { 'filter.deals.amount_gt': expect.any(String) } });
    });

    it('never matches q on a hidden value, while visible values and other roles still match', async () => {
      const reader = memberOf(HIDDEN_READER);
      const deal = await hiddenDeal();
      const named = await records.createRecord(
        organization.context,
        'deal',
        aDeal({ name: `Deal ${deal.word}` }),
      );
      const owner = memberOf('owner');
      expect((await list(owner, { q: deal.word })).records.map((r) => r.id).sort()).toEqual(
        [deal.id, named.id].sort(),
      );
      expect((await list(reader, { q: deal.word })).records.map((r) => r.id)).toEqual([named.id]);
      const sortedList = await records.listRecords(reader, 'deal', {
        filter: { q: deal.word },
        sort: { field: 'name', order: 'ASC' },
      });
      expect(sortedList.records.map((r) => r.id)).toEqual([named.id]);
      const found = await search.searchRecords(reader, 'deal', {
        query: deal.word,
        with_total: true,
      });
      expect(found.results.map((r) => r.id)).toEqual([named.id]);
      expect(found.total).toBe(1);
    });

    it('refuses writing a hidden or read-only property, naming it, and lets an unchanged one pass', async () => {
      const reader = memberOf(HIDDEN_READER);
      const deal = await hiddenDeal();
      expect(
        await refusal(records.createRecord(reader, 'deal', { ...aVisibleDeal(), amount: '1.00' })),
      ).toEqual({
        status: 403,
        code: 'FORBIDDEN',
        message: 'Your role may not write amount of deal records',
        errors: { amount: 'is hidden from your role: it cannot be written' },
      });
      expect(
        await refusal(records.updateRecord(reader, 'deal', deal.id, { probability: 10 })),
      ).toMatchObject({ status: 403, errors: { probability: 'is read-only for your role' } });
      await records.updateRecord(reader, 'deal', deal.id, { probability: 40, name: 'Same' });
    });

    it('shows no links to an object the role may not read, and refuses to include them', async () => {
      const ann = memberOf(OWN_DEALS);
      const deal = await records.createRecord(ann, 'deal', aVisibleDeal());
      const person = await records.createRecord(organization.context, 'person', aPerson());
      await links.associate(organization.context, 'deal', deal.id, 'contacts', person.id, false);
      expect(
        await records.getRecord(organization.context, 'deal', deal.id, { include: ['contacts'] }),
      ).toHaveProperty('associations', { contacts: [person.id] });
      const shown = await records.getRecord(ann, 'deal', deal.id);
      expect(shown).not.toHaveProperty('associations');
      // For this role the association is absent, as a hidden property is.
      expect(
        await refusal(records.getRecord(ann, 'deal', deal.id, { include: ['contacts'] })),
      ).toMatchObject({ status: 400, errors: { include: expect.stringContaining('contacts') } });
    });
  });
});
