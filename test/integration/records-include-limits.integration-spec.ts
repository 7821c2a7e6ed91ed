import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AssociationsRepository, type SideLinkRow } from 'src/records/associations.repository';
import { linkTypesOf } from 'src/records/record-links.service';
import { RecordsRepository } from 'src/records/records.repository';
import { AssociationsClient } from '../support/association-fixtures';
import { aPerson } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** `?include=` is bounded: sides per request, and linked ids per record and side. */
describe('Records: include limits', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let api: AssociationsClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
    api = new AssociationsClient(testApp, organization);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function newPeople(count: number): Promise<string[]> {
    const people = await testApp
      .http()
      .post('/api/objects/person/batch')
      .set(organization.headers)
      .send(Array.from({ length: count }, () => aPerson()))
      .expect(201);
    return (people.body as Array<{ id: string }>).map((person) => person.id);
  }

  /** `count` new people linked to the deal as contacts in one batch. */
  async function linkContacts(dealId: string, count: number): Promise<string[]> {
    const ids = await newPeople(count);
    await api
      .batch({
        associate: ids.map((id) => ({
          object: 'deal',
          id: dealId,
          association: 'contacts',
          to_id: id,
        })),
      })
      .expect(200);
    return ids;
  }

  /** `count` new people linked one request after another, so in a known order. */
  async function linkContactsInTurn(dealId: string, count: number): Promise<string[]> {
    const ids = await newPeople(count);
    for (const id of ids) {
      await api.linkOk('deal', dealId, 'contacts', id);
    }
    return ids;
  }

  it('refuses more than 10 associations in one request, naming the limit', async () => {
    // An engagement has exactly 10 sides.
    const sides = [
      'contract',
      'deal',
      'client',
      'primary_contact',
      'projects',
      'invoice_schedules',
      'invoices',
      'bills',
      'threads',
      'files',
    ];
    const engagement = await api.newRecord('engagement', { name: 'Retainer' });
    const all = await api.getRecord('engagement', engagement.id, sides.join(',')).expect(200);
    expect(Object.keys(all.body.associations as object).sort()).toEqual([...sides].sort());
    const include = [...sides, 'contacts'].join(',');
    const one = await api.getRecord('engagement', engagement.id, include);
    const list = await api.listRecords('engagement', {}, include);
    for (const response of [one, list]) {
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Invalid include: at most 10 associations per request, got 11',
        errors: { include: 'at most 10 associations' },
      });
    }
  });

  it('answers at most 100 linked ids per record and side, and says which were cut', async () => {
    const [full, over] = [await api.newDeal(), await api.newDeal()];
    const fullIds = await linkContacts(full.id, 100);
    const overIds = await linkContacts(over.id, 101);
    const list = await api.listRecords('deal', {}, 'company,contacts').expect(200);
    const [fullRead, overRead] = list.body as Array<{
      associations: { company: string[]; contacts: string[]; _truncated?: string[] };
    }>;
    expect(fullRead?.associations).toEqual({
      company: [],
      contacts: expect.arrayContaining(fullIds) as unknown,
    });
    expect(fullRead?.associations.contacts).toHaveLength(100);
    expect(overRead?.associations).toEqual({
      company: [],
      contacts: expect.any(Array) as unknown,
      _truncated: ['contacts'],
    });
    const shown = overRead?.associations.contacts ?? [];
    expect(new Set(shown).size).toBe(100);
    expect(overIds).toEqual(expect.arrayContaining(shown));
    const one = await api.getRecord('deal', over.id, 'contacts').expect(200);
    expect(one.body.associations).toEqual({ contacts: shown, _truncated: ['contacts'] });
    // The whole list stays reachable through the side's own path.
    const all = await api.listLinked('deal', over.id, 'contacts', { range: '[0,199]' }).expect(200);
    expect(all.body).toHaveLength(101);
  });

  it('reads no more links per record and side than the limit from the database', async () => {
    const [first, second] = [await api.newDeal(), await api.newDeal()];
    const firstIds = await linkContactsInTurn(first.id, 5);
    const secondIds = await linkContactsInTurn(second.id, 2);
    const [contacts] = (
      await testApp.app
        .get(AssociationDefinitionsService)
        .sidesOfObject(organization.context, 'deal')
    ).filter((side) => side.name === 'contacts');
    const rows = await testApp.app
      .get(AssociationsRepository)
      .findLinksPerRecord(
        organization.id,
        { from: [contacts?.associationType ?? ''], to: [] },
        [first.id, second.id],
        3,
      );
    const bySelf = (id: string): string[] =>
      rows.filter((row) => row.self_id === id).map((row) => row.other_id);
    expect(bySelf(first.id)).toEqual(firstIds.slice(0, 3));
    expect(bySelf(second.id)).toEqual(secondIds);
    expect(rows).toHaveLength(5);
  });

  it("reads one record's links at most the limit per side, oldest first, on either column", async () => {
    const [deal, company] = [await api.newDeal(), await api.newCompany()];
    const contactIds = await linkContactsInTurn(deal.id, 5);
    await api.linkOk('deal', deal.id, 'company', company.id);
    const person = contactIds[0] ?? '';
    const otherDeals = [await api.newDeal(), await api.newDeal(), await api.newDeal()];
    for (const other of otherDeals) {
      await api.linkOk('deal', other.id, 'contacts', person);
    }
    const sides = async (object: string, names: string[]) =>
      (
        await testApp.app
          .get(AssociationDefinitionsService)
          .sidesOfObject(organization.context, object)
      ).filter((side) => names.includes(side.name));
    const dealSides = await sides('deal', ['contacts', 'company']);
    const typeOf = (name: string): string =>
      dealSides.find((side) => side.name === name)?.associationType ?? '';
    const links = testApp.app.get(AssociationsRepository);
    const ofSide = (rows: SideLinkRow[], name: string): string[] =>
      rows.filter((row) => row.association_type === typeOf(name)).map((row) => row.other_id);

    // Two sides of one column: each keeps its own first 3 (the company's one link included).
    const rows = await links.findLinksPerRecord(
      organization.id,
      linkTypesOf(dealSides),
      [deal.id],
      3,
    );
    expect(ofSide(rows, 'contacts')).toEqual(contactIds.slice(0, 3));
    expect(ofSide(rows, 'company')).toEqual([company.id]);
    expect(rows).toHaveLength(4);

    // The read by id answers the same links beside the record, in one statement.
    const [{ id: definitionId }] = await testApp.dataSource.query(
      `SELECT id FROM object_definition WHERE organization_id = $1 AND name = 'deal' AND archived_at IS NULL`,
      [organization.id],
    );
    const found = await testApp.app
      .get(RecordsRepository)
      .findByIdWithLinks(
        { organizationId: organization.id, definitionId },
        deal.id,
        linkTypesOf(dealSides),
        3,
      );
    expect(found?.row.id).toBe(deal.id);
    expect(found?.links).toEqual(rows);

    // The `to` column: the person's deals, oldest link first.
    const personRows = await links.findLinksPerRecord(
      organization.id,
      linkTypesOf(await sides('person', ['deals'])),
      [person],
      3,
    );
    expect(personRows.map((row) => row.other_id)).toEqual([
      deal.id,
      ...otherDeals.slice(0, 2).map((other) => other.id),
    ]);
    expect(personRows.every((row) => row.self_column === 'to' && row.self_id === person)).toBe(
      true,
    );
  });
});
