import { screen } from '@testing-library/react';
import type { HttpClient } from 'src/dataProvider';
import { renderInRecord } from 'src/test/fixtures';
import { DEAL } from 'src/test/pipelineFixtures';
import { describe, expect, it } from 'vitest';
import { StageHistory } from './StageHistory';

const RECORD = { id: 'd1', stage: 'won', closed_at: '2026-03-05T09:00:00.000Z' };

function clientAnswering(results: unknown[]): HttpClient {
  return (() => Promise.resolve({ json: { results, paging: {} } })) as unknown as HttpClient;
}

describe(StageHistory.name, () => {
  it('shows each stage entered, by whom, and when it left, from the timeline', async () => {
    const client = clientAnswering([
      {
        id: '2',
        type: 'status_changed',
        occurred_at: '2026-03-02T09:00:00.000Z',
        actor: 'member:bo',
        data: { property: 'stage', old: 'lead', new: 'won' },
      },
      {
        id: '1',
        type: 'created',
        occurred_at: '2026-03-01T09:00:00.000Z',
        actor: 'member:ada',
        data: { properties: { stage: 'lead' } },
      },
    ]);
    renderInRecord(<StageHistory definition={DEAL} client={client} />, RECORD);
    expect(await screen.findByText(/^Lead — entered .* by member:ada, left /)).toBeTruthy();
    expect(screen.getByText(/^Won — entered .* by member:bo \(current\)/)).toBeTruthy();
    expect(screen.queryByText(/Closed at/)).toBeNull();
  });

  it('falls back to the stamped properties when the timeline has no moves', async () => {
    renderInRecord(<StageHistory definition={DEAL} client={clientAnswering([])} />, RECORD);
    expect(await screen.findByText(/^Won — .* \(Closed at\)/)).toBeTruthy();
  });
});
