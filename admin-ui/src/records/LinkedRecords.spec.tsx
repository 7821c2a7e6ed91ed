import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fakeDataProvider from 'ra-data-fakerest';
import { AdminContext, memoryStore, Notification, RecordContextProvider } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import { sidesOf, type AssociationDefinition } from 'src/definitions/associations';
import type { ObjectDefinition } from 'src/definitions/types';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { specimen } from 'src/test/fixtures';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkedRecords } from './LinkedRecords';

const person: ObjectDefinition = {
  ...specimen,
  id: 'person',
  name: 'person',
  labels: { singular: 'Person', plural: 'People' },
  primary_display_property: 'name',
  properties: [{ name: 'name', type: 'text', label: 'Name' }],
};

const contacts: AssociationDefinition = {
  id: 'a1',
  name: 'deal_contacts',
  from: 'deal',
  to: 'person',
  cardinality: 'many_to_many',
  from_side: { name: 'contacts', label: 'Contacts' },
  to_side: { name: 'deals', label: 'Deals' },
  is_system: true,
};

const side = sidesOf('deal', [contacts]).find((s) => s.name === 'contacts')!;

const BASE = '/api/objects/deal/d1/associations/contacts';

/** The association endpoints, the only calls that leave the data provider: fetch is stubbed. */
function stubFetch(linked: Array<Record<string, unknown>>, refusal?: [number, object]) {
  const calls: Array<{ url: string; method: string }> = [];
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    calls.push({ url, method });
    const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
      Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json', ...headers },
        }),
      );
    if (method === 'GET') {
      return json(linked, 200, { 'Content-Range': `person 0-${linked.length}/${linked.length}` });
    }
    if (refusal) {
      return json(refusal[1], refusal[0]);
    }
    return json({});
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function renderTab() {
  const dataProvider = fakeDataProvider(
    {
      person: [
        { id: 'p1', name: 'Ada Lovelace' },
        { id: 'p2', name: 'Grace Hopper' },
      ],
    },
    false,
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MemoryRouter>
      <AdminContext
        dataProvider={dataProvider}
        queryClient={queryClient}
        store={memoryStore()}
        i18nProvider={i18nProvider}
      >
        <RecordContextProvider value={{ id: 'd1', name: 'Renewal' }}>
          <LinkedRecords side={side} other={person} objectName="deal" />
        </RecordContextProvider>
        <Notification />
      </AdminContext>
    </MemoryRouter>,
  );
}

describe(LinkedRecords.name, () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('links an existing record with PUT and lists it after the refresh', async () => {
    const linked: Array<Record<string, unknown>> = [];
    const calls = stubFetch(linked);
    renderTab();
    expect(await screen.findByText('No contacts yet.')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: /Add person/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('combobox'), 'Grace');
    await userEvent.click(await screen.findByRole('option', { name: 'Grace Hopper' }));
    linked.push({ id: 'p2', name: 'Grace Hopper' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link' }));

    await waitFor(() => expect(calls).toContainEqual({ url: `${BASE}/p2`, method: 'PUT' }));
    expect(await screen.findByRole('link', { name: 'Grace Hopper' })).toBeTruthy();
    expect(calls.filter((c) => c.method === 'GET').length).toBeGreaterThanOrEqual(2);
  });

  it('unlinks a row with DELETE and refreshes the list', async () => {
    const linked: Array<Record<string, unknown>> = [{ id: 'p1', name: 'Ada Lovelace' }];
    const calls = stubFetch(linked);
    renderTab();
    const remove = await screen.findByRole('button', { name: 'Remove Ada Lovelace' });
    linked.length = 0;
    await userEvent.click(remove);

    await waitFor(() => expect(calls).toContainEqual({ url: `${BASE}/p1`, method: 'DELETE' }));
    expect(await screen.findByText('No contacts yet.')).toBeTruthy();
  });

  it("shows the server's refusal", async () => {
    stubFetch(
      [{ id: 'p1', name: 'Ada Lovelace' }],
      [404, { status: 404, code: 'NOT_FOUND', message: 'No such link' }],
    );
    renderTab();
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Ada Lovelace' }));
    expect(await screen.findByText('No such link')).toBeTruthy();
  });
});
