import {
  AssociationsClient,
  aShipmentCustomer,
  type WireDefinition,
} from '../support/association-fixtures';
import { DataModelClient, expectError } from '../support/data-model-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * docs/domain.md's association table: from, to, labels (inverse), cardinality. One-to-one inverses are
 * singular ("proposal (contract)"), so vendor's is "vendor account" where the table says "accounts".
 */
const DOMAIN_TABLE = `
person company employer/employees many_to_one
deal company company/deals many_to_one
deal person contacts/deals many_to_many
proposal deal deal/proposals many_to_one
proposal company client/proposals many_to_one
proposal person contact/proposals many_to_one
contract proposal proposal/contract one_to_one
contract deal deal/contracts many_to_one
contract company client/contracts many_to_one
engagement contract contract/engagements many_to_one
engagement deal deal/engagements many_to_one
engagement company client/engagements many_to_one
engagement person primary_contact/engagements many_to_one
project engagement engagement/projects many_to_one
milestone project project/milestones many_to_one
task project project/tasks many_to_one
task milestone milestone/tasks many_to_one
invoice_schedule engagement engagement/invoice_schedules many_to_one
invoice engagement engagement/invoices many_to_one
invoice invoice_schedule schedule/invoices many_to_one
invoice company billed_to/invoices many_to_one
payment invoice invoice/payments many_to_one
bill vendor vendor/bills many_to_one
bill engagement engagement/bills many_to_one
vendor company party/vendor_account one_to_one
thread engagement engagement/threads many_to_one
message thread thread/messages many_to_one
file engagement engagement/files many_to_one
order person customer/orders many_to_one
order product items/orders many_to_many
appointment person attendees/appointments many_to_many`;

const asLabel = (name: string): string => name.replace(/_/g, ' ');

describe('Associations: definitions (system ones, create)', () => {
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

  describe('system associations', () => {
    it("registers every row of docs/domain.md's association table as a system association", async () => {
      const response = await api.listDefinitions({}, [0, 99]).expect(200);
      const rows = DOMAIN_TABLE.trim().split('\n');
      expect(response.headers['content-range']).toBe(
        `association-definitions 0-${rows.length - 1}/${rows.length}`,
      );
      const listed = (response.body as WireDefinition[]).map(
        (d) =>
          `${d.from} ${d.to} ${d.from_side.name}/${d.to_side.name} ${d.cardinality} ${d.is_system}` +
          ` ${d.from_side.label.toLowerCase()}/${d.to_side.label.toLowerCase()}`,
      );
      const expected = rows.map((row) => {
        const [, , sides = ''] = row.split(' ');
        const [from = '', to = ''] = sides.split('/');
        return `${row} true ${asLabel(from)}/${asLabel(to)}`;
      });
      expect(listed.sort()).toEqual(expected.sort());
    });

    it('reads one by name, in the react-admin record shape', async () => {
      const response = await api.getDefinition('deal_company').expect(200);
      expect(response.body).toEqual({
        id: 'deal_company',
        name: 'deal_company',
        from: 'deal',
        to: 'company',
        cardinality: 'many_to_one',
        from_side: { name: 'company', label: 'Company' },
        to_side: { name: 'deals', label: 'Deals' },
        is_system: true,
        created_at: expect.stringMatching(ISO_TIME),
        updated_at: expect.stringMatching(ISO_TIME),
      });
    });

    it('lists the associations of one object, at either end', async () => {
      const response = await api.listDefinitions({ object: 'contract' }).expect(200);
      expect((response.body as WireDefinition[]).map((d) => d.name).sort()).toEqual([
        'contract_client',
        'contract_deal',
        'contract_proposal',
        'engagement_contract',
      ]);
    });

    it('refuses to delete a system association', async () => {
      expectError(await api.deleteDefinition('deal_company', true), {
        status: 409,
        code: 'CONFLICT',
        message: 'deal_company is a system association and cannot be deleted',
      });
      await api.getDefinition('deal_company').expect(200);
    });

    it('answers 404 for an unknown association', async () => {
      expectError(await api.getDefinition('deal_spaceship'), {
        status: 404,
        code: 'ASSOCIATION_NOT_FOUND',
        message: 'No association named "deal_spaceship"',
      });
    });
  });

  describe('create', () => {
    it('links a custom object to a system one, seen from both sides', async () => {
      const { object, definition: body } = await aShipmentCustomer(api, model);
      expect(body).toMatchObject({ id: `${object}_customer`, to: 'company', is_system: false });
      const [shipment] = await model.newRecords(object, [{ tracking_number: 'T-1' }]);
      const company = await api.newCompany();
      await api.link(object, shipment!.id, 'customer', company.id).expect(200, { linked: true });
      expect(await api.linkedIds('company', company.id, 'shipments')).toEqual([shipment!.id]);
      const read = await api.getRecord(object, shipment!.id).expect(200);
      expect(read.body).toMatchObject({ customer_id: company.id });
    });

    it('links an object to itself, with a different name on each side', async () => {
      await api
        .createDefinition({
          name: 'person_manager',
          from: 'person',
          to: 'person',
          cardinality: 'many_to_one',
          from_side: { name: 'manager', label: 'Manager' },
          to_side: { name: 'reports', label: 'Direct reports' },
        })
        .expect(201);
      const [boss, ann, bob] = [
        await api.newPerson(),
        await api.newPerson(),
        await api.newPerson(),
      ];
      await api.linkOk('person', ann.id, 'manager', boss.id);
      await api.linkOk('person', boss.id, 'reports', bob.id);
      expect(await api.linkedIds('person', boss.id, 'reports')).toEqual([ann.id, bob.id].sort());
      expect(await api.linkedIds('person', bob.id, 'manager')).toEqual([boss.id]);
      expect((await api.getRecord('person', ann.id).expect(200)).body).toMatchObject({
        manager_id: boss.id,
      });
      expect((await api.getRecord('person', boss.id).expect(200)).body).toMatchObject({
        manager_id: null,
      });
    });

    it('refuses a self association whose two sides have the same name', async () => {
      const response = await api.createDefinition({
        name: 'person_peer',
        from: 'person',
        to: 'person',
        cardinality: 'many_to_many',
        from_side: { name: 'peers', label: 'Peers' },
        to_side: { name: 'peers', label: 'Peers' },
      });
      expectError(response, {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'An association of an object with itself needs two different side names',
        errors: { to_side: 'must differ from from_side' },
      });
    });

    it('refuses a side name the object already uses', async () => {
      const response = await api.createDefinition({
        name: 'deal_buyer',
        from: 'deal',
        to: 'company',
        cardinality: 'many_to_one',
        from_side: { name: 'company', label: 'Buyer' },
        to_side: { name: 'bought_deals', label: 'Bought deals' },
      });
      expectError(response, {
        status: 409,
        code: 'CONFLICT',
        message: 'deal already has an association named "company"',
        errors: { 'from_side.name': 'is taken on that object' },
      });
      await api.getDefinition('deal_buyer').expect(404);
    });

    it('refuses a name in use, and an object that does not exist', async () => {
      const taken = await api.createDefinition({
        name: 'deal_company',
        from: 'deal',
        to: 'company',
        cardinality: 'many_to_many',
        from_side: { name: 'buyers', label: 'Buyers' },
        to_side: { name: 'purchases', label: 'Purchases' },
      });
      expectError(taken, {
        status: 409,
        code: 'CONFLICT',
        message: 'An association named "deal_company" already exists',
        errors: { name: 'is taken' },
      });
      const unknown = await api.createDefinition({
        name: 'deal_spaceship',
        from: 'deal',
        to: 'spaceship',
        cardinality: 'many_to_many',
        from_side: { name: 'spaceships', label: 'Spaceships' },
        to_side: { name: 'deals', label: 'Deals' },
      });
      expectError(unknown, {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'No object named "spaceship"',
        errors: { to: 'no object named "spaceship"' },
      });
    });

    it('refuses an unknown cardinality', async () => {
      const response = await api.createDefinition({
        name: 'deal_partner',
        from: 'deal',
        to: 'company',
        cardinality: 'some_to_some',
        from_side: { name: 'partners', label: 'Partners' },
        to_side: { name: 'partner_deals', label: 'Partner deals' },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('Invalid request: cardinality must be one of one_to_one'),
        errors: { cardinality: expect.stringContaining('cardinality must be one of one_to_one') },
      });
    });
  });
});
