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

  /**
   * A page of every organization's feed for a reader that wants only some organizations' events
   * (webhooks: those with a subscription): the page's organizations are read first, without any
   * event's values, and only the events of those `wanted` picks are read whole. `read` counts the
   * page's events, `next` is after all of them.
   */
  async readAfterFor(options: {
    after: string | null;
    limit: number;
    wanted: (organizationIds: string[]) => Promise<string[]>;
  }): Promise<FeedPage & { read: number }> {
    const limit = Math.min(Math.max(options.limit, 1), MAX_FEED_PAGE);
    const after = options.after ? decodeFeedCursor(options.after) : undefined;
    const page = await this.repository.readFeedPositions(after, limit);
    if (!page.last) {
      return { events: [], next: options.after, read: 0 };
    }
    const wanted = await options.wanted(page.organizationIds);
    const events =
      wanted.length === 0 ? [] : await this.repository.readFeedBetween(after, page.last, wanted);
    return { events, next: encodeFeedCursor(page.last), read: page.read };
  }
}
