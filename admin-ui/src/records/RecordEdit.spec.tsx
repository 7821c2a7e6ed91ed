import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { RECORD_CHANGED_MESSAGE } from 'src/dataProvider';
import { renderResource, specimenRecord } from 'src/test/fixtures';
import { describe, expect, it, vi } from 'vitest';
import { RecordEdit } from './RecordEdit';

describe(RecordEdit.name, () => {
  it('saves a change through the data provider', async () => {
    const { dataProvider } = renderResource('/specimen/1');
    const title = await screen.findByLabelText(/^Title/, { selector: 'input' });
    await userEvent.clear(title);
    await userEvent.type(title, 'Crate of bulbs');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () =>
      expect(
        (await dataProvider.getOne<{ id: number; title: string }>('specimen', { id: 1 })).data
          .title,
      ).toBe('Crate of bulbs'),
    );
  });

  it("shows the server's field errors next to their inputs", async () => {
    const { dataProvider } = renderResource('/specimen/1');
    vi.spyOn(dataProvider, 'update').mockRejectedValue(
      new HttpError('specimen is invalid: title is taken', 400, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'specimen is invalid: title is taken',
        errors: { title: 'is taken' },
      }),
    );
    const title = await screen.findByLabelText(/^Title/, { selector: 'input' });
    await userEvent.type(title, 'X');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('is taken')).toBeTruthy();
  });

  it("explains a 412 and reloads the record keeping the user's edit", async () => {
    const { dataProvider } = renderResource('/specimen/1');
    vi.spyOn(dataProvider, 'update').mockRejectedValue(
      new HttpError(RECORD_CHANGED_MESSAGE, 412, {
        status: 412,
        code: 'PRECONDITION_FAILED',
        details: { current_version: 4 },
      }),
    );
    const getOne = vi.spyOn(dataProvider, 'getOne');
    const title = await screen.findByLabelText(/^Title/, { selector: 'input' });
    await userEvent.clear(title);
    await userEvent.type(title, 'My title');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        'This record was changed by someone else since you opened it: reload to see their changes',
      ),
    ).toBeTruthy();
    // The other editor changed the quantity: Reload shows it and keeps the user's title.
    getOne.mockResolvedValue({ data: { ...specimenRecord, quantity: 7 } });
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() =>
      expect(
        screen.getByLabelText<HTMLInputElement>(/^Quantity/, { selector: 'input' }).value,
      ).toBe('7'),
    );
    expect(screen.getByLabelText<HTMLInputElement>(/^Title/, { selector: 'input' }).value).toBe(
      'My title',
    );
  });
});
