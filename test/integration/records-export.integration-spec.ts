import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { BUILT_IN_PERMISSIONS, type Permissions } from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';
import { toCsvCell } from 'src/records/record-csv';
import { RecordExportService } from 'src/records/record-export.service';
import { RecordsService } from 'src/records/records.service';
import type { Response } from 'supertest';
import { DataModelClient } from '../support/data-model-fixtures';
import { listQuery, type WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Row = Record<string, string>;

/** Its own deals only, the amount hidden. */
const OWN_DEALS: Permissions = {
  objects: {
    deal: { read: 'own', create: 'all', update: 'own', delete: 'none' },
    '*': { read: 'all', create: 'all', update: 'all', delete: 'all' },
  },
  properties: { deal: { amount: 'hidden' } },
  manageDataModel: false,
  manageAccess: false,
};

/** GET /api/objects/{object}/export.csv: every match of a list, streamed as CSV. */
describe('Record export', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function exportCsv(
    object: string,
    params: Record<string, unknown> = {},
    headers = organization.headers,
  ) {
    return testApp
      .http()
      .get(`/api/objects/${object}/export.csv`)
      .set(headers)
      .query(listQuery(params))
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });
  }

  const rowsOf = (response: Response): Row[] =>
    parse<Row>(response.body as string, { columns: true });

  async function createDeals(bodies: Array<Record<string, unknown>>): Promise<void> {
    for (let start = 0; start < bodies.length; start += 1000) {
      const response = await testApp
        .http()
        .post('/api/objects/deal/batch')
        .set(organization.headers)
        .send(bodies.slice(start, start + 1000));
      expect(response.status).toBe(201);
    }
  }

  it('streams every record past the 1,000-per-page limit, as a CSV attachment', async () => {
    await createDeals(
      Array.from({ length: 1205 }, (_, i) => ({ name: `Deal ${i}`, amount: `${i}.00` })),
    );
    const response = await exportCsv('deal', { sort: ['amount', 'ASC'] });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="deal.csv"');
    const rows = rowsOf(response);
    expect(rows).toHaveLength(1205);
    expect(rows.map((row) => row.name)).toEqual(
      Array.from({ length: 1205 }, (_, i) => `Deal ${i}`),
    );
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['id', 'name', 'amount', 'stage', 'owner_id', 'created_at']),
    );
  });

  it('applies the list filter and sort, and ignores a range', async () => {
    await createDeals([
      { name: 'Alpha', stage: 'lead', amount: '30.00' },
      { name: 'Beta', stage: 'qualified', amount: '20.00' },
      { name: 'Gamma', stage: 'lead', amount: '10.00' },
      { name: 'Delta', stage: 'lead' },
    ]);
    const response = await exportCsv('deal', {
      filter: { stage: 'lead' },
      sort: ['amount', 'DESC'],
      range: [0, 0],
    });
    expect(response.status).toBe(200);
    // Records without the sorted property come last, as in the list.
    expect(rowsOf(response).map((row) => [row.name, row.amount])).toEqual([
      ['Alpha', '30.00'],
      ['Gamma', '10.00'],
      ['Delta', ''],
    ]);
  });

  it('escapes commas, quotes and line breaks and joins multi-select values with ;', async () => {
    const name = 'Acme, "the best"\nsecond line';
    await createDeals([{ name }]);
    const person = await testApp
      .http()
      .post('/api/objects/person')
      .set(organization.headers)
      .send({ email: `${randomUUID()}@example.com`, roles: ['prospect', 'reseller'] });
    expect(person.status).toBe(201);
    const deals = await exportCsv('deal');
    expect(deals.body).toContain('"Acme, ""the best""\nsecond line"');
    expect(rowsOf(deals)[0]!.name).toBe(name);
    const people = rowsOf(await exportCsv('person'));
    expect(people[0]!.roles).toBe('prospect;reseller');
  });

  it('answers the one error body for a bad filter and an unknown object, before any CSV', async () => {
    const badFilter = await exportCsv('deal', { filter: { nope: 1 } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.headers['content-type']).toMatch(/^application\/problem\+json/);
    const unknown = await exportCsv('no_such_object');
    expect(unknown.status).toBe(404);
  });

  it('is not taken for a record id (export.csv is its own route)', async () => {
    const response = await exportCsv('deal');
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/^id,name,/);
  });

  it('refuses a role that may not read the object, and lets a viewer export', async () => {
    await createDeals([{ name: 'Seen' }]);
    const noDeals = await organization.as({ scopes: ['person:read'] });
    expect((await exportCsv('deal', {}, noDeals)).status).toBe(403);
    const viewer = await organization.as('viewer');
    expect(rowsOf(await exportCsv('deal', {}, viewer)).map((row) => row.name)).toEqual(['Seen']);
  });

  it('exports only the records a read scope `own` reaches, without hidden properties', async () => {
    const records = testApp.app.get(RecordsService);
    const exports = testApp.app.get(RecordExportService);
    const memberOf = (permissions: Permissions): RequestContext => {
      const id = randomUUID();
      return {
        organizationId: organization.id,
        actor: { kind: 'member', id, userId: randomUUID() },
        memberId: id,
        role: 'custom',
        permissions,
      };
    };
    const ann = memberOf(OWN_DEALS);
    const bob = memberOf(BUILT_IN_PERMISSIONS.member);
    await records.createRecord(ann, 'deal', { name: 'Ann’s deal' });
    await records.createRecord(bob, 'deal', { name: 'Bob’s deal', amount: '99.00' });
    const csv = await exports.exportRecords(ann, 'deal', { filter: {} });
    let text = '';
    await csv.writeTo((chunk) => {
      text += chunk;
      return Promise.resolve(true);
    });
    const rows = parse<Row>(text, { columns: true });
    expect(rows.map((row) => row.name)).toEqual(['Ann’s deal']);
    expect(Object.keys(rows[0]!)).not.toContain('amount');
  });

  it('writes each cell as the API answers the value (every property type, defaults, references)', async () => {
    const model = new DataModelClient(testApp, organization);
    const object = await model.newObject({
      primary_display_property: 'title',
      properties: [
        { name: 'title', type: 'text', label: 'Title' },
        { name: 'notes', type: 'long_text', label: 'Notes' },
        { name: 'contact', type: 'email', label: 'Contact' },
        { name: 'phone', type: 'phone', label: 'Phone' },
        { name: 'site', type: 'url', label: 'Site' },
        { name: 'weight', type: 'number', label: 'Weight' },
        { name: 'pieces', type: 'integer', label: 'Pieces' },
        { name: 'share', type: 'percent', label: 'Share' },
        { name: 'price', type: 'currency', label: 'Price' },
        { name: 'fragile', type: 'boolean', label: 'Fragile' },
        { name: 'ships_on', type: 'date', label: 'Ships on' },
        { name: 'left_at', type: 'datetime', label: 'Left at' },
        {
          name: 'size',
          type: 'enumeration',
          label: 'Size',
          options: [
            { value: 'small', label: 'Small' },
            { value: 'big, "huge"', label: 'Big' },
          ],
        },
        {
          name: 'tags',
          type: 'multi_enumeration',
          label: 'Tags',
          options: [
            { value: 'red', label: 'Red' },
            { value: 'blue', label: 'Blue' },
          ],
        },
        { name: 'data', type: 'json', label: 'Data' },
      ],
    });
    await model.newRecords(object, [
      {
        title: 'Quotes "and", commas\r\nand line breaks',
        notes: 'Ünïcödé ✓, 日本',
        contact: 'a@example.com',
        phone: '+44 20 7946 0000',
        site: 'https://example.com/a,b',
        weight: 0.1,
        pieces: -3,
        share: 12.5,
        price: '1234.50',
        fragile: false,
        ships_on: '2026-12-06',
        left_at: '2026-12-06T09:16:27.123Z',
        size: 'big, "huge"',
        tags: ['red', 'blue'],
        data: { b: [1, 'two', null], a: { 'x,y': '"q"' } },
      },
      { title: 'Sparse', tags: [], data: 'just text', fragile: true },
      { title: 'Data array', data: [1, 2, 3] },
    ]);
    // Added once records exist: the stored records have no value, reads show the default.
    await model
      .addProperty(object, {
        name: 'priority',
        type: 'text',
        label: 'Priority',
        required: true,
        default: 'normal',
      })
      .expect(201);
    const listed = (await model.listRecords(object).expect(200)).body as WireRecord[];
    const exported = rowsOf(await exportCsv(object, { sort: ['title', 'ASC'] }));
    expect(exported).toHaveLength(3);
    const byId = new Map(listed.map((record) => [record.id, record]));
    for (const row of exported) {
      const record = byId.get(row.id as string)!;
      expect(Object.keys(record).filter((key) => !(key in row))).toEqual([]);
      for (const [column, cell] of Object.entries(row)) {
        const value = record[column];
        if (column === 'data' && value !== null && typeof value === 'object') {
          // JSON values are JSON text (PostgreSQL spaces it differently): the same JSON.
          expect(JSON.parse(cell)).toEqual(value);
        } else {
          expect({ column, cell }).toEqual({ column, cell: toCsvCell(value) });
        }
      }
      expect(row.priority).toBe('normal');
    }
  });

  it('writes a reference field as a read shows it: the linked record, none once it is deleted', async () => {
    const newCompany = async (name: string): Promise<WireRecord> =>
      (
        await testApp
          .http()
          .post('/api/objects/company')
          .set(organization.headers)
          .send({ name })
          .expect(201)
      ).body as WireRecord;
    const [company, gone] = [await newCompany('Acme'), await newCompany('Gone')];
    await createDeals([
      { name: 'Linked', company_id: company.id },
      { name: 'Unlinked' },
      { name: 'Linked to a deleted one', company_id: gone.id },
    ]);
    await testApp
      .http()
      .delete(`/api/objects/company/${gone.id}`)
      .set(organization.headers)
      .expect(200);
    const rows = rowsOf(await exportCsv('deal', { sort: ['name', 'ASC'] }));
    expect(rows.map((row) => [row.name, row.company_id])).toEqual([
      ['Linked', company.id],
      ['Linked to a deleted one', ''],
      ['Unlinked', ''],
    ]);
  });
});
