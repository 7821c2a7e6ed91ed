import { ObjectDefinitionsRepository } from 'src/object-definitions/object-definitions.repository';
import { AssociationsClient } from '../support/association-fixtures';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const CACHED_ORGANIZATIONS = 2;

/**
 * The in-memory definitions and association sides keep at most `organizationCacheSize`
 * organizations: more organizations than that still answer with their own definitions.
 */
describe('Definitions cache: a bounded number of organizations', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ organizationCacheSize: CACHED_ORGANIZATIONS });
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** An organization whose `ticket` object has one property of its own, `code_<n>`. */
  async function anOrganizationWithTickets(n: number): Promise<TestOrganization> {
    const organization = await testApp.createOrganization();
    await testApp
      .http()
      .post('/api/object-definitions')
      .set(organization.headers)
      .send({
        name: 'ticket',
        labels: { singular: 'Ticket', plural: 'Tickets' },
        properties: [{ name: `code_${n}`, type: 'text', label: 'Code', max_length: n + 1 }],
      })
      .expect(201);
    return organization;
  }

  function createTicket(organization: TestOrganization, body: Record<string, unknown>) {
    return testApp.http().post('/api/objects/ticket').set(organization.headers).send(body);
  }

  it('answers each of more organizations than the bound with its own definitions', async () => {
    const organizations: TestOrganization[] = [];
    for (let n = 0; n < CACHED_ORGANIZATIONS + 2; n++) {
      organizations.push(await anOrganizationWithTickets(n));
    }
    const loads = jest.spyOn(testApp.app.get(ObjectDefinitionsRepository), 'findLiveHeads');
    for (let round = 0; round < 2; round++) {
      // The first round loads each organization after its definition change anyway.
      loads.mockClear();
      for (const [n, organization] of organizations.entries()) {
        const code = 'x'.repeat(n + 1);
        const created = await createTicket(organization, { [`code_${n}`]: code }).expect(201);
        expect(created.body).toMatchObject({ [`code_${n}`]: code });
        await createTicket(organization, { [`code_${n}`]: `${code}x` }).expect(400);
        const other = (n + 1) % organizations.length;
        await createTicket(organization, { [`code_${other}`]: 'x' }).expect(400);
        const api = new AssociationsClient(testApp, organization);
        const company = await api.newCompany();
        const deal = await api.newDeal({ company_id: company.id });
        const read = await api.getRecord('deal', deal.id, 'company').expect(200);
        expect(read.body.associations).toEqual({ company: [company.id] });
      }
    }
    const loaded = new Set(loads.mock.calls.map(([organizationId]) => organizationId));
    // In the second round every organization had been dropped meanwhile and was loaded again.
    expect(loaded).toEqual(new Set(organizations.map((organization) => organization.id)));
  });

  it('applies a definition change to an organization that was dropped meanwhile', async () => {
    const first = await anOrganizationWithTickets(1);
    await createTicket(first, { code_1: 'ab' }).expect(201);
    for (let n = 0; n < CACHED_ORGANIZATIONS; n++) {
      const other = await anOrganizationWithTickets(n);
      await createTicket(other, {}).expect(201);
    }
    await testApp
      .http()
      .post('/api/object-definitions/ticket/properties')
      .set(first.headers)
      .send({ name: 'note', type: 'text', label: 'Note' })
      .expect(201);
    const created = await createTicket(first, { code_1: 'ab', note: 'kept' }).expect(201);
    expect(created.body).toMatchObject({ code_1: 'ab', note: 'kept' });
  });
});
