import type { ChangeSource } from 'src/organizations/request-context';

/** The kinds of event the log holds (docs/architecture.md, "Timeline"). */
export const EVENT_TYPES = [
  'created',
  'updated',
  'deleted',
  'restored',
  'associated',
  'dissociated',
  'merged',
  'status_changed',
  'comment',
  'definition_changed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** One event to append: the log's row without what the database fills in (id, tx, time). */
export interface NewEvent {
  organizationId: string;
  type: EventType;
  objectName: string | null;
  recordId: string | null;
  /** The record's version after the change (null for links, comments, definitions). */
  recordVersion: number | null;
  /** `member:<id>`, `api_key:<id>` or `system`, as `record.created_by`. */
  actor: string;
  source: ChangeSource;
  requestId: string | null;
  causeEventId: string | null;
  data: Record<string, unknown>;
}

/** A stored event as the readers return it (wire names: snake_case). */
export interface StoredEvent {
  id: string;
  occurred_at: string;
  type: EventType;
  object_name: string | null;
  record_id: string | null;
  record_version: number | null;
  actor: string;
  source: ChangeSource;
  request_id: string | null;
  cause_event_id: string | null;
  data: Record<string, unknown>;
}

/** A stored event with its organization and transaction: what the change feed hands out. */
export interface FeedEvent extends StoredEvent {
  organization_id: string;
  tx_id: string;
}
