import { AssociationsClient } from '../support/association-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** A deal of a company read `times` times (the answer checked each time), a deal created after each. */
async function readAndCreate(testApp: TestApp, times: number): Promise<void> {
  const api = new AssociationsClient(testApp, await testApp.createOrganization());
  const company = await api.newCompany();
  const deal = await api.newDeal();
  await api.updateRecord('deal', deal.id, { company_id: company.id }).expect(200);
  for (let i = 0; i < times; i++) {
    const read = await api.getRecord('deal', deal.id).expect(200);
    expect(read.body).toMatchObject({ id: deal.id, company_id: company.id });
    await api.newDeal();
    const changed = await api.updateRecord('deal', deal.id, { next_step: `step ${i}` }).expect(200);
    expect(changed.body).toMatchObject({ next_step: `step ${i}`, company_id: company.id });
  }
}

/**
 * The hot statements are named prepared statements: planned once per connection, then run with
 * a plan for any values (planning a read of `record`, with its many partial indexes, cost more
 * than running it). One connection, so the test reads that connection's prepared statements.
 */
describe('Prepared statements of the hot paths', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: { poolSize: 1 } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function prepared(): Promise<Array<{ statement: string; generic_plans: number }>> {
    return testApp.dataSource.query(
      `SELECT statement, generic_plans::int AS generic_plans FROM pg_prepared_statements
        WHERE name LIKE 'plinth\\_%'`,
    );
  }

  it('reads a record with its links by id in one statement planned once, and creates and updates with one', async () => {
    await readAndCreate(testApp, 8);
    const statements = await prepared();
    const reused = (pattern: RegExp) =>
      statements.find((s) => pattern.test(s.statement) && s.generic_plans > 0);
    // PostgreSQL plans the first five runs for their values, then keeps one plan for all.
    expect(
      reused(
        /FROM record r\s+WHERE r\.organization_id = \$1 AND r\.object_definition_id = \$2 AND r\.id = \$3/,
      ),
    ).toBeDefined();
    expect(reused(/FROM association a/)).toBeDefined();
    // A read by id is one statement: the record and its links together.
    expect(reused(/AS links\s+FROM record r\s+WHERE r\.organization_id = \$1/)).toBeDefined();
    expect(reused(/INSERT INTO record/)).toBeDefined();
    expect(reused(/UPDATE record AS r SET[\s\S]*r\.version = \$10/)).toBeDefined();
  });

  it("reads a page's links (every record and side at once) with a plan made once", async () => {
    const api = new AssociationsClient(testApp, await testApp.createOrganization());
    const company = await api.newCompany();
    const deals = [await api.newDeal(), await api.newDeal(), await api.newDeal()];
    for (const deal of deals) {
      await api.updateRecord('deal', deal.id, { company_id: company.id }).expect(200);
    }
    for (let i = 0; i < 8; i++) {
      const page = await api.listRecords('deal', {}, 'company,contacts').expect(200);
      expect(page.body).toEqual(
        deals.map((deal) =>
          expect.objectContaining({
            id: deal.id,
            company_id: company.id,
            associations: { company: [company.id], contacts: [] },
          }),
        ),
      );
    }
    const statements = await prepared();
    expect(
      statements.find((s) => /ANY\(\$2::uuid\[\]\)/.test(s.statement) && s.generic_plans > 0),
    ).toBeDefined();
  });

  it("checks a person's similar names (the fuzzy duplicate rule) with a plan made once", async () => {
    const organization = await testApp.createOrganization();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const created = await testApp
        .http()
        .post('/api/objects/person')
        .set(organization.headers)
        .send({ first_name: 'Ann', last_name: 'Leeson', email: `ann${i}@example.com` })
        .expect(201);
      // Each new Ann Leeson is told about the earlier ones (the answer checked on every run).
      const header = created.headers['plinth-possible-duplicates'];
      expect(header === undefined ? [] : header.split(',').map((id) => id.trim())).toEqual(
        expect.arrayContaining(ids),
      );
      ids.push(created.body.id);
    }
    const statements = await prepared();
    expect(
      statements.find(
        (s) => /similarity\(r\.display_name, \$3\)/.test(s.statement) && s.generic_plans > 0,
      ),
    ).toBeDefined();
  });
});

describe('DATABASE_PREPARED_STATEMENTS=off (a pooler that loses named statements)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: { poolSize: 1, preparedStatements: false } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('sends every statement unnamed, and reads and creates as before', async () => {
    await readAndCreate(testApp, 6);
    const named: unknown[] = await testApp.dataSource.query(
      `SELECT name FROM pg_prepared_statements WHERE name LIKE 'plinth\\_%'`,
    );
    expect(named).toEqual([]);
  });
});
