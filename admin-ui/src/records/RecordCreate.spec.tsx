import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderResource, specimen } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import { defaultValuesOf, RecordCreate } from './RecordCreate';

describe(RecordCreate.name, () => {
  it("starts from the definition's defaults and creates the record", async () => {
    const { dataProvider } = renderResource('/specimen/create', []);
    expect((await screen.findByRole('combobox', { name: /^Status/ })).textContent).toBe('Pending');
    await userEvent.type(screen.getByLabelText(/^Title/, { selector: 'input' }), 'Pallet');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => {
      const { data } = await dataProvider.getList('specimen', {
        pagination: { page: 1, perPage: 10 },
        sort: { field: 'id', order: 'ASC' },
        filter: {},
      });
      expect(data).toMatchObject([{ title: 'Pallet', status: 'pending', currency: 'USD' }]);
    });
  });

  it('blocks an invalid record before it reaches the server', async () => {
    renderResource('/specimen/create', []);
    await userEvent.type(await screen.findByLabelText(/^Title/, { selector: 'input' }), 'pallet');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('must match the pattern ^[A-Z]')).toBeTruthy();
  });
});

describe(defaultValuesOf.name, () => {
  it('collects the defaults of the definition', () => {
    expect(defaultValuesOf(specimen)).toEqual({ status: 'pending', currency: 'USD' });
  });
});
