import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { describe, expect, it, vi } from 'vitest';
import { type AutoIndexChange, PropertyTable } from './PropertyTable';

const DEAL = {
  name: 'deal',
  labels: { singular: 'Deal', plural: 'Deals' },
  primary_display_property: 'name',
  properties: [
    { name: 'name', type: 'text', label: 'Name' },
    { name: 'amount', type: 'currency', label: 'Amount', auto_index: 'built' },
    { name: 'probability', type: 'percent', label: 'Probability', auto_index: 'pinned' },
    { name: 'closed_at', type: 'datetime', label: 'Closed at', auto_index: 'dropped' },
  ],
} as unknown as ObjectDefinition;

function renderTable() {
  const onAutoIndex = vi.fn<(property: PropertyDefinition, change: AutoIndexChange) => void>();
  render(
    <PropertyTable
      definition={DEAL}
      onEdit={vi.fn()}
      onRemove={vi.fn()}
      onAutoIndex={onAutoIndex}
    />,
  );
  const row = (apiName: string) =>
    within(screen.getByRole('cell', { name: apiName }).closest('tr')!);
  return { onAutoIndex, row };
}

describe(PropertyTable.name, () => {
  it('shows each automatic index state and only the actions it offers', () => {
    const { row } = renderTable();
    expect(row('amount').getByText('auto index')).toBeTruthy();
    expect(row('amount').getByRole('button', { name: 'Pin the index of Amount' })).toBeTruthy();
    expect(row('probability').getByText('index pinned')).toBeTruthy();
    expect(row('probability').queryByRole('button', { name: /^Pin/ })).toBeNull();
    expect(row('closed_at').getByText('auto index dropped')).toBeTruthy();
    expect(row('closed_at').queryByRole('button', { name: /^Drop/ })).toBeNull();
    expect(row('name').queryByRole('button', { name: /index/ })).toBeNull();
  });

  it('pins, drops and allows again through the change it reports', async () => {
    const { onAutoIndex, row } = renderTable();
    await userEvent.click(row('amount').getByRole('button', { name: 'Pin the index of Amount' }));
    await userEvent.click(
      row('probability').getByRole('button', { name: 'Drop the index of Probability' }),
    );
    await userEvent.click(
      row('closed_at').getByRole('button', { name: 'Allow an automatic index on Closed at' }),
    );
    expect(onAutoIndex.mock.calls.map(([property, change]) => [property.name, change])).toEqual([
      ['amount', 'pinned'],
      ['probability', 'dropped'],
      ['closed_at', null],
    ]);
  });
});
