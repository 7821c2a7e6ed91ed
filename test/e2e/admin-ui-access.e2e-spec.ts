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
 * Signing in to the admin UI in Chromium against the real app (issue 13): the login page, what a
 * viewer is offered, an API key made in Settings that works at once, and signing out. Each test
 * starts signed out in a fresh browser. Screenshots: artifacts/e2e/access-*.png.
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
  await testApp
    .http()
    .post('/api/objects/deal')
    .set(organization.headers)
    .send({ name: 'Harbour crane lease', stage: 'lead', amount: '5000.00' })
    .expect(201);
}, 120_000);

beforeEach(async () => {
  browser = await openBrowser(app.url);
  page = browser.page;
});

afterEach(() => closeCheckedBrowser(browser));

afterAll(() => app?.close());

describe('admin UI sign-in', () => {
  it(
    'signs a member in with email and password and shows the objects',
    async () => {
      const member = await organization.member('member');
      await page.goto('/deal');
      await signIn(page, member);
      await page.waitForURL('**/deal');
      await page.getByText('Harbour crane lease').waitFor();
      await page.getByRole('menuitem', { name: 'Companies' }).waitFor();
      await page.getByRole('link', { name: 'Create' }).first().waitFor();
      await screenshot(page, 'access-01-member-deals');
    },
    TEST_TIMEOUT,
  );

  it(
    'refuses a wrong password on the login page',
    async () => {
      const member = await organization.member('member');
      await page.goto('/');
      await page.getByLabel('Email').fill(member.email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Wrong email or password.').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await screenshot(page, 'access-02-wrong-password');
    },
    TEST_TIMEOUT,
  );

  it(
    'shows a viewer the records but no Create button and no settings',
    async () => {
      const viewer = await organization.member('viewer');
      await page.goto('/deal');
      await signIn(page, viewer);
      await page.getByText('Harbour crane lease').waitFor();
      await expect(page.getByRole('link', { name: 'Create' }).count()).resolves.toBe(0);
      await expect(page.getByRole('menuitem', { name: 'Data model' }).count()).resolves.toBe(0);
      await expect(page.getByRole('menuitem', { name: 'Members' }).count()).resolves.toBe(0);
      await page.getByText('Harbour crane lease').click();
      await page.waitForURL('**/deal/*/show');
      await page.locator('.RaShow-main').getByText('Deal name').first().waitFor();
      await expect(page.getByRole('link', { name: 'Edit' }).count()).resolves.toBe(0);
      await screenshot(page, 'access-03-viewer');
    },
    TEST_TIMEOUT,
  );

  it(
    'lets an admin create an API key that works at once, then signs out',
    async () => {
      const admin = await organization.member('admin');
      await page.goto('/');
      await signIn(page, admin);
      await page.getByRole('menuitem', { name: 'API keys' }).click();
      await page.getByLabel('Key name').fill('e2e integration');
      await page.getByRole('button', { name: 'Create key' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('only time the key is shown').waitFor();
      const key = await dialog.getByRole('textbox').inputValue();
      expect(key).toMatch(/^plk_[A-Za-z0-9_-]{43}$/);
      await screenshot(page, 'access-04-api-key-once');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('cell', { name: 'e2e integration' }).waitFor();
      const response = await testApp
        .http()
        .get('/api/objects/deal')
        .set('Authorization', `Bearer ${key}`)
        .expect(200);
      expect(response.body.map((deal: { name: string }) => deal.name)).toContain(
        'Harbour crane lease',
      );

      await page.getByRole('button', { name: 'Profile' }).click();
      await page.getByRole('menuitem', { name: 'Logout' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.goto('/deal');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await screenshot(page, 'access-05-signed-out');
    },
    TEST_TIMEOUT,
  );
});
