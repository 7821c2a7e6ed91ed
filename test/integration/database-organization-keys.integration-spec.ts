import { OrganizationLeadingKeys1767300000000 } from 'src/database/migrations/1767300000000-organization-leading-keys';
import type { DataSource, QueryRunner } from 'typeorm';
import { AssociationsClient } from '../support/association-fixtures';
import { anEmail, aPerson } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/** The tables distributed by organization (docs/scaling.md, "Citus by organization"). */
const DISTRIBUTED = ['record', 'record_unique_value', 'association', 'event'];

interface KeyRow {
  table_name: string;
  key_name: string;
  columns: string[];
}

/** The primary keys and unique indexes of the distributed tables, with their columns in order. */
function uniqueKeys(dataSource: DataSource): Promise<KeyRow[]> {
  return dataSource.query(
    `SELECT c.relname AS table_name, i.relname AS key_name,
            array_agg(a.attname ORDER BY k.ordinality)::text[] AS columns
       FROM pg_index x
       JOIN pg_class c ON c.oid = x.indrelid
       JOIN pg_class i ON i.oid = x.indexrelid
       CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(attnum, ordinality)
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE x.indisunique AND c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace
      GROUP BY c.relname, i.relname
      ORDER BY 1, 2`,
    [DISTRIBUTED],
  );
}

/** Every foreign key that references a distributed table: its columns and the referenced ones. */
function keysToDistributed(
  dataSource: DataSource,
): Promise<Array<{ key_name: string; columns: string[]; referenced: string[] }>> {
  return dataSource.query(
    `SELECT f.conname AS key_name,
            array(SELECT attname FROM unnest(f.conkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute ON attrelid = f.conrelid AND attnum = k.n ORDER BY o)::text[] AS columns,
            array(SELECT attname FROM unnest(f.confkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute ON attrelid = f.confrelid AND attnum = k.n ORDER BY o)::text[] AS referenced
       FROM pg_constraint f
      WHERE f.contype = 'f' AND f.confrelid::regclass::text = ANY($1)
      ORDER BY 1`,
    [DISTRIBUTED],
  );
}

async function inTransaction(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<void>,
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await work(runner);
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}

describe('Organization-leading keys (migration 1767300000000)', () => {
  let testApp: TestApp;

  // An app of its own: the test migrates its database down and up again.
  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('leads every primary key and unique index of the distributed tables with organization_id', async () => {
    const keys = await uniqueKeys(testApp.dataSource);
    expect(keys.map((key) => key.key_name)).toEqual(
      expect.arrayContaining(['PK_record', 'PK_association', 'PK_event']),
    );
    expect(keys.filter((key) => key.columns[0] !== 'organization_id')).toEqual([]);
  });

  it('makes every foreign key to a distributed table name the organization on both sides', async () => {
    const keys = await keysToDistributed(testApp.dataSource);
    expect(keys.map((key) => key.key_name)).toEqual([
      'FK_association_from_record',
      'FK_association_to_record',
      'FK_record_unique_value_record',
    ]);
    for (const key of keys) {
      expect([key.columns[0], key.referenced[0]]).toEqual(['organization_id', 'organization_id']);
    }
  });

  it('migrates a database holding records, unique values and links down and up again', async () => {
    const org = await testApp.createOrganization();
    const other = await testApp.createOrganization();
    const client = new AssociationsClient(testApp, org);
    const email = anEmail();
    const person = await client.newPerson({ email });
    const company = await client.newCompany();
    await client.linkOk('person', person.id, 'employer', company.id);
    const stranger = await new AssociationsClient(testApp, other).newCompany();
    const before = await testApp.dataSource.query(
      `SELECT (SELECT count(*) FROM record) AS records, (SELECT count(*) FROM association) AS links,
              (SELECT count(*) FROM record_unique_value) AS unique_values`,
    );
    const migration = new OrganizationLeadingKeys1767300000000();

    await inTransaction(testApp.dataSource, (runner) => migration.down(runner));
    expect(
      (await uniqueKeys(testApp.dataSource)).find((key) => key.key_name === 'PK_record')?.columns,
    ).toEqual(['id']);
    await inTransaction(testApp.dataSource, (runner) => migration.up(runner));

    expect(
      await testApp.dataSource.query(
        `SELECT (SELECT count(*) FROM record) AS records, (SELECT count(*) FROM association) AS links,
                (SELECT count(*) FROM record_unique_value) AS unique_values`,
      ),
    ).toEqual(before);
    expect(
      (await uniqueKeys(testApp.dataSource)).filter((key) => key.columns[0] !== 'organization_id'),
    ).toEqual([]);
    expect(await client.linkedIds('person', person.id, 'employer')).toEqual([company.id]);
    const taken = await client.createRecord('person', aPerson({ email }));
    expect([taken.status, taken.body.code]).toEqual([409, 'UNIQUE_VIOLATION']);
    // The composite foreign key: a link to another organization's record cannot be stored.
    await expect(
      testApp.dataSource.query(
        `INSERT INTO association (organization_id, association_type, from_record_id, to_record_id)
         VALUES ($1, 'person_employer', $2, $3)`,
        [org.id, person.id, stranger.id],
      ),
    ).rejects.toMatchObject({ code: '23503', constraint: 'FK_association_to_record' });
  });
});
