import { parse } from 'csv-parse/sync';
import { fetchCsvExport } from '../../admin-ui/src/records/csvExport';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/**
 * The admin UI's Export (records/csvExport.ts, what the data provider's `exportCsv` calls) against
 * the running app: more records than one page may hold (1,000) come back in one file.
 */
describe('the admin UI export against the record API', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await startTestApp();
    baseUrl = await testApp.listen();
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const fetchAsOwner = (url: string, init: { headers: Headers }) => {
    init.headers.set('Authorization', organization.headers.Authorization!);
    return fetch(url, init);
  };

  it('exports 2,500 records, filtered and sorted as the list is', async () => {
    for (let batch = 0; batch < 3; batch++) {
      const bodies = Array.from({ length: 1000 }, (_, i) => {
        const n = batch * 1000 + i;
        return { name: `Deal ${n}`, amount: `${n}.00`, stage: n < 2500 ? 'lead' : 'qualified' };
      });
      const response = await fetch(`${baseUrl}/api/objects/deal/batch`, {
        method: 'POST',
        headers: { ...organization.headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(bodies),
      });
      expect(response.status).toBe(201);
    }
    const file = await fetchCsvExport(
      `${baseUrl}/api/objects`,
      'deal',
      { filter: { stage: 'lead' }, sort: { field: 'amount', order: 'DESC' } },
      fetchAsOwner,
    );
    const rows = parse<Record<string, string>>(await file.text(), { columns: true });
    expect(rows).toHaveLength(2500);
    expect(rows[0]).toMatchObject({ name: 'Deal 2499', amount: '2499.00', stage: 'lead' });
    expect(rows[2499]).toMatchObject({ name: 'Deal 0', amount: '0.00' });
  });

  it('rejects with the server’s message when the export is refused', async () => {
    await expect(
      fetchCsvExport(`${baseUrl}/api/objects`, 'deal', { filter: { nope: 1 } }, fetchAsOwner),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('nope') });
  });
});
