import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, within } from '@testing-library/react';
import fakeDataProvider from 'ra-data-fakerest';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import type { Me } from './auth/types';
import type { ObjectDefinition } from './definitions/types';
import { DEFINITIONS_QUERY_KEY } from './definitions/useDefinitions';
import {
  aSession,
  sessionAuthProvider,
  specimen,
  specimenRecord,
  testQueryClient,
} from './test/fixtures';

const deal: ObjectDefinition = {
  ...specimen,
  id: 'deal',
  name: 'deal',
  labels: { singular: 'Deal', plural: 'Deals' },
  group: 'crm',
  is_system: true,
  primary_display_property: 'name',
  properties: [{ name: 'name', type: 'text', label: 'Deal name' }],
};

function renderApp(path = '/', session: Me | null = aSession()) {
  const queryClient = testQueryClient([deal, specimen], session);
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <App
          authProvider={sessionAuthProvider(session)}
          dataProvider={fakeDataProvider(
            { deal: [], specimen: [specimenRecord], shipment: [] },
            false,
          )}
        />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return queryClient;
}

describe(App.name, () => {
  it('registers one resource per definition, grouped in the menu', async () => {
    renderApp();
    expect((await screen.findAllByText('CRM')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('Custom objects').length).toBeGreaterThan(0);
    expect(screen.getAllByRole('menuitem', { name: /Deals/ }).length).toBeGreaterThan(0);
    expect(screen.getAllByRole('menuitem', { name: /Specimens/ }).length).toBeGreaterThan(0);
    expect(screen.getAllByRole('menuitem', { name: /Data model/ }).length).toBeGreaterThan(0);
  });

  it('adds a saved object to the menu without a reload', async () => {
    const queryClient = renderApp();
    await screen.findAllByText('Custom objects');
    const shipment: ObjectDefinition = {
      ...specimen,
      id: 'shipment',
      name: 'shipment',
      labels: { singular: 'Shipment', plural: 'Shipments' },
    };
    await act(async () => {
      queryClient.setQueryData(DEFINITIONS_QUERY_KEY, [deal, specimen, shipment]);
      await Promise.resolve();
    });
    expect((await screen.findAllByRole('menuitem', { name: /Shipments/ })).length).toBeGreaterThan(
      0,
    );
  });

  it('offers the settings of a role that manages access and the data model', async () => {
    renderApp();
    for (const name of [/Data model/, /Members/, /Roles/, /API keys/]) {
      expect((await screen.findAllByRole('menuitem', { name })).length).toBeGreaterThan(0);
    }
  });

  it('shows a viewer no Create button and no settings', async () => {
    const viewer = aSession({
      role: 'viewer',
      member: { id: 'member-vic', role: 'viewer' },
      permissions: {
        objects: { '*': { read: 'all', create: 'none', update: 'none', delete: 'none' } },
        properties: {},
        manage_data_model: false,
        manage_access: false,
      },
    });
    renderApp('/specimen', viewer);
    expect(await screen.findByText('Crate of lamps')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Create' })).toBeNull();
    expect(screen.queryAllByRole('menuitem', { name: /Data model/ })).toEqual([]);
    expect(screen.queryAllByRole('menuitem', { name: /Members/ })).toEqual([]);
    expect(screen.queryByText('Settings')).toBeNull();
  });

  it('leaves out the objects a role may not read and the properties it hides', async () => {
    const custom = aSession({
      role: 'clerk',
      permissions: {
        objects: {
          '*': { read: 'all', create: 'all', update: 'all', delete: 'none' },
          deal: { read: 'none', create: 'none', update: 'none', delete: 'none' },
        },
        properties: { specimen: { weight: 'hidden' } },
        manage_data_model: false,
        manage_access: false,
      },
    });
    renderApp('/specimen', custom);
    const table = await screen.findByRole('table');
    expect(await within(table).findByText('Crate of lamps')).toBeTruthy();
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toContain('Title');
    expect(headers).not.toContain('Weight');
    expect(screen.getByRole('link', { name: 'Create' })).toBeTruthy();
    expect(screen.queryAllByRole('menuitem', { name: /Deals/ })).toEqual([]);
  });

  it('shows the login page to someone not signed in', async () => {
    renderApp('/specimen', null);
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByLabelText(/^Email/)).toBeTruthy();
  });
});
