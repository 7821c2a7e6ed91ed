import { fireEvent, screen } from '@testing-library/react';
import type { HttpClient } from 'src/dataProvider';
import { renderInRecord, specimen, specimenRecord } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import { describeEvent, RecordTimeline, type TimelineEvent } from './RecordTimeline';

function anEvent(overrides: Partial<TimelineEvent>): TimelineEvent {
  return {
    id: '1',
    type: 'updated',
    occurred_at: '2026-03-02T09:00:00Z',
    actor: 'member:ada',
    source: 'ui',
    data: {},
    ...overrides,
  };
}

describe(describeEvent.name, () => {
  it('says each change as old → new, with the property labels', () => {
    const event = anEvent({ data: { changes: { status: { old: 'draft', new: 'shipped' } } } });
    expect(describeEvent(event, specimen)).toEqual(['Status: draft → shipped']);
    expect(describeEvent(anEvent({ type: 'comment', data: { text: 'Hi' } }), specimen)).toEqual([
      'Hi',
    ]);
    expect(describeEvent(anEvent({ type: 'created' }), specimen)).toEqual(['Created']);
  });
});

describe(RecordTimeline.name, () => {
  it('lists the events and sends a comment', async () => {
    const calls: Array<{ url: string; body?: string }> = [];
    const client = ((url: string, options: { body?: string } = {}) => {
      calls.push({ url, body: options.body });
      const results = [
        anEvent({ id: '2', data: { changes: { status: { old: 'draft', new: 'shipped' } } } }),
        anEvent({ id: '1', type: 'created' }),
      ];
      return Promise.resolve({ json: { results, paging: {} } });
    }) as unknown as HttpClient;
    renderInRecord(<RecordTimeline definition={specimen} client={client} />, specimenRecord);
    expect(await screen.findByText('Status: draft → shipped')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Add a comment'), { target: { value: 'Called' } });
    fireEvent.click(screen.getByRole('button', { name: 'Comment' }));
    await screen.findAllByText('Created');
    expect(
      calls.some((call) => call.url.endsWith('/comments') && call.body?.includes('Called')),
    ).toBe(true);
  });
});
