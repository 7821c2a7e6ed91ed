import { AssociationsClient } from '../support/association-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

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

  it('reads a record and its links by id with plans made once, and creates with one', async () => {
    const api = new AssociationsClient(testApp, await testApp.createOrganization());
    const company = await api.newCompany();
    const deal = await api.newDeal();
    await api.updateRecord('deal', deal.id, { company_id: company.id }).expect(200);
    for (let i = 0; i < 8; i++) {
      const read = await api.getRecord('deal', deal.id).expect(200);
      expect(read.body).toMatchObject({ id: deal.id, company_id: company.id });
      await api.newDeal();
    }
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
    expect(reused(/INSERT INTO record/)).toBeDefined();
  });
});
