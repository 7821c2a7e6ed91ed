import { DEFAULT_AUTO_INDEX_SETTINGS } from 'src/config/app-config';
import { AutoIndexesService, RECHECK_MS } from 'src/data-model/auto-indexes.service';
import { DefinitionChanges } from 'src/data-model/definition-changes';
import { DefinitionWriter } from 'src/object-definitions/definition-writer';
import { IndexUsageService } from 'src/property-indexes/index-usage.service';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import { RecordDataService } from 'src/records/record-data.service';
import { DataModelClient } from '../support/data-model-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const MIN_USES = 3;
const MIN_RECORDS = 5;
const BUDGET = 2;

let sequence = 0;

describe('Indexes that build themselves', () => {
  let testApp: TestApp;
  let autoIndexes: AutoIndexesService;
  /** Each evaluation a little later than the one before, past every "look again later". */
  let now = Date.now();

  beforeAll(async () => {
    testApp = await startTestApp({
      autoIndexes: {
        ...DEFAULT_AUTO_INDEX_SETTINGS,
        // No timer: the tests evaluate when they want.
        isEnabled: false,
        minUses: MIN_USES,
        minRecords: MIN_RECORDS,
        budget: BUDGET,
      },
    });
    autoIndexes = testApp.app.get(AutoIndexesService);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function evaluate(): Promise<string[]> {
    now += RECHECK_MS + 1;
    const recorded = await autoIndexes.evaluate(now);
    return recorded.map((c) => `${c.objectName}.${c.property}`);
  }

  /** Runtime index names end in a hash of their definition: named here without it. */
  async function runtimeIndexes(): Promise<string[]> {
    await testApp.app.get(PropertyIndexesService).sync();
    const rows = await testApp.dataSource.query<Array<{ name: string }>>(
      `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'record'::regclass AND c.relname LIKE 'rx\\_%' AND i.indisvalid`,
    );
    return rows.map((row) => row.name.replace(/_[0-9a-f]{6}$/, ''));
  }

  /**
   * An object of its own with properties named for this test only (runtime indexes are shared by
   * property name, so tests do not see each other's), and `records` records.
   */
  async function anObject(records: number) {
    sequence += 1;
    const api = new DataModelClient(testApp, await testApp.createOrganization());
    const p = {
      score: `score_${sequence}`,
      weight: `weight_${sequence}`,
      taken: `taken_on_${sequence}`,
      flagged: `flagged_${sequence}`,
    };
    const name = await api.newObject({
      name: `reading_${sequence}`,
      primary_display_property: 'label',
      properties: [
        { name: 'label', type: 'text', label: 'Label' },
        { name: p.score, type: 'number', label: 'Score' },
        { name: p.weight, type: 'number', label: 'Weight' },
        { name: p.taken, type: 'date', label: 'Taken on' },
        { name: p.flagged, type: 'number', label: 'Flagged', indexed: true },
      ],
    });
    await api.newRecords(
      name,
      Array.from({ length: records }, (_, i) => ({
        label: `R${i}`,
        [p.score]: i,
        [p.weight]: i * 2,
        [p.taken]: `2026-01-0${(i % 9) + 1}`,
        [p.flagged]: i,
      })),
    );
    const list = (query: { sort?: string; filter?: Record<string, unknown> }, times = 1) =>
      Promise.all(
        Array.from({ length: times }, () =>
          testApp
            .http()
            .get(`/api/objects/${name}`)
            .set(api.organization.headers)
            .query({
              ...(query.sort ? { sort: JSON.stringify([query.sort, 'ASC']) } : {}),
              filter: JSON.stringify(query.filter ?? {}),
            })
            .expect(200),
        ),
      );
    const autoIndexOf = async (property: string): Promise<unknown> => {
      const properties = (await api.listProperties(name).expect(200)).body as Array<{
        name: string;
        auto_index?: string;
      }>;
      return properties.find((q) => q.name === property)?.auto_index;
    };
    return { api, name, p, list, autoIndexOf };
  }

  it('builds an index on a property sorted on often enough, and records it in the history', async () => {
    const { api, name, p, list, autoIndexOf } = await anObject(MIN_RECORDS);
    await list({ sort: p.score }, MIN_USES - 1);
    expect(await evaluate()).toEqual([]);
    await list({ sort: p.score });
    expect(await evaluate()).toEqual([`${name}.${p.score}`]);
    expect(await autoIndexOf(p.score)).toBe('built');
    expect(await runtimeIndexes()).toContain(`rx_n_${p.score}`);
    const [latest] = (await api.versions(name).expect(200)).body as Array<Record<string, unknown>>;
    expect(latest).toMatchObject({
      changed_by: null,
      summary: `Automatic index on ${p.score} (sorted ${MIN_USES} times) in the last 10 min`,
      diff: [{ op: 'add', path: `/properties/${p.score}/auto_index`, value: 'built' }],
    });
    // Once built, its uses no longer count: nothing more to do.
    await list({ sort: p.score }, MIN_USES);
    expect(await evaluate()).toEqual([]);
  });

  it('counts comparisons in filters and searches, not filters no index serves', async () => {
    const { api, name, p, list, autoIndexOf } = await anObject(MIN_RECORDS);
    await list({ filter: { [`${p.weight}_gte`]: 2 } }, MIN_USES - 1);
    await testApp
      .http()
      .post(`/api/objects/${name}/search`)
      .set(api.organization.headers)
      .send({ filter_groups: [{ filters: [{ property: p.weight, operator: 'LT', value: 8 }] }] })
      .expect(200);
    await list({ filter: { [`${p.score}_exists`]: true } }, MIN_USES);
    expect(await evaluate()).toEqual([`${name}.${p.weight}`]);
    expect(await autoIndexOf(p.weight)).toBe('built');
    expect(await autoIndexOf(p.score)).toBeUndefined();
  });

  it('builds nothing for a property an index serves already, nor on an object with few records', async () => {
    const large = await anObject(MIN_RECORDS);
    await large.list({ sort: large.p.flagged }, MIN_USES);
    await large.list({ sort: 'label' }, MIN_USES);
    const small = await anObject(MIN_RECORDS - 1);
    await small.list({ sort: small.p.score }, MIN_USES);
    expect(await evaluate()).toEqual([]);
    expect(await small.autoIndexOf(small.p.score)).toBeUndefined();
  });

  it('stays within the budget, most used first; a pinned index leaves the budget', async () => {
    const { api, name, p, list, autoIndexOf } = await anObject(MIN_RECORDS);
    await list({ sort: p.taken }, MIN_USES + 2);
    await list({ sort: p.score }, MIN_USES + 1);
    await list({ sort: p.weight }, MIN_USES);
    expect(await evaluate()).toEqual([`${name}.${p.taken}`, `${name}.${p.score}`]);
    expect(await autoIndexOf(p.weight)).toBeUndefined();
    // Still used, but the budget is full.
    expect(await evaluate()).toEqual([]);
    await api.patchProperty(name, p.taken, { auto_index: 'pinned' }).expect(200);
    expect(await evaluate()).toEqual([`${name}.${p.weight}`]);
    expect(await autoIndexOf(p.taken)).toBe('pinned');
    expect(await runtimeIndexes()).toEqual(
      expect.arrayContaining([`rx_d_${p.taken}`, `rx_n_${p.score}`, `rx_n_${p.weight}`]),
    );
  });

  it('drops an index an admin drops, builds it no more from use, and again once re-enabled', async () => {
    const { api, name, p, list, autoIndexOf } = await anObject(MIN_RECORDS);
    await list({ sort: p.score }, MIN_USES);
    expect(await evaluate()).toEqual([`${name}.${p.score}`]);
    expect(await runtimeIndexes()).toContain(`rx_n_${p.score}`);

    await api.patchProperty(name, p.score, { auto_index: 'dropped' }).expect(200);
    expect(await runtimeIndexes()).not.toContain(`rx_n_${p.score}`);
    await list({ sort: p.score }, MIN_USES);
    expect(await evaluate()).toEqual([]);
    expect(await autoIndexOf(p.score)).toBe('dropped');

    await api.patchProperty(name, p.score, { auto_index: null }).expect(200);
    await list({ sort: p.score }, MIN_USES);
    expect(await evaluate()).toEqual([`${name}.${p.score}`]);
    expect(await runtimeIndexes()).toContain(`rx_n_${p.score}`);
  });

  it('records each index once and stays within the budget when two processes decide at once', async () => {
    const { api, name, p, list } = await anObject(MIN_RECORDS);
    await list({ sort: p.taken }, MIN_USES + 2);
    await list({ sort: p.score }, MIN_USES + 1);
    await list({ sort: p.weight }, MIN_USES);
    const versionBefore = await api.versionOf(name);
    // A second server process's service, on the same database, seeing the same counts.
    const other = new AutoIndexesService(
      testApp.app.get(IndexUsageService),
      testApp.app.get(DefinitionWriter),
      testApp.app.get(DefinitionChanges),
      testApp.app.get(RecordDataService),
      {
        autoIndexes: {
          ...DEFAULT_AUTO_INDEX_SETTINGS,
          minUses: MIN_USES,
          budget: BUDGET,
          minRecords: MIN_RECORDS,
        },
      },
    );
    now += RECHECK_MS + 1;
    const [mine, theirs] = await Promise.all([autoIndexes.evaluate(now), other.evaluate(now)]);
    const recorded = [...mine, ...theirs].map((c) => c.property);
    expect(recorded.sort()).toEqual([p.score, p.taken].sort());
    expect(await api.versionOf(name)).toBe(versionBefore + 1);
  });

  it('refuses an automatic index state that does not exist', async () => {
    const { api, name, p } = await anObject(0);
    const response = await api.patchProperty(name, p.score, { auto_index: 'maybe' }).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
