import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
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
});
