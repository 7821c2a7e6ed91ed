import { screen } from '@testing-library/react';
import { renderResource } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import { RecordShow } from './RecordShow';

describe(RecordShow.name, () => {
  it('shows every property, labelled, with the record as the title', async () => {
    renderResource('/specimen/1/show');
    expect(await screen.findByText('Handle with care.', { exact: false })).toBeTruthy();
    expect(screen.getAllByText('Crate of lamps').length).toBeGreaterThan(0);
    for (const label of ['Notes', 'Price', 'Status', 'Tags', 'Dimensions', 'Reference']) {
      expect(screen.getByText(label)).toBeTruthy();
    }
    expect(screen.getByText('€1,250.50')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Edit/ })).toBeTruthy();
  });
});
