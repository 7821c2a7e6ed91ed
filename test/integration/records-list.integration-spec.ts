import { randomUUID } from 'node:crypto';
import {
  createRecords,
  listRecords,
  pluck,
  sortedIds,
  totalOf,
  type WireRecord,
} from '../support/list-fixtures';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const ORIGIN = 'http://localhost:5173';

function headerList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((name) => name.trim().toLowerCase());
}

describe('GET /api/objects/:object (react-admin list)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ corsOrigins: ['http://localhost:5173'] });
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('pagination and Content-Range', () => {
    let org: TestOrganization;
    let deals: WireRecord[];

    beforeAll(async () => {
      org = await testApp.createOrganization();
      const bodies = Array.from({ length: 30 }, (_, i) => ({
        name: `Deal ${String(i + 1).padStart(2, '0')}`,
      }));
      deals = await createRecords(testApp, org, 'deal', bodies);
    });

    it('answers the first 25 records and the total in Content-Range when no range is given', async () => {
      const response = await listRecords(testApp, org, 'deal').expect(200);
      expect(response.headers['content-range']).toBe('deal 0-24/30');
      expect(response.body).toHaveLength(25);
    });

    it('answers records newest first when no sort is given', async () => {
      const response = await listRecords(testApp, org, 'deal', { range: [0, 2] }).expect(200);
      expect(pluck(response, 'name')).toEqual(['Deal 30', 'Deal 29', 'Deal 28']);
    });

    it('pages with an inclusive range: [0,9] is the first ten and [10,19] the next ten', async () => {
      const sort = ['name', 'ASC'];
      const first = await listRecords(testApp, org, 'deal', { sort, range: [0, 9] }).expect(200);
      const second = await listRecords(testApp, org, 'deal', { sort, range: [10, 19] }).expect(200);
      expect(first.headers['content-range']).toBe('deal 0-9/30');
      expect(second.headers['content-range']).toBe('deal 10-19/30');
      expect(pluck(first, 'name')).toEqual(deals.slice(0, 10).map((deal) => deal.name));
      expect(pluck(second, 'name')).toEqual(deals.slice(10, 20).map((deal) => deal.name));
    });

    it('ends Content-Range at the last record when the range goes past it', async () => {
      const response = await listRecords(testApp, org, 'deal', {
        sort: ['name', 'ASC'],
        range: [25, 34],
      }).expect(200);
      expect(response.headers['content-range']).toBe('deal 25-29/30');
      expect(pluck(response, 'name')).toEqual([
        'Deal 26',
        'Deal 27',
        'Deal 28',
        'Deal 29',
        'Deal 30',
      ]);
    });

    it('keeps Content-Range with the total on an empty page past the end', async () => {
      const response = await listRecords(testApp, org, 'deal', { range: [40, 49] }).expect(200);
      expect(response.body).toEqual([]);
      expect(response.headers['content-range']).toBe('deal */30');
      expect(totalOf(response)).toBe(30);
    });

    it('answers an object without records with an empty list and total 0', async () => {
      const response = await listRecords(testApp, org, 'invoice').expect(200);
      expect(response.body).toEqual([]);
      expect(response.headers['content-range']).toBe('invoice */0');
      expect(totalOf(response)).toBe(0);
    });

    it("never lists another organization's records", async () => {
      const other = await testApp.createOrganization();
      const response = await listRecords(testApp, other, 'deal').expect(200);
      expect(response.body).toEqual([]);
      expect(totalOf(response)).toBe(0);
    });

    it('returns exactly the records whose ids are given (getMany)', async () => {
      const wanted = [deals[3], deals[17], deals[29]].map((deal) => deal!.id);
      const response = await listRecords(testApp, org, 'deal', { filter: { id: wanted } }).expect(
        200,
      );
      expect(sortedIds(response.body as WireRecord[])).toEqual([...wanted].sort());
      expect(totalOf(response)).toBe(3);
    });

    it('returns more than 25 records by id when no range is given', async () => {
      const ids = deals.map((deal) => deal.id);
      const response = await listRecords(testApp, org, 'deal', { filter: { id: ids } }).expect(200);
      expect(response.body).toHaveLength(30);
      expect(response.headers['content-range']).toBe('deal 0-29/30');
    });

    it('leaves out ids that name no record instead of failing', async () => {
      const ids = [deals[0]!.id, randomUUID(), 'not-a-uuid'];
      const response = await listRecords(testApp, org, 'deal', { filter: { id: ids } }).expect(200);
      expect(pluck(response, 'id')).toEqual([deals[0]!.id]);
    });

    it("does not return another organization's records by id", async () => {
      const other = await testApp.createOrganization();
      const response = await listRecords(testApp, other, 'deal', {
        filter: { id: [deals[0]!.id] },
      }).expect(200);
      expect(response.body).toEqual([]);
    });
  });

  describe('CORS', () => {
    let org: TestOrganization;

    beforeAll(async () => {
      org = await testApp.createOrganization();
    });

    it('exposes Content-Range to a cross-origin caller', async () => {
      const response = await listRecords(testApp, org, 'deal').set('Origin', ORIGIN).expect(200);
      expect(headerList(response.headers['access-control-expose-headers'])).toContain(
        'content-range',
      );
      expect(response.headers['content-range']).toBe('deal */0');
    });

    it('allows the Range and X-Organization-Id request headers in a preflight', async () => {
      const response = await testApp
        .http()
        .options('/api/objects/deal')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'range,x-organization-id')
        .expect(204);
      const allowed = headerList(response.headers['access-control-allow-headers']);
      expect(allowed).toEqual(expect.arrayContaining(['range', 'x-organization-id']));
    });
  });

  describe('sort', () => {
    let org: TestOrganization;
    let byName: Record<string, WireRecord>;

    beforeAll(async () => {
      org = await testApp.createOrganization();
      const created = await createRecords(testApp, org, 'deal', [
        { name: 'banana', amount: 9, close_date: '2026-01-10', probability: 5 },
        { name: 'Apple', amount: '10.00', close_date: '2025-12-31', probability: 50 },
        { name: 'cherry', amount: 100, close_date: '2026-01-09', probability: 100 },
        { name: 'Date', amount: '100.50', probability: 10 },
        { name: 'elder', close_date: '2026-02-01' },
      ]);
      byName = Object.fromEntries(created.map((deal) => [deal.name as string, deal]));
    });

    async function namesSortedBy(field: string, order: string): Promise<unknown[]> {
      const response = await listRecords(testApp, org, 'deal', { sort: [field, order] }).expect(
        200,
      );
      return pluck(response, 'name');
    }

    it('sorts a currency numerically, amounts given as numbers and decimal strings alike', async () => {
      expect(await namesSortedBy('amount', 'ASC')).toEqual([
        'banana',
        'Apple',
        'cherry',
        'Date',
        'elder',
      ]);
      expect(await namesSortedBy('amount', 'DESC')).toEqual([
        'Date',
        'cherry',
        'Apple',
        'banana',
        'elder',
      ]);
    });

    it('sorts a percent numerically, so 5 < 10 < 50 < 100', async () => {
      expect(await namesSortedBy('probability', 'ASC')).toEqual([
        'banana',
        'Date',
        'Apple',
        'cherry',
        'elder',
      ]);
    });

    it('sorts dates chronologically', async () => {
      expect(await namesSortedBy('close_date', 'ASC')).toEqual([
        'Apple',
        'cherry',
        'banana',
        'elder',
        'Date',
      ]);
      expect(await namesSortedBy('close_date', 'DESC')).toEqual([
        'elder',
        'banana',
        'cherry',
        'Apple',
        'Date',
      ]);
    });

    it('sorts text ignoring letter case', async () => {
      expect(await namesSortedBy('name', 'ASC')).toEqual([
        'Apple',
        'banana',
        'cherry',
        'Date',
        'elder',
      ]);
      expect(await namesSortedBy('name', 'DESC')).toEqual([
        'elder',
        'Date',
        'cherry',
        'banana',
        'Apple',
      ]);
    });

    it('puts records without the property last in both directions', async () => {
      const ascending = await namesSortedBy('amount', 'ASC');
      const descending = await namesSortedBy('amount', 'DESC');
      expect(ascending.at(-1)).toBe('elder');
      expect(descending.at(-1)).toBe('elder');
    });

    it('accepts the order in lower case', async () => {
      expect(await namesSortedBy('name', 'desc')).toEqual([
        'elder',
        'Date',
        'cherry',
        'banana',
        'Apple',
      ]);
    });

    it('sorts by created_at in creation order', async () => {
      expect(await namesSortedBy('created_at', 'ASC')).toEqual([
        'banana',
        'Apple',
        'cherry',
        'Date',
        'elder',
      ]);
      expect(await namesSortedBy('created_at', 'DESC')).toEqual([
        'elder',
        'Date',
        'cherry',
        'Apple',
        'banana',
      ]);
    });

    it('sorts by updated_at, the last changed record first when descending', async () => {
      const other = await testApp.createOrganization();
      const [first, second] = await createRecords(testApp, other, 'deal', [
        { name: 'first' },
        { name: 'second' },
      ]);
      await testApp
        .http()
        .patch(`/api/objects/deal/${first!.id}`)
        .set(other.headers)
        .send({ stage: 'qualified' })
        .expect(200);
      const response = await listRecords(testApp, other, 'deal', {
        sort: ['updated_at', 'DESC'],
      }).expect(200);
      expect(pluck(response, 'id')).toEqual([first!.id, second!.id]);
    });

    it('sorts by id', async () => {
      const response = await listRecords(testApp, org, 'deal', { sort: ['id', 'ASC'] }).expect(200);
      const ids = Object.values(byName).map((deal) => deal.id);
      expect(pluck(response, 'id')).toEqual([...ids].sort());
    });
  });
});
