import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AdminContext, memoryStore } from 'react-admin';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { describe, expect, it, vi } from 'vitest';
import { PropertyDialog } from './PropertyDialog';
import type { Refusal } from './refusal';

function renderDialog(
  onSave = vi.fn((_values: Record<string, unknown>) =>
    Promise.resolve<Refusal | undefined>(undefined),
  ),
) {
  render(
    <AdminContext store={memoryStore()} i18nProvider={i18nProvider}>
      <PropertyDialog objectLabel="Shipments" onClose={vi.fn()} onSave={onSave} />
    </AdminContext>,
  );
  return onSave;
}

describe(PropertyDialog.name, () => {
  it('edits the options of an enumeration and derives the API name from the label', async () => {
    const onSave = renderDialog();
    const dialog = screen.getByRole('dialog');
    await userEvent.type(
      screen.getAllByRole('textbox', { name: /^Label/ })[0] as HTMLElement,
      'Status',
    );
    fireEvent.mouseDown(screen.getByRole('combobox', { name: /^Type/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Dropdown (one of)' }));
    for (const label of ['Pending', 'In transit']) {
      await userEvent.click(screen.getByRole('button', { name: 'Add' }));
      const labels = screen.getAllByRole('textbox', { name: /^Label/ });
      await userEvent.type(labels[labels.length - 1] as HTMLElement, label);
    }
    expect(dialog).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add property' }));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]).toMatchObject([
      {
        name: 'status',
        type: 'enumeration',
        label: 'Status',
        options: [{ label: 'Pending' }, { label: 'In transit' }],
      },
    ]);
  });

  it('shows the refusal the save resolved to', async () => {
    renderDialog(
      vi.fn(() =>
        Promise.resolve({
          message: 'A property named "status" exists',
          errors: { name: 'is taken' },
        }),
      ),
    );
    await userEvent.type(
      screen.getAllByRole('textbox', { name: /^Label/ })[0] as HTMLElement,
      'Status',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add property' }));
    expect(await screen.findByText('A property named "status" exists')).toBeTruthy();
    expect(await screen.findByText('is taken')).toBeTruthy();
  });
});
