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
 * The deal board in Chromium against the real app (issue 15): a card dragged to the next stage
 * moves, a move the pipeline refuses snaps back showing the server's reason, a move that needs
 * properties asks for them. Screenshots: artifacts/e2e/pipelines-*.png.
 */
const TEST_TIMEOUT = 120_000;

let app: AdminUiApp;
let testApp: TestApp;
let organization: TestOrganization;
let browser: Browser;
let page: Page;
let dealId: string;

beforeAll(async () => {
  app = await startAdminUiApp();
  ({ testApp, organization } = app);
  const created = await testApp
    .http()
    .post('/api/objects/deal')
    .set(organization.headers)
    .send({ name: 'Harbour crane lease', stage: 'lead', amount: '5000.00' })
    .expect(201);
  dealId = (created.body as { id: string }).id;
}, 120_000);

beforeEach(async () => {
  browser = await openBrowser(app.url);
  page = browser.page;
});

afterEach(() => closeCheckedBrowser(browser, { checkPageErrors: false }));

afterAll(() => app?.close());

const column = (stage: string) => page.locator(`[data-stage="${stage}"]`);
const card = () => page.locator(`[data-record-id="${dealId}"]`);

/** The stored stage once it is `expected`, or what it still is after a few seconds. */
async function storedStageBecomes(expected: string): Promise<string> {
  let stage = await storedStage();
  for (let attempt = 0; attempt < 50 && stage !== expected; attempt++) {
    await page.waitForTimeout(100);
    stage = await storedStage();
  }
  return stage;
}

async function storedStage(): Promise<string> {
  const response = await testApp
    .http()
    .get(`/api/objects/deal/${dealId}`)
    .set(organization.headers)
    .expect(200);
  return (response.body as { stage: string }).stage;
}

describe('admin UI deal board', () => {
  it(
    'moves a dragged deal to the next stage and snaps a refused move back with the reason',
    async () => {
      const member = await organization.member('member');
      await page.goto('/deal');
      await signIn(page, member);
      await page.getByRole('link', { name: 'Board' }).click();
      await page.waitForURL('**/deal/board');
      await column('lead').locator(`[data-record-id="${dealId}"]`).waitFor();
      await screenshot(page, 'pipelines-01-board');

      await card().dragTo(column('qualified'));
      await column('qualified').locator(`[data-record-id="${dealId}"]`).waitFor();
      expect(await storedStageBecomes('qualified')).toBe('qualified');

      await card().dragTo(column('won'));
      await page.getByRole('alert').getByText('cannot move from qualified to won').waitFor();
      await column('qualified').locator(`[data-record-id="${dealId}"]`).waitFor();
      await expect(column('won').locator(`[data-record-id="${dealId}"]`).count()).resolves.toBe(0);
      expect(await storedStage()).toBe('qualified');
      await screenshot(page, 'pipelines-02-refused-move');

      await card().dragTo(column('lost'));
      const dialog = page.getByRole('dialog');
      await dialog.getByText('This move needs more information').waitFor();
      await dialog.getByLabel('Lost reason').click();
      await page.getByRole('option', { name: 'Price' }).click();
      await dialog.getByRole('button', { name: 'Move' }).click();
      await column('lost').locator(`[data-record-id="${dealId}"]`).waitFor();
      expect(await storedStageBecomes('lost')).toBe('lost');
      await screenshot(page, 'pipelines-03-asked-and-moved');
    },
    TEST_TIMEOUT,
  );
});
