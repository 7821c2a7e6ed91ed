/**
 * An event of the log as webhooks see it (docs/architecture.md, "Event log"); the fan-out maps
 * events/'s feed rows to this shape, the filter and the payload read only it.
 */
export interface WebhookEvent {
  organizationId: string;
  id: string;
  occurredAt: Date;
  type: string;
  objectName: string | null;
  recordId: string | null;
  recordVersion: number | null;
  actor: string;
  source: string;
  requestId: string | null;
  causeEventId: string | null;
  data: Record<string, unknown>;
}

/** The event types a subscription may name (the event log's), or `*` for all. */
export const WEBHOOK_EVENT_TYPES = [
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

export const ALL_EVENT_TYPES = '*';

/** The type of the body `POST /api/webhooks/{id}/test` sends. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** `webhook-id` of an event's message: the same for each attempt and replay. */
export function messageIdOf(eventId: string): string {
  return `msg_${eventId}`;
}

/**
 * The JSON body of an event's delivery, in Standard Webhooks' `{ type, timestamp, data }` shape;
 * `data.details` is the event's own data (the event log's contract, by type).
 */
export function eventPayload(event: WebhookEvent): Record<string, unknown> {
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      event_id: event.id,
      organization_id: event.organizationId,
      object: event.objectName,
      record_id: event.recordId,
      record_version: event.recordVersion,
      actor: event.actor,
      source: event.source,
      request_id: event.requestId,
      cause_event_id: event.causeEventId,
      details: event.data,
    },
  };
}
