import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { renderResource } from 'src/test/fixtures';
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
});
