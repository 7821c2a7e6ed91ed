import type { Page } from 'playwright-core';
import { systemStatePath } from '../support/list-fixtures';
import type { TestApp, TestOrganization } from '../support/test-app';
import {
  openBrowser,
  screenshot,
  signIn,
  startAdminUiApp,
  type AdminUiApp,
  type Browser,
} from './admin-ui-harness';

/**
 * The admin UI end to end: the built SPA in Chromium (see chromium.ts) against the real app on a fresh
 * database, signed in through the login page as the owner of a new organization. The steps build on
 * each other, in order: a data model made in the editor, then records of it through the generated
 * screens. The test's own API calls use the organization's owner key. Screenshots: artifacts/e2e/.
 */
const STEP_TIMEOUT = 120_000;

/** One step: on failure its screen is saved as artifacts/e2e/failed-<n>.png for the reader. */
function step(name: string, run: () => Promise<void>): void {
  it(
    name,
    async () => {
      try {
        await run();
      } catch (error) {
        await screenshot(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(
          () => undefined,
        );
        throw error;
      }
    },
    STEP_TIMEOUT,
  );
}

let app: AdminUiApp;
let testApp: TestApp;
let browser: Browser;
let page: Page;
let organization: TestOrganization;

async function createRecord(
  object: string,
  body: Record<string, unknown>,
): Promise<{ id: string }> {
  // A record in a later state is created in an initial one and moved there (README "Pipelines").
  const [first, ...moves] = systemStatePath(object, body);
  const response = await testApp
    .http()
    .post(`/api/objects/${object}`)
    .set(organization.headers)
    .send({ ...body, ...first })
    .expect(201);
  const created = response.body as { id: string };
  for (const move of moves) {
    await testApp
      .http()
      .patch(`/api/objects/${object}/${created.id}`)
      .set(organization.headers)
      .send(move)
      .expect(200);
  }
  return created;
}

async function chooseOption(label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function addProperty(fill: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Add property' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await fill();
  await dialog.getByRole('button', { name: 'Add property' }).click();
  await dialog.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  app = await startAdminUiApp();
  ({ testApp, organization } = app);
  browser = await openBrowser(app.url);
  page = browser.page;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('admin UI', () => {
  step('signs in through the login page as the owner', async () => {
    const owner = await organization.member('owner');
    await page.goto('/');
    await screenshot(page, '00-login');
    await signIn(page, owner);
    await page.getByRole('menuitem', { name: 'Deals' }).waitFor();
  });

  step('shows the dashboard with the grouped menu', async () => {
    const stages = ['lead', 'lead', 'lead', 'qualified', 'qualified', 'proposal', 'won', 'lost'];
    for (const [index, stage] of stages.entries()) {
      await createRecord('deal', {
        name: `Pipeline deal ${index + 1}`,
        stage,
        amount: '1000.00',
        close_date: '2026-06-30',
        ...(stage === 'lost' ? { lost_reason: 'price' } : {}),
      });
    }
    await page.goto('/');
    await page.getByRole('listitem').filter({ hasText: 'Lead' }).getByText('3').waitFor();
    await page.locator('.MuiSkeleton-root').first().waitFor({ state: 'detached' });
    await page.getByText('Deal pipeline').waitFor();
    await page.getByRole('menuitem', { name: 'Deals' }).waitFor();
    await screenshot(page, '01-dashboard');
  });

  step(
    'creates a custom object "shipment" with a text, an enumeration and a date property',
    async () => {
      await page.getByRole('menuitem', { name: 'Data model' }).click();
      await page.getByRole('link', { name: 'New object' }).click();
      await page.getByLabel('Singular label').fill('Shipment');
      await page.getByLabel('Primary property label').fill('Tracking number');
      await screenshot(page, '02-new-object');
      await page.getByRole('button', { name: 'Create object' }).click();
      await page.waitForURL('**/settings/data-model/shipment');

      await addProperty(async () => {
        await page
          .getByRole('dialog')
          .getByRole('textbox', { name: /^Label/ })
          .first()
          .fill('Carrier');
        await page.getByRole('dialog').getByLabel('Maximum length').fill('20');
      });
      await addProperty(async () => {
        await page
          .getByRole('dialog')
          .getByRole('textbox', { name: /^Label/ })
          .first()
          .fill('Status');
        await chooseOption('Type', 'Dropdown (one of)');
        const dialog = page.getByRole('dialog');
        for (const label of ['Pending', 'In transit', 'Delivered']) {
          await dialog.getByRole('button', { name: 'Add', exact: true }).click();
          await dialog.locator('.RaSimpleFormIterator-line').last().getByLabel('Label').fill(label);
        }
        await screenshot(page, '03-enumeration-property');
      });
      await addProperty(async () => {
        await page
          .getByRole('dialog')
          .getByRole('textbox', { name: /^Label/ })
          .first()
          .fill('Ship date');
        await chooseOption('Type', 'Date');
      });
      await page.getByRole('cell', { name: 'ship_date' }).waitFor();
      await screenshot(page, '04-data-model-editor');
      const definition = await testApp
        .http()
        .get('/api/object-definitions/shipment')
        .set(organization.headers)
        .expect(200);
      expect(definition.body.properties.map((p: { type: string }) => p.type)).toEqual([
        'text',
        'text',
        'enumeration',
        'date',
      ]);
    },
  );

  step(
    'creates a shipment through its generated form, reached from the menu without a reload',
    async () => {
      await page.getByRole('menuitem', { name: 'Shipments' }).click();
      await page.waitForURL('**/shipment');
      await page.getByRole('link', { name: 'Create' }).first().click();
      await page.getByLabel('Tracking number').fill('TRK-1001');
      await page.getByLabel('Carrier').fill('DHL');
      await chooseOption('Status', 'In transit');
      await page.getByLabel('Ship date').fill('2026-12-01');
      await screenshot(page, '05-create-shipment');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL('**/shipment/*/show');
      await page.getByText('In transit').waitFor();
      await screenshot(page, '06-shipment-show');
    },
  );

  step('finds the shipment in the list by filter and by search', async () => {
    await createRecord('shipment', {
      tracking_number: 'TRK-2002',
      carrier: 'FedEx',
      status: 'delivered',
    });
    await page.getByRole('menuitem', { name: 'Shipments' }).click();
    await page.getByRole('cell', { name: 'TRK-2002' }).waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menu').getByText('Status', { exact: true }).click();
    await chooseOption('Status', 'In transit');
    await page.getByRole('cell', { name: 'TRK-2002' }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'TRK-1001' }).waitFor();
    await screenshot(page, '07-list-filtered');

    await page.getByRole('button', { name: 'Remove this filter' }).click();
    await page.getByRole('cell', { name: 'TRK-2002' }).waitFor();
    await page.waitForURL((url) => !url.search.includes('in_transit'));
    // A plain word: the server's search misses hyphenated codes such as "TRK-1001" (reported).
    await page.getByPlaceholder('Search', { exact: true }).fill('DHL');
    await page.waitForURL((url) => url.search.includes('DHL'));
    await page.getByRole('cell', { name: 'TRK-2002' }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'TRK-1001' }).waitFor();
    await screenshot(page, '08-list-searched');
  });

  step('edits it, showing a validation error on the field first', async () => {
    await page.getByRole('cell', { name: 'TRK-1001' }).click();
    await page.waitForURL('**/shipment/*/show');
    await page.getByRole('link', { name: 'Edit' }).click();
    const carrier = page.getByLabel('Carrier');
    await carrier.fill('A carrier name far too long');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('must be at most 20 characters').waitFor();
    await screenshot(page, '09-edit-validation-error');
    await carrier.fill('UPS');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/shipment/*/show');
    await page.getByText('UPS', { exact: true }).waitFor();
    await screenshot(page, '10-edited');
  });

  step('deletes it', async () => {
    const id = new URL(page.url()).pathname.split('/')[2];
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/shipment');
    await page.getByPlaceholder('Search', { exact: true }).fill('');
    await page.getByRole('cell', { name: 'TRK-2002' }).waitFor();
    await expect(page.getByRole('cell', { name: 'TRK-1001' }).count()).resolves.toBe(0);
    await screenshot(page, '11-deleted');
    await testApp.http().get(`/api/objects/shipment/${id}`).set(organization.headers).expect(404);
  });

  step("creates a deal linked to a company and sees it on the company's page", async () => {
    const company = await createRecord('company', { name: 'Acme Robotics' });
    await page.goto('/deal/create');
    await page.getByLabel('Deal name').fill('Acme Robotics — fleet refresh');
    await page.getByLabel('Amount').fill('12500.00');
    const companyInput = page.getByRole('combobox', { name: 'Company' });
    await companyInput.fill('Acme');
    await page.getByRole('option', { name: 'Acme Robotics' }).click();
    await screenshot(page, '12-deal-with-company');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/deal/*/show');
    await page.getByRole('link', { name: 'Acme Robotics', exact: true }).waitFor();
    await page.goto(`/company/${company.id}/show`);
    await page.getByRole('tab', { name: 'Deals' }).click();
    await page.getByText('Acme Robotics — fleet refresh').waitFor();
    await screenshot(page, '13-company-deals');
  });

  step('works on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/deal');
    await page.getByText('Acme Robotics — fleet refresh').waitFor();
    await screenshot(page, '14-phone-list');
    await page.getByText('Acme Robotics — fleet refresh').click();
    await page.waitForURL('**/deal/*/show');
    await page.getByText('Deal name').waitFor();
    await screenshot(page, '15-phone-show');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('asked no host but the server and threw no error', () => {
    expect(browser.foreignRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
