import { type DataProvider, fetchUtils, HttpError } from 'ra-core';
import simpleRestProvider from 'ra-data-simple-rest';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Data = Record<string, unknown>;

/** How to drive one system object through react-admin's data provider. */
interface ObjectCase {
  resource: string;
  /** A valid record: `i` (1…5) orders it by `sortField`, `group` is its `target` value. */
  build(i: number, group: string): Data;
  /** A plain property for getManyReference (associations do not exist yet) and its two values. */
  target: string;
  groups: [string, string];
  /** A numeric property that grows with `i`, where text order would differ (9 < 18 < … < 45). */
  sortField: string;
  /** What q finds record `i` by. */
  searchFor(i: number): string;
  change: Data;
  invalid: { data: Data; field: string; message: string };
}

const CASES: ObjectCase[] = [
  {
    resource: 'deal',
    build: (i, group) => ({ name: `Deal ${i}`, amount: `${i * 9}.00`, stage: group }),
    target: 'stage',
    // Both start stages of the default pipeline: a new deal starts in one (its transitions).
    groups: ['lead', 'qualified'],
    sortField: 'amount',
    searchFor: (i) => `deal ${i}`,
    change: { probability: 40 },
    invalid: { data: { name: 'Bad', amount: -5 }, field: 'amount', message: 'must be >= 0' },
  },
  {
    resource: 'person',
    build: (i, group) => ({
      email: `person${i}@example.com`,
      lead_score: i * 9,
      lifecycle_stage: group,
    }),
    target: 'lifecycle_stage',
    groups: ['lead', 'customer'],
    sortField: 'lead_score',
    searchFor: (i) => `PERSON${i}@`,
    change: { job_title: 'CTO' },
    invalid: {
      data: { email: 'not-an-email' },
      field: 'email',
      message: 'must be a valid email address',
    },
  },
  {
    resource: 'company',
    build: (i, group) => ({ name: `Company ${i}`, employee_count: i * 9, industry: group }),
    target: 'industry',
    groups: ['software', 'retail'],
    sortField: 'employee_count',
    searchFor: (i) => `company ${i}`,
    change: { city: 'Lyon' },
    invalid: {
      data: { name: 'Old', founded_year: 1500 },
      field: 'founded_year',
      message: 'must be >= 1600',
    },
  },
  {
    resource: 'task',
    build: (i, group) => ({ title: `Task ${i}`, estimated_hours: i * 9, task_type: group }),
    // Not status: a new task starts in its one initial state, 'todo'.
    target: 'task_type',
    groups: ['bug', 'feature'],
    sortField: 'estimated_hours',
    searchFor: (i) => `task ${i}`,
    change: { priority: 'high' },
    invalid: {
      data: { title: 'Bad', priority: 'whenever' },
      field: 'priority',
      message: expect.stringMatching(/^must be one of: /),
    },
  },
  {
    resource: 'invoice',
    build: (i, group) => ({ number: `INV-${i}`, total: `${i * 9}.00`, currency: group }),
    // Not status: a new invoice starts in its one initial state, 'draft'.
    target: 'currency',
    groups: ['EUR', 'USD'],
    sortField: 'total',
    searchFor: (i) => `inv-${i}`,
    change: { po_number: 'PO-7' },
    invalid: {
      data: { number: 'INV-X', total: 'lots' },
      field: 'total',
      message: expect.stringContaining('decimal amount'),
    },
  },
];

/**
 * react-admin's documented recipe for a bearer token: fetchJson with `user.token`, here the
 * organization owner's API key (it names the organization too).
 */
function providerFor(baseUrl: string, organization: TestOrganization): DataProvider {
  const httpClient = (url: string, options: fetchUtils.Options = {}) =>
    fetchUtils.fetchJson(url, {
      ...options,
      user: { authenticated: true, token: organization.headers.Authorization },
    });
  return simpleRestProvider(`${baseUrl}/api/objects`, httpClient);
}

describe('ra-data-simple-rest against the record API', () => {
  let testApp: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    baseUrl = await testApp.listen();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe.each(CASES)('$resource', (c) => {
    let provider: DataProvider;

    beforeEach(async () => {
      provider = providerFor(baseUrl, await testApp.createOrganization());
    });

    /** Records 1…5 created through the provider, the target alternating between the two groups. */
    async function createFive(): Promise<Data[]> {
      const created: Data[] = [];
      for (let i = 1; i <= 5; i++) {
        const { data } = await provider.create(c.resource, {
          data: c.build(i, c.groups[(i + 1) % 2]!),
        });
        created.push(data);
      }
      return created;
    }

    const ids = (records: Data[]): unknown[] => records.map((record) => record.id);

    it('create returns the record with an id, and getOne reads the same record back', async () => {
      const { data: created } = await provider.create(c.resource, {
        data: c.build(1, c.groups[0]),
      });
      expect(created).toMatchObject({ ...c.build(1, c.groups[0]), id: expect.any(String) });
      const { data: read } = await provider.getOne(c.resource, { id: created.id });
      expect(read).toEqual(created);
    });

    it('getList pages, sorts numerically and reads the total from Content-Range', async () => {
      const records = await createFive();
      const ascending = await provider.getList(c.resource, {
        pagination: { page: 2, perPage: 2 },
        sort: { field: c.sortField, order: 'ASC' },
        filter: {},
      });
      const descending = await provider.getList(c.resource, {
        pagination: { page: 1, perPage: 2 },
        sort: { field: c.sortField, order: 'DESC' },
        filter: {},
      });
      expect(ascending.total).toBe(5);
      expect(ids(ascending.data)).toEqual(ids(records.slice(2, 4)));
      expect(ids(descending.data)).toEqual(ids([records[4]!, records[3]!]));
    });

    it('getList of an object without records answers no data and total 0', async () => {
      const result = await provider.getList(c.resource, {
        pagination: { page: 1, perPage: 10 },
        sort: { field: 'id', order: 'ASC' },
        filter: {},
      });
      expect(result).toEqual({ data: [], total: 0 });
    });

    it('getList filters by a property and searches with q', async () => {
      const records = await createFive();
      const page = {
        pagination: { page: 1, perPage: 10 },
        sort: { field: c.sortField, order: 'ASC' } as const,
      };
      const filtered = await provider.getList(c.resource, {
        ...page,
        filter: { [c.target]: c.groups[0] },
      });
      const searched = await provider.getList(c.resource, {
        ...page,
        filter: { q: c.searchFor(3) },
      });
      expect(filtered.total).toBe(3);
      expect(ids(filtered.data)).toEqual(ids([records[0]!, records[2]!, records[4]!]));
      expect(searched.total).toBe(1);
      expect(ids(searched.data)).toEqual([records[2]!.id]);
    });

    it('getMany returns exactly the records asked for', async () => {
      const records = await createFive();
      const wanted = [records[1]!.id, records[4]!.id];
      const { data } = await provider.getMany(c.resource, { ids: wanted });
      expect(ids(data).sort()).toEqual([...wanted].sort());
    });

    it('getManyReference lists the records whose target property equals the id', async () => {
      const records = await createFive();
      const result = await provider.getManyReference(c.resource, {
        target: c.target,
        id: c.groups[1],
        pagination: { page: 1, perPage: 10 },
        sort: { field: 'created_at', order: 'ASC' },
        filter: {},
      });
      expect(result.total).toBe(2);
      expect(ids(result.data)).toEqual(ids([records[1]!, records[3]!]));
    });

    it('update sends the whole edited record back and gets the merged record', async () => {
      const [previous] = await createFive();
      const { data } = await provider.update(c.resource, {
        id: previous!.id as string,
        data: { ...previous, ...c.change },
        previousData: previous as { id: string },
      });
      expect(data).toEqual({ ...previous, ...c.change, updated_at: expect.any(String) });
      const { data: read } = await provider.getOne(c.resource, { id: previous!.id });
      expect(read).toEqual(data);
    });

    it('updateMany applies the changed fields to every id and returns the ids', async () => {
      const records = await createFive();
      const wanted = [records[0]!.id as string, records[2]!.id as string];
      const { data } = await provider.updateMany(c.resource, { ids: wanted, data: c.change });
      expect(data).toEqual(wanted);
      const { data: read } = await provider.getMany(c.resource, { ids: wanted });
      expect(read).toHaveLength(2);
      read.forEach((record) => expect(record).toMatchObject(c.change));
    });

    it('delete returns the deleted record, which then reads as a 404 HttpError', async () => {
      const [record] = await createFive();
      const { data } = await provider.delete(c.resource, {
        id: record!.id as string,
        previousData: record as { id: string },
      });
      // The record went to the recycle bin: who deleted it and when come with it.
      expect(data).toEqual({
        ...record,
        archived_at: expect.any(String),
        archived_by: expect.any(String),
      });
      await expect(provider.getOne(c.resource, { id: record!.id })).rejects.toMatchObject({
        status: 404,
        body: { code: 'RECORD_NOT_FOUND' },
      });
    });

    it('deleteMany deletes every id and returns them', async () => {
      const records = await createFive();
      const wanted = [records[1]!.id as string, records[3]!.id as string];
      const { data } = await provider.deleteMany(c.resource, { ids: wanted });
      expect(data).toEqual(wanted);
      const rest = await provider.getMany(c.resource, { ids: ids(records) as string[] });
      expect(ids(rest.data).sort()).toEqual(ids([records[0]!, records[2]!, records[4]!]).sort());
    });

    it('a server 400 surfaces as an HttpError whose body.errors names the field', async () => {
      const failure: unknown = await provider
        .create(c.resource, { data: c.invalid.data })
        .catch((error) => error);
      expect(failure).toBeInstanceOf(HttpError);
      expect(failure).toMatchObject({
        status: 400,
        message: expect.stringContaining(`${c.resource} is invalid`),
        body: { code: 'VALIDATION_FAILED', errors: { [c.invalid.field]: c.invalid.message } },
      });
    });
  });
});
