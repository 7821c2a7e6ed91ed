import type { StoredEvent } from './event.types';

/** A record's state as an as-of read rebuilds it. */
export interface RecordState {
  properties: Record<string, unknown>;
  version: number;
  owner_id: string | null;
  created_at: Date;
  updated_at: Date;
  created_by: string;
  updated_by: string;
}

/** A record's links: `<association_type>/<from|to>` (the record's own column) → other record ids. */
export type LinkState = Map<string, Set<string>>;

export function linkKey(associationType: string, selfColumn: 'from' | 'to'): string {
  return `${associationType}/${selfColumn}`;
}

/**
 * The record as it was before the given events (newest first: every event after the instant),
 * rebuilt backwards from its state now (undefined: gone): an update's old values come back, a
 * `deleted` event's values are the state before it, a link made is removed and one removed is
 * back. Undefined when the record did not exist then (its `created` event is among them, or the
 * current state began later: records older than the event log begin at their `created_at`).
 * Events hold sensitive values masked, so a sensitive value changed since shows as masked.
 */
export function rewindRecord(
  now: RecordState | undefined,
  links: LinkState,
  eventsNewestFirst: StoredEvent[],
  at: Date,
): { state: RecordState; links: LinkState } | undefined {
  let state = now ? { ...now, properties: { ...now.properties } } : undefined;
  const linked: LinkState = new Map([...links].map(([key, ids]) => [key, new Set(ids)]));
  for (const event of eventsNewestFirst) {
    switch (event.type) {
      case 'created':
        return undefined;
      case 'deleted':
        // A purged record's events keep no values: there is nothing to show as it was.
        if (event.data.permanent === true || event.data.erased === true) {
          return undefined;
        }
        state = {
          properties: { ...((event.data.properties as Record<string, unknown>) ?? {}) },
          version: (event.record_version ?? 1) - 1,
          owner_id: (event.data.owner_id as string | null | undefined) ?? null,
          created_at: new Date((event.data.created_at as string | undefined) ?? 0),
          updated_at: new Date(event.occurred_at),
          created_by: event.actor,
          updated_by: event.actor,
        };
        break;
      case 'updated':
        if (state) {
          undoChanges(state, event);
        }
        break;
      case 'associated':
      case 'dissociated':
        undoLink(linked, event);
        break;
      // Before a restore the record was in the recycle bin: deleted, until its `deleted` event.
      case 'restored':
        state = undefined;
        break;
      // The rest change no values.
      case 'merged':
      case 'status_changed':
      case 'comment':
      case 'definition_changed':
        break;
    }
  }
  if (!state || state.created_at.getTime() > at.getTime()) {
    return undefined;
  }
  return { state, links: linked };
}

function undoChanges(state: RecordState, event: StoredEvent): void {
  const changes = (event.data.changes ?? {}) as Record<string, { old: unknown; new: unknown }>;
  for (const [name, change] of Object.entries(changes)) {
    if (name === 'owner_id') {
      state.owner_id = (change.old as string | null) ?? null;
    } else if (change.old === null || change.old === undefined) {
      delete state.properties[name];
    } else {
      state.properties[name] = change.old;
    }
  }
  state.version = (event.record_version ?? state.version) - 1;
}

function undoLink(linked: LinkState, event: StoredEvent): void {
  const data = event.data as {
    association_type?: string;
    from_id?: string;
    to_id?: string;
    side?: string;
  };
  if (!data.association_type || (data.side !== 'from' && data.side !== 'to')) {
    return;
  }
  const key = linkKey(data.association_type, data.side);
  const other = data.side === 'from' ? data.to_id : data.from_id;
  if (!other) {
    return;
  }
  const ids = linked.get(key) ?? new Set<string>();
  if (event.type === 'associated') {
    ids.delete(other);
  } else {
    ids.add(other);
  }
  linked.set(key, ids);
}
