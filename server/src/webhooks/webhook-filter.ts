import { ALL_EVENT_TYPES, type WebhookEvent } from './webhook-event';

/**
 * A subscription's optional filter on the event's properties: `{ "property": "stage",
 * "equals": "won" }` keeps an event whose record has that value after the change: a `created` or
 * `deleted` event with it among its properties, an `updated` event that changed it to that value,
 * a `status_changed` event of that property to it. Any other event does not match.
 */
export interface WebhookFilter {
  property: string;
  equals: string | number | boolean | null;
}

/** What a subscription asks for: the fan-out sends it the events this accepts. */
export interface WebhookSelection {
  eventTypes: readonly string[];
  objectNames: readonly string[] | null;
  filter: WebhookFilter | null;
  /** Events from before the subscription existed are not sent (a replay can send them). */
  createdAt: Date;
}

export function isWebhookFilter(value: unknown): value is WebhookFilter {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value).sort();
  const { property, equals } = value as Record<string, unknown>;
  return (
    keys.length === 2 &&
    keys[0] === 'equals' &&
    keys[1] === 'property' &&
    typeof property === 'string' &&
    /^[a-z][a-z0-9_]{0,62}$/.test(property) &&
    (equals === null || ['string', 'number', 'boolean'].includes(typeof equals))
  );
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The property's value after the event, or `undefined` when the event does not say it. */
function valueAfter(event: WebhookEvent, property: string): unknown {
  const data = event.data;
  switch (event.type) {
    case 'created':
    case 'deleted':
    case 'restored':
      return record(data.properties)?.[property];
    case 'updated': {
      const change = record(record(data.changes)?.[property]);
      return change && 'new' in change ? change.new : undefined;
    }
    case 'status_changed':
      return data.property === property ? data.new : undefined;
    default:
      return undefined;
  }
}

export function matchesFilter(event: WebhookEvent, filter: WebhookFilter | null): boolean {
  if (filter === null) {
    return true;
  }
  const value = valueAfter(event, filter.property);
  return value !== undefined && value === filter.equals;
}

/** Whether a subscription wants an event: its type, its object, its filter, not before it. */
export function isSelected(event: WebhookEvent, selection: WebhookSelection): boolean {
  if (event.occurredAt.getTime() < selection.createdAt.getTime()) {
    return false;
  }
  if (
    !selection.eventTypes.includes(ALL_EVENT_TYPES) &&
    !selection.eventTypes.includes(event.type)
  ) {
    return false;
  }
  if (
    selection.objectNames !== null &&
    (event.objectName === null || !selection.objectNames.includes(event.objectName))
  ) {
    return false;
  }
  return matchesFilter(event, selection.filter);
}
