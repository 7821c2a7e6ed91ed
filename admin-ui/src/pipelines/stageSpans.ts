import type { HttpClient } from 'src/dataProvider';
import { sortedOptions } from 'src/definitions/properties';
import type { PropertyDefinition } from 'src/definitions/types';

/** A `created` or `status_changed` event as `GET …/{id}/timeline` answers. */
export interface StageEvent {
  id: string;
  type: string;
  occurred_at: string;
  actor: string;
  data: Record<string, unknown>;
}

/** One stay of a record in a stage: entered (when, by whom) and left (null: still there). */
export interface StageSpan {
  state: string;
  label: string;
  entered_at: string;
  entered_by: string;
  left_at: string | null;
}

/** Event ids are increasing bigints as strings: a longer one is later. */
function byId(a: StageEvent, b: StageEvent): number {
  return a.id.length - b.id.length || a.id.localeCompare(b.id);
}

/** The state an event put the record in (null: none, or cleared); undefined: not about it. */
function stateAfter(event: StageEvent, property: string): string | null | undefined {
  if (event.type === 'created') {
    const value = (event.data.properties as Record<string, unknown> | undefined)?.[property];
    return typeof value === 'string' ? value : null;
  }
  if (event.type === 'status_changed' && event.data.property === property) {
    return typeof event.data.new === 'string' ? event.data.new : null;
  }
  return undefined;
}

/**
 * A record's stays in the states of `property`, oldest first, from its `created` and
 * `status_changed` events (any order): each lasts until the next move.
 */
export function stageSpans(property: PropertyDefinition, events: StageEvent[]): StageSpan[] {
  const options = sortedOptions(property);
  const spans: StageSpan[] = [];
  let open: StageSpan | undefined;
  for (const event of [...events].sort(byId)) {
    const state = stateAfter(event, property.name);
    if (state === undefined) {
      continue;
    }
    if (open) {
      open.left_at = event.occurred_at;
    }
    open =
      state === null
        ? undefined
        : {
            state,
            label: options.find((o) => o.value === state)?.label ?? state,
            entered_at: event.occurred_at,
            entered_by: event.actor,
            left_at: null,
          };
    if (open) {
      spans.push(open);
    }
  }
  return spans;
}

/** How many timeline pages of moves are read at the most (100 events each). */
const MAX_PAGES = 10;

/**
 * A record's moves of `property`, from its timeline filtered to `created` and `status_changed`
 * events naming the property (README "Pipelines"), every page.
 */
export async function fetchStageEvents(
  client: HttpClient,
  base: string,
  property: string,
): Promise<StageEvent[]> {
  const events: StageEvent[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = new URLSearchParams({
      filter: JSON.stringify({ type: ['created', 'status_changed'], property }),
      range: '[0,99]',
    });
    if (cursor) {
      query.set('cursor', cursor);
    }
    const response = await client(`${base}/timeline?${query.toString()}`);
    const body = response.json as { results: StageEvent[]; paging: { next?: { after: string } } };
    events.push(...body.results);
    cursor = body.paging.next?.after;
    if (!cursor) {
      break;
    }
  }
  return events;
}
