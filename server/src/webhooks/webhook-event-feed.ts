import { Injectable } from '@nestjs/common';
import { EventFeedService } from 'src/events/event-feed.service';
import type { FeedEvent } from 'src/events/event.types';
import type { WebhookEvent } from './webhook-event';

/**
 * The event log's change feed, as the fan-out reads it: every organization's events in commit
 * order `(tx_id, id)`, never one that commits later before the cursor (docs/architecture.md,
 * "Timeline").
 */
@Injectable()
export class WebhookEventFeed {
  constructor(private readonly feed: EventFeedService) {}

  /**
   * Up to `limit` events after `after`: `read` of them, of which `events` are those of the
   * organizations `wanted` keeps (given the page's organizations), read whole.
   */
  async readAfter(
    after: string | null,
    limit: number,
    wanted: (organizationIds: string[]) => Promise<string[]>,
  ): Promise<{ events: WebhookEvent[]; next: string | null; read: number }> {
    const page = await this.feed.readAfterFor({ after, limit, wanted });
    return { events: page.events.map(toWebhookEvent), next: page.next, read: page.read };
  }
}

function toWebhookEvent(event: FeedEvent): WebhookEvent {
  return {
    organizationId: event.organization_id,
    id: event.id,
    occurredAt: new Date(event.occurred_at),
    type: event.type,
    objectName: event.object_name,
    recordId: event.record_id,
    recordVersion: event.record_version,
    actor: event.actor,
    source: event.source,
    requestId: event.request_id,
    causeEventId: event.cause_event_id,
    data: event.data,
  };
}
