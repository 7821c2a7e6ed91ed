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

  /** Up to `limit` events after `after`, without their values: how many, of which organizations. */
  positionsAfter(
    after: string | null,
    limit: number,
  ): Promise<{ read: number; organizationIds: string[]; next: string | null }> {
    return this.feed.readPositions({ after, limit });
  }

  /** The events of `organizationIds` after `after` up to `through` (a positionsAfter page), whole. */
  async eventsBetween(
    after: string | null,
    through: string,
    organizationIds: string[],
  ): Promise<WebhookEvent[]> {
    return (await this.feed.readBetween({ after, through, organizationIds })).map(toWebhookEvent);
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
