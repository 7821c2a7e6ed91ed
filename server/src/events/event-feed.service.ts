import { Injectable } from '@nestjs/common';
import { decodeFeedCursor, encodeFeedCursor } from './event-cursor';
import type { FeedEvent } from './event.types';
import { EventsRepository } from './events.repository';

/** Most events one feed read returns. */
export const MAX_FEED_PAGE = 1000;

export interface FeedPage {
  events: FeedEvent[];
  /** Where the next read starts: the last event's cursor, or the one given when none was new. */
  next: string | null;
}

/**
 * The change feed (docs/architecture.md, "Timeline"): events in commit order `(tx_id, id)`, never
 * one that commits later before a cursor already handed out. Reads every organization's events
 * unless one is named (webhooks fan out across all; `GET /api/events` names the caller's).
 */
@Injectable()
export class EventFeedService {
  constructor(private readonly repository: EventsRepository) {}

  async readAfter(options: {
    after?: string | null;
    limit?: number;
    organizationId?: string;
  }): Promise<FeedPage> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), MAX_FEED_PAGE);
    const after = options.after ? decodeFeedCursor(options.after) : undefined;
    const events = await this.repository.readFeed(after, limit, options.organizationId);
    const last = events[events.length - 1];
    return {
      events,
      next: last ? encodeFeedCursor({ txId: last.tx_id, id: last.id }) : (options.after ?? null),
    };
  }
}
