import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataProvider } from 'react-admin';
import { renderResource, specimenDataProvider, specimenRecord } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import { RecordList } from './RecordList';

const second = { ...specimenRecord, id: 2, title: 'Box of bulbs', status: 'pending', tags: [] };

/** What the wrapped simple REST provider answers when the server only estimated the total. */
function estimatingDataProvider(total: number): DataProvider {
  const fake = specimenDataProvider([specimenRecord, second]);
  return {
    ...fake,
    getList: async (resource, params) => ({
      ...(await fake.getList(resource, params)),
      total,
      meta: { isTotalEstimated: true },
    }),
  };
}

describe(RecordList.name, () => {
  it('lists records with the primary property first and the default columns only', async () => {
    renderResource('/specimen', [specimenRecord, second]);
    const table = await screen.findByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    expect(headers.slice(1)).toEqual([
      'Title',
      'Weight',
      'Quantity',
      'Price',
      'Discount',
      'Fragile',
    ]);
    expect(await within(table).findByText('Crate of lamps')).toBeTruthy();
    expect(within(table).getByText('Box of bulbs')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Columns/i })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /Export/i }).length).toBeGreaterThan(0);
  });

  it('searches with q', async () => {
    renderResource('/specimen', [specimenRecord, second]);
    await screen.findByText('Box of bulbs');
    await userEvent.type(screen.getByPlaceholderText('Search'), 'bulbs');
    await screen.findByText('Box of bulbs');
    await expect.poll(() => screen.queryByText('Crate of lamps')).toBeNull();
  });

  it('offers bulk actions once rows are selected', async () => {
    renderResource('/specimen', [specimenRecord, second]);
    const table = await screen.findByRole('table');
    await within(table).findByText('Box of bulbs');
    // The first checkbox selects the page; the next ones select one row each.
    await userEvent.click(within(table).getAllByRole('checkbox')[1] as HTMLElement);
    expect(await screen.findByRole('button', { name: /Set…/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Delete/ })).toBeTruthy();
  });

  it('shows an exact total as react-admin does', async () => {
    renderResource('/specimen', [specimenRecord, second]);
    expect(await screen.findByText('1-2 of 2')).toBeTruthy();
    expect(screen.queryByText(/about/)).toBeNull();
  });

  it('shows an estimated total as "about", with thousands separators', async () => {
    renderResource('/specimen', [specimenRecord, second], estimatingDataProvider(166567));
    expect(await screen.findByText('1-25 of about 166,567')).toBeTruthy();
  });
});
