/**
 * An event of the log as webhooks see it (docs/architecture.md, "Event log"); the fan-out maps
 * events/'s feed rows to this shape, the filter and the envelope read only it.
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
 * What a delivery keeps of an event's body, in Standard Webhooks' `{ type, timestamp, data }`
 * shape: all but `data.details`, the event's own data (the record's values; the event log's
 * contract, by type). Each send and read of the delivery sets `data.details` from the event row
 * (webhooks.repository.ts, `DELIVERY_PAYLOAD`), so a purge's erasure of the event's values reaches
 * its pending and logged deliveries and replays at once ("purged means gone everywhere").
 */
export function eventEnvelope(event: WebhookEvent): Record<string, unknown> {
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
    },
  };
}
