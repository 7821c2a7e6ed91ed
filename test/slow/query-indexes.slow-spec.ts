import type { RawListQuery } from 'src/common/http/list-query';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import { toRecordListQuery } from 'src/records/record-list-query';
import { pageQuery } from 'src/records/record-sql';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const RECORDS = 100_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Runtime index names end in a hash of their definition: tests name them without it. */
function withoutHash(name: string): string {
  return name.replace(/_[0-9a-f]{6}$/, '');
}

function indexesUsed(node: PlanNode): string[] {
  return [
    ...(node['Index Name'] ? [withoutHash(node['Index Name'])] : []),
    ...(node.Plans ?? []).flatMap(indexesUsed),
  ];
}

describe('Runtime indexes (indexed, unique and primary display properties)', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp();
    org = await testApp.createOrganization();
    await testApp
      .http()
      .post('/api/object-definitions')
      .set(org.headers)
      .send({
        name: 'sensor_reading',
        labels: { singular: 'Sensor reading', plural: 'Sensor readings' },
        primary_display_property: 'label',
        properties: [
          { name: 'label', type: 'text', label: 'Label' },
          { name: 'score', type: 'number', label: 'Score', indexed: true },
          { name: 'taken_on', type: 'date', label: 'Taken on', indexed: true },
          { name: 'noise', type: 'number', label: 'Noise' },
        ],
      })
      .expect(201);
    const definition = await testApp.app
      .get(ObjectDefinitionsService)
      .getDefinition(org.context, 'sensor_reading');
    // Scale set-up straight in SQL: the API's bulk path is measured by the benchmark, not here.
    await testApp.dataSource.query(
      `INSERT INTO record (organization_id, object_definition_id, properties, display_name)
       SELECT $1, $2, jsonb_build_object('label', 'R' || g, 'score', (g * 7919) % 100000,
              'taken_on', to_char(date '2020-01-01' + (g % 2000), 'YYYY-MM-DD'), 'noise', g % 97), 'R' || g
         FROM generate_series(1, $3::int) g`,
      [org.id, definition.id, RECORDS],
    );
    await testApp.app.get(PropertyIndexesService).sync();
    await testApp.dataSource.query('ANALYZE record');
  }, 120_000);

  afterAll(async () => {
    await testApp.close();
  });

  async function plan(raw: RawListQuery): Promise<string[]> {
    const definition = await testApp.app
      .get(ObjectDefinitionsService)
      .getDefinition(org.context, 'sensor_reading');
    const plan = pageQuery(
      { organizationId: org.id, definitionId: definition.id },
      toRecordListQuery(raw, definition),
    );
    const { sql, values } = plan.kind === 'single' ? plan.query : plan.valued;
    const [row] = await testApp.dataSource.query<
      Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>
    >(`EXPLAIN (FORMAT JSON) ${sql}`, values);
    return indexesUsed(row!['QUERY PLAN'][0]!.Plan);
  }

  async function runtimeIndexes(): Promise<string[]> {
    const rows = await testApp.dataSource.query<Array<{ name: string }>>(
      `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'record'::regclass AND c.relname LIKE 'rx\\_%' AND i.indisvalid`,
    );
    return rows.map((row) => withoutHash(row.name));
  }

  it('creates an index for each indexed property and the primary display property', async () => {
    expect(await runtimeIndexes()).toEqual(
      expect.arrayContaining(['rx_n_score', 'rx_d_taken_on', 'rx_t_label']),
    );
  });

  it('uses the index for a filter and sort on an indexed property over 100,000 records', async () => {
    expect(
      await plan({
        filter: { score_gte: 50_000 },
        sort: { field: 'score', order: 'ASC' },
        range: { start: 0, end: 24 },
      }),
    ).toContain('rx_n_score');
    expect(
      await plan({
        filter: {},
        sort: { field: 'score', order: 'DESC' },
        range: { start: 0, end: 24 },
      }),
    ).toContain('rx_n_score');
    expect(
      await plan({
        filter: { taken_on_lt: '2021-01-01' },
        sort: { field: 'taken_on', order: 'ASC' },
        range: { start: 0, end: 24 },
      }),
    ).toContain('rx_d_taken_on');
  });

  it('answers the same page the index order promises', async () => {
    const response = await testApp
      .http()
      .get('/api/objects/sensor_reading')
      .query({
        sort: JSON.stringify(['score', 'DESC']),
        range: JSON.stringify([0, 2]),
        filter: JSON.stringify({ score_lt: 100 }),
      })
      .set(org.headers)
      .expect(200);
    const scores = (response.body as Array<{ score: number }>).map((record) => record.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((score) => score < 100)).toBe(true);
  });

  it('does not index a property without the flag, and drops the index when the flag goes', async () => {
    expect(
      await plan({
        filter: {},
        sort: { field: 'noise', order: 'ASC' },
        range: { start: 0, end: 24 },
      }),
    ).not.toContain('rx_n_noise');
    await testApp
      .http()
      .patch('/api/object-definitions/sensor_reading/properties/noise')
      .set(org.headers)
      .send({ indexed: true })
      .expect(200);
    await testApp.app.get(PropertyIndexesService).sync();
    expect(await runtimeIndexes()).toContain('rx_n_noise');
    await testApp
      .http()
      .patch('/api/object-definitions/sensor_reading/properties/noise')
      .set(org.headers)
      .send({ indexed: false })
      .expect(200);
    await testApp.app.get(PropertyIndexesService).sync();
    expect(await runtimeIndexes()).not.toContain('rx_n_noise');
  });
});
