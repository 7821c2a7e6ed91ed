import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryAccessApi, renderSettings } from 'src/test/accessFixtures';
import { describe, expect, it } from 'vitest';
import { ApiKeysPage, keyGrant } from './ApiKeysPage';

describe(ApiKeysPage.name, () => {
  it('creates a key with a role and shows it once, with a warning and a copy button', async () => {
    const api = new MemoryAccessApi();
    renderSettings(<ApiKeysPage api={api} />);
    await userEvent.type(screen.getByLabelText('Key name'), 'billing sync');
    await userEvent.click(screen.getByRole('combobox', { name: 'Role' }));
    await userEvent.click(await screen.findByRole('option', { name: 'admin' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByDisplayValue(/^plk_abcdefgh-the-rest/)).toBeTruthy();
    expect(within(dialog).getByText(/only time the key is shown/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeTruthy();
    expect(api.keys).toMatchObject([{ name: 'billing sync', role: 'admin' }]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const table = screen.getByRole('table', { name: 'API keys' });
    expect(await within(table).findByText('billing sync')).toBeTruthy();
    expect(within(table).getByText('plk_abcdefgh…')).toBeTruthy();
    expect(screen.queryByDisplayValue(/the-rest-of-the-secret/)).toBeNull();
  });

  it('refuses a key without a name before sending', async () => {
    const api = new MemoryAccessApi();
    renderSettings(<ApiKeysPage api={api} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText(/Name the key/)).toBeTruthy();
    expect(api.keys).toEqual([]);
  });

  it('revokes a key after confirmation', async () => {
    const api = new MemoryAccessApi();
    await api.createApiKey({ name: 'old sync', role: 'member' });
    renderSettings(<ApiKeysPage api={api} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText(/^Revoked/)).toBeTruthy();
    expect(api.keys[0]?.revoked_at).not.toBeNull();
  });
});

describe(keyGrant.name, () => {
  it("shows a key's role, else its scopes", () => {
    expect(keyGrant({ role: 'viewer', scopes: null })).toBe('viewer');
    expect(keyGrant({ role: null, scopes: ['deal:read', 'data_model'] })).toBe(
      'deal:read, data_model',
    );
  });
});
