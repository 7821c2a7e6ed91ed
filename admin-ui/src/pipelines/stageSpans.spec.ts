import type { HttpClient } from 'src/dataProvider';
import { STAGE } from 'src/test/pipelineFixtures';
import { describe, expect, it } from 'vitest';
import { fetchStageEvents, type StageEvent, stageSpans } from './stageSpans';

function anEvent(id: string, overrides: Partial<StageEvent>): StageEvent {
  return {
    id,
    type: 'status_changed',
    occurred_at: `2026-03-0${id}T09:00:00.000Z`,
    actor: 'member:ada',
    data: {},
    ...overrides,
  };
}

describe(stageSpans.name, () => {
  it('makes each move a stay that lasts until the next one, oldest first', () => {
    const events = [
      anEvent('3', { data: { property: 'stage', old: 'lead', new: 'won' }, actor: 'member:bo' }),
      anEvent('2', { data: { property: 'stage', old: 'won', new: 'lead' } }),
      anEvent('1', { type: 'created', data: { properties: { stage: 'won', name: 'Acme' } } }),
    ];
    expect(stageSpans(STAGE, events)).toEqual([
      {
        state: 'won',
        label: 'Won',
        entered_at: '2026-03-01T09:00:00.000Z',
        entered_by: 'member:ada',
        left_at: '2026-03-02T09:00:00.000Z',
      },
      {
        state: 'lead',
        label: 'Lead',
        entered_at: '2026-03-02T09:00:00.000Z',
        entered_by: 'member:ada',
        left_at: '2026-03-03T09:00:00.000Z',
      },
      {
        state: 'won',
        label: 'Won',
        entered_at: '2026-03-03T09:00:00.000Z',
        entered_by: 'member:bo',
        left_at: null,
      },
    ]);
  });

  it('orders ids as numbers, ends a stay when the value is cleared, and skips other properties', () => {
    const events = [
      anEvent('9', { type: 'created', data: { properties: { stage: 'lead' } } }),
      anEvent('10', { data: { property: 'other', old: 'a', new: 'b' } }),
      anEvent('11', { data: { property: 'stage', old: 'lead', new: null } }),
    ];
    expect(stageSpans(STAGE, events)).toEqual([
      expect.objectContaining({ state: 'lead', left_at: events[2]?.occurred_at }),
    ]);
  });
});

describe(fetchStageEvents.name, () => {
  it('reads every page of the filtered timeline', async () => {
    const urls: string[] = [];
    const client = ((url: string) => {
      urls.push(url);
      const first = !url.includes('cursor=');
      return Promise.resolve({
        json: {
          results: [anEvent(first ? '2' : '1', {})],
          paging: first ? { next: { after: 'c1' } } : {},
        },
      });
    }) as unknown as HttpClient;
    const events = await fetchStageEvents(client, '/api/objects/deal/d1', 'stage');
    expect(events.map((e) => e.id)).toEqual(['2', '1']);
    const filter = new URL(urls[0] ?? '', 'http://x').searchParams.get('filter');
    expect(JSON.parse(filter ?? '')).toEqual({
      type: ['created', 'status_changed'],
      property: 'stage',
    });
    expect(urls[1]).toContain('cursor=c1');
  });
});
