import { aPerson } from '../support/factories';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/**
 * A new database's first statistics: without them PostgreSQL's planner does not know a record's
 * id is unique and plans a read by id as a scan of the organization's records, until autovacuum's
 * first analysis up to a minute later (record-statistics.repository.ts).
 */
describe('First statistics of record and record_unique_value after a batch write', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    // Its own database: the shared one may have statistics from other files' batches.
    testApp = await startTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function distinctIds(table: string, column: string): Promise<number | undefined> {
    const rows: Array<{ n_distinct: number }> = await testApp.dataSource.query(
      `SELECT n_distinct FROM pg_stats
        WHERE schemaname = current_schema() AND tablename = $1 AND attname = $2`,
      [table, column],
    );
    return rows[0]?.n_distinct;
  }

  async function planOfReadById(id: string): Promise<string> {
    const rows: Array<{ 'QUERY PLAN': string }> = await testApp.dataSource.query(
      `EXPLAIN SELECT id, properties FROM record
        WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3`,
      [org.id, await personDefinitionId(), id],
    );
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  async function personDefinitionId(): Promise<string> {
    const [row]: Array<{ id: string }> = await testApp.dataSource.query(
      `SELECT id FROM object_definition WHERE organization_id = $1 AND name = 'person'`,
      [org.id],
    );
    return (row as { id: string }).id;
  }

  /** `count` new people through the batch create; their ids. */
  async function createPeople(count: number): Promise<Array<{ id: string }>> {
    const response = await testApp
      .http()
      .post('/api/objects/person/batch')
      .set(org.headers)
      .send(Array.from({ length: count }, () => aPerson()))
      .expect(201);
    return response.body;
  }

  async function upsertPeople(count: number): Promise<void> {
    const response = await testApp
      .http()
      .post('/api/objects/person/upsert/batch')
      .set(org.headers)
      .send({ key: 'email', records: Array.from({ length: count }, () => aPerson()) })
      .expect(200);
    expect(response.body.results).toHaveLength(count);
  }

  it('are made once a batch leaves the tables big enough, so a read by id uses the primary key', async () => {
    const small = await createPeople(5);
    // Too small to be worth it: still none (autovacuum waits a minute at least).
    expect(await distinctIds('record', 'id')).toBeUndefined();
    expect(await distinctIds('record_unique_value', 'value')).toBeUndefined();
    expect(small).toHaveLength(5);

    // An index build (CREATE INDEX CONCURRENTLY) holds the lock ANALYZE needs: the batch does not
    // wait for it, and a later batch analyzes.
    const indexBuild = testApp.dataSource.createQueryRunner();
    await indexBuild.startTransaction();
    await indexBuild.query('LOCK TABLE record IN SHARE UPDATE EXCLUSIVE MODE');
    try {
      // A batch create this time; the upsert below is the other batch path.
      await createPeople(800);
      expect(await distinctIds('record', 'id')).toBeUndefined();
    } finally {
      await indexBuild.rollbackTransaction();
      await indexBuild.release();
    }
    expect(await distinctIds('record_unique_value', 'value')).toBe(-1);

    await upsertPeople(200);
    // -1: every row distinct, which is what the planner lacked.
    expect(await distinctIds('record', 'id')).toBe(-1);
    expect(await distinctIds('record_unique_value', 'value')).toBe(-1);
    expect(await planOfReadById((small[0] as { id: string }).id)).toContain('PK_record');
  });
});
