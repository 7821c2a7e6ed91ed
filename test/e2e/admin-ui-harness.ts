import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  startTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../support/test-app';
import { CHROMIUM_FLAGS, chromiumExecutable } from './chromium';

const ROOT = join(__dirname, '..', '..');
const ADMIN_UI = join(ROOT, 'admin-ui');
export const ADMIN_UI_DIST = join(ADMIN_UI, 'dist');
export const ARTIFACTS_DIR = join(ROOT, 'artifacts', 'e2e');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry))),
  );
}

/** Builds admin-ui/dist when it is missing or older than the UI's sources (~5 s with Vite). */
function buildAdminUiIfStale(): void {
  const index = join(ADMIN_UI_DIST, 'index.html');
  const sources = [
    join(ADMIN_UI, 'src'),
    join(ADMIN_UI, 'index.html'),
    join(ADMIN_UI, 'vite.config.ts'),
    join(ADMIN_UI, 'package.json'),
  ];
  const isStale =
    !existsSync(index) || Math.max(...sources.map(newestChange)) > statSync(index).mtimeMs;
  if (isStale) {
    execFileSync('npm', ['run', 'build', '--workspace', 'admin-ui'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  }
}

/** The built UI and the real app on one loopback port, with a new organization to sign in to. */
export interface AdminUiApp {
  testApp: TestApp;
  organization: TestOrganization;
  url: string;
  close(): Promise<void>;
}

/** A spec file's app (its beforeAll): what is started is closed again when a later step fails. */
export async function startAdminUiApp(): Promise<AdminUiApp> {
  buildAdminUiIfStale();
  // The built UI and the API on one loopback port, as main.ts serves them.
  const testApp = await startTestApp({}, { adminUiDir: ADMIN_UI_DIST });
  try {
    const url = await testApp.listen();
    const organization = await testApp.createOrganization();
    return { testApp, organization, url, close: () => testApp.close() };
  } catch (error) {
    await testApp.close();
    throw error;
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Hosts the page tried to reach other than the app: must stay empty (no CDN, no fonts). */
  foreignRequests: string[];
  /** Errors the page logged or threw. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh chromium profile at 1280×800 that may only talk to `baseUrl`. */
export async function openBrowser(baseUrl: string): Promise<Browser> {
  const executablePath = await chromiumExecutable();
  const profile = mkdtempSync(join(tmpdir(), 'plinth-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    baseURL: baseUrl,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const origin = new URL(baseUrl).host;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.host === origin || url.protocol === 'data:') {
      await route.continue();
    } else {
      foreignRequests.push(url.toString());
      await route.abort();
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    context,
    page,
    foreignRequests,
    pageErrors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * After a test: the page asked no host but the app and (unless `checkPageErrors` is false) threw
 * no error; then the browser closes.
 */
export async function closeCheckedBrowser(
  browser: Browser,
  { checkPageErrors = true } = {},
): Promise<void> {
  expect(browser.foreignRequests).toEqual([]);
  if (checkPageErrors) {
    expect(browser.pageErrors).toEqual([]);
  }
  await browser.close();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
}

/** Signs in through the login page (where any page of a signed-out browser leads). */
export async function signIn(page: Page, member: Pick<TestMember, 'email' | 'password'>) {
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'detached' });
}
