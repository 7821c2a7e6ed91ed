import type { WebhookEvent } from './webhook-event';
import { isSelected, isWebhookFilter, matchesFilter } from './webhook-filter';

function anEvent(overrides: Partial<WebhookEvent> = {}): WebhookEvent {
  return {
    organizationId: 'org',
    id: '1',
    occurredAt: new Date('2026-01-02T00:00:00Z'),
    type: 'updated',
    objectName: 'deal',
    recordId: 'record',
    recordVersion: 2,
    actor: 'system',
    source: 'api',
    requestId: null,
    causeEventId: null,
    data: { changes: { stage: { old: 'open', new: 'won' } } },
    ...overrides,
  };
}

const EVERYTHING = {
  eventTypes: ['*'],
  objectNames: null,
  filter: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

describe(isWebhookFilter.name, () => {
  it('accepts a property and a scalar value', () => {
    expect(isWebhookFilter({ property: 'stage', equals: 'won' })).toBe(true);
    expect(isWebhookFilter({ property: 'amount', equals: 5 })).toBe(true);
    expect(isWebhookFilter({ property: 'closed', equals: null })).toBe(true);
  });

  it('refuses other keys, a bad property name and non-scalar values', () => {
    expect(isWebhookFilter({ property: 'stage' })).toBe(false);
    expect(isWebhookFilter({ property: 'stage', equals: 'won', extra: 1 })).toBe(false);
    expect(isWebhookFilter({ property: 'Stage!', equals: 'won' })).toBe(false);
    expect(isWebhookFilter({ property: 'stage', equals: ['won'] })).toBe(false);
    expect(isWebhookFilter(['stage'])).toBe(false);
  });
});

describe(matchesFilter.name, () => {
  const wonFilter = { property: 'stage', equals: 'won' };

  it('matches an update that changed the property to the value', () => {
    expect(matchesFilter(anEvent(), wonFilter)).toBe(true);
    expect(
      matchesFilter(
        anEvent({ data: { changes: { stage: { old: 'won', new: 'lost' } } } }),
        wonFilter,
      ),
    ).toBe(false);
  });

  it('does not match an update that left the property alone', () => {
    expect(
      matchesFilter(anEvent({ data: { changes: { amount: { old: 1, new: 2 } } } }), wonFilter),
    ).toBe(false);
  });

  it('matches a created record with the value and a status change to it', () => {
    expect(
      matchesFilter(
        anEvent({ type: 'created', data: { properties: { stage: 'won' } } }),
        wonFilter,
      ),
    ).toBe(true);
    expect(
      matchesFilter(
        anEvent({ type: 'status_changed', data: { property: 'stage', old: 'open', new: 'won' } }),
        wonFilter,
      ),
    ).toBe(true);
  });

  it('never matches an event that carries no properties', () => {
    expect(matchesFilter(anEvent({ type: 'comment', data: { text: 'won' } }), wonFilter)).toBe(
      false,
    );
  });
});

describe(isSelected.name, () => {
  it('keeps the named event types and objects only', () => {
    expect(isSelected(anEvent(), { ...EVERYTHING, eventTypes: ['created'] })).toBe(false);
    expect(isSelected(anEvent(), { ...EVERYTHING, eventTypes: ['updated'] })).toBe(true);
    expect(isSelected(anEvent(), { ...EVERYTHING, objectNames: ['company'] })).toBe(false);
    expect(isSelected(anEvent(), { ...EVERYTHING, objectNames: ['deal'] })).toBe(true);
  });

  it('skips events from before the subscription existed', () => {
    expect(isSelected(anEvent({ occurredAt: new Date('2025-12-31T00:00:00Z') }), EVERYTHING)).toBe(
      false,
    );
  });

  it('skips an event without an object when objects are named', () => {
    expect(
      isSelected(anEvent({ type: 'definition_changed', objectName: null }), {
        ...EVERYTHING,
        objectNames: ['deal'],
      }),
    ).toBe(false);
  });
});
