import type { Page } from 'playwright-core';
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
 * Indexes that build themselves, in the data-model editor (issue 18): an automatic index shows on
 * its property, and the admin pins it, drops it and allows it again; each click is the property's
 * stored `auto_index`. Screenshots: artifacts/e2e/auto-indexes-*.png.
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
  // What Plinth records when lists sort by amount often enough (data-model-auto-indexes covers it).
  await testApp
    .http()
    .patch('/api/object-definitions/deal/properties/amount')
    .set(organization.headers)
    .send({ auto_index: 'built' })
    .expect(200);
}, 120_000);

beforeEach(async () => {
  browser = await openBrowser(app.url);
  page = browser.page;
});

afterEach(() => closeCheckedBrowser(browser));

afterAll(() => app?.close());

/** The stored state once it is `expected`, or what it still is after a few seconds. */
async function storedStateBecomes(expected: string | undefined): Promise<string | undefined> {
  let state = await storedState();
  for (let attempt = 0; attempt < 50 && state !== expected; attempt++) {
    await page.waitForTimeout(100);
    state = await storedState();
  }
  return state;
}

async function storedState(): Promise<string | undefined> {
  const response = await testApp
    .http()
    .get('/api/object-definitions/deal/properties')
    .set(organization.headers)
    .expect(200);
  const properties = response.body as Array<{ name: string; auto_index?: string }>;
  return properties.find((p) => p.name === 'amount')?.auto_index;
}

describe('admin UI automatic indexes', () => {
  it(
    'shows an automatic index on its property, and pins, drops and allows it again',
    async () => {
      const admin = await organization.member('admin');
      await page.goto('/settings/data-model/deal');
      await signIn(page, admin);
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'amount' }) });
      await row.getByText('auto index', { exact: true }).waitFor();
      await screenshot(page, 'auto-indexes-01-built');

      await row.getByRole('button', { name: 'Pin the index of Amount' }).click();
      await row.getByText('index pinned').waitFor();
      expect(await storedStateBecomes('pinned')).toBe('pinned');

      await row.getByRole('button', { name: 'Drop the index of Amount' }).click();
      await row.getByText('auto index dropped').waitFor();
      expect(await storedStateBecomes('dropped')).toBe('dropped');
      await screenshot(page, 'auto-indexes-02-dropped');

      await row.getByRole('button', { name: 'Allow an automatic index on Amount' }).click();
      await row.getByText('auto index dropped').waitFor({ state: 'detached' });
      expect(await storedStateBecomes(undefined)).toBeUndefined();
    },
    TEST_TIMEOUT,
  );
});
