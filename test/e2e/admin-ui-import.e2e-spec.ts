import type { Page } from 'playwright-core';
import { countStoredRecords } from '../support/factories';
import type { TestApp, TestOrganization } from '../support/test-app';
import {
  closeCheckedBrowser,
  openBrowser,
  screenshot,
  signIn,
  startAdminUiApp,
  type AdminUiApp,
  type Browser,
} from './admin-ui-harness';

/**
 * The CSV import wizard in Chromium against the real app: from the deals list, upload a file,
 * keep the suggested mapping, check it (dry run), import it, and read the summary.
 * Screenshots: artifacts/e2e/import-*.png.
 */
const TEST_TIMEOUT = 120_000;

let app: AdminUiApp;
let testApp: TestApp;
let organization: TestOrganization;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startAdminUiApp();
  ({ testApp, organization } = app);
}, 120_000);

beforeEach(async () => {
  browser = await openBrowser(app.url);
  page = browser.page;
});

afterEach(() => closeCheckedBrowser(browser));

afterAll(() => app?.close());

describe('admin UI import', () => {
  it(
    'imports a CSV file from the deals list: mapping, dry run, progress and summary',
    async () => {
      const member = await organization.member('member');
      await page.goto('/deal');
      await signIn(page, member);
      await page.waitForURL('**/deal');
      await page.getByRole('link', { name: 'Import' }).click();
      await page.waitForURL('**/import/deal');
      await page.getByLabel('CSV file').setInputFiles({
        name: 'deals.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'Deal name,Amount,Stage\nHarbour crane,5000.00,lead\nDry dock,-1,lead\nTug boat,250.00,qualified\n',
        ),
      });
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByRole('table', { name: 'Column mapping' }).waitFor();
      await page.getByText('deals.csv: 3 rows').waitFor();
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      await page.getByText('2 of 3 rows are ready; 1 would be refused').waitFor();
      await page
        .getByRole('table', { name: 'Refused rows' })
        .getByText('amount must be >= 0')
        .waitFor();
      await screenshot(page, 'import-01-dry-run');
      expect(await countStoredRecords(testApp, organization, 'deal')).toBe(0);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('Import completed: 2 created, 0 updated, 1 failed').waitFor();
      await page.getByRole('button', { name: 'Download failed rows' }).waitFor();
      await screenshot(page, 'import-02-summary');
      expect(await countStoredRecords(testApp, organization, 'deal')).toBe(2);
    },
    TEST_TIMEOUT,
  );
});
