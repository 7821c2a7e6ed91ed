import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AdminContext, memoryStore } from 'react-admin';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { testQueryClient } from 'src/test/fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ObjectDefinitionCreate, toDefinitionInput } from './ObjectDefinitionCreate';

function respond(status: number, body: unknown) {
  return vi.fn(() =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
    ),
  );
}

function renderCreate() {
  const queryClient = testQueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <AdminContext store={memoryStore()} i18nProvider={i18nProvider} queryClient={queryClient}>
        <ObjectDefinitionCreate />
      </AdminContext>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe(ObjectDefinitionCreate.name, () => {
  it('posts the definition, names derived from the label', async () => {
    const fetch = respond(201, {
      name: 'shipment',
      labels: { singular: 'Shipment', plural: 'Shipments' },
    });
    vi.stubGlobal('fetch', fetch);
    renderCreate();
    await userEvent.type(screen.getByLabelText(/^Singular label/), 'Shipment');
    await userEvent.click(screen.getByRole('button', { name: 'Create object' }));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/object-definitions');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({
      name: 'shipment',
      labels: { singular: 'Shipment', plural: 'Shipments' },
      primary_display_property: 'name',
      properties: [{ name: 'name', type: 'text', label: 'Name', required: true }],
    });
  });

  it("shows the server's refusal and its field errors", async () => {
    vi.stubGlobal(
      'fetch',
      respond(409, {
        status: 409,
        code: 'DEFINITION_EXISTS',
        message: 'An object named "shipment" already exists',
        errors: { name: 'is taken' },
      }),
    );
    renderCreate();
    await userEvent.type(screen.getByLabelText(/^Singular label/), 'Shipment');
    await userEvent.click(screen.getByRole('button', { name: 'Create object' }));
    expect(await screen.findByText('An object named "shipment" already exists')).toBeTruthy();
    expect(await screen.findByText('is taken')).toBeTruthy();
  });
});

describe(toDefinitionInput.name, () => {
  it('leaves out blank optional fields', () => {
    expect(
      toDefinitionInput({
        name: 'pet',
        labels: { singular: 'Pet', plural: 'Pets' },
        description: '',
        icon: 'pets',
        primary_label: 'Pet name',
      }),
    ).toEqual({
      name: 'pet',
      labels: { singular: 'Pet', plural: 'Pets' },
      icon: 'pets',
      primary_display_property: 'pet_name',
      properties: [{ name: 'pet_name', type: 'text', label: 'Pet name', required: true }],
    });
  });
});
