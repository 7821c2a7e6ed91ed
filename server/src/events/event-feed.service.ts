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
   * A page of every organization's feed without any event's values (for a reader that wants only
   * some organizations' events, webhooks: those with a subscription): how many events it holds,
   * of which organizations, and the cursor after all of them (null: none). readBetween then reads
   * the wanted organizations' events of that page whole.
   */
  async readPositions(options: {
    after: string | null;
    limit: number;
  }): Promise<{ read: number; organizationIds: string[]; next: string | null }> {
    const limit = Math.min(Math.max(options.limit, 1), MAX_FEED_PAGE);
    const after = options.after ? decodeFeedCursor(options.after) : undefined;
    const page = await this.repository.readFeedPositions(after, limit);
    return page.last
      ? {
          read: page.read,
          organizationIds: page.organizationIds,
          next: encodeFeedCursor(page.last),
        }
      : { read: 0, organizationIds: [], next: null };
  }

  /** The events of `organizationIds` after `after` up to `through` (a readPositions page). */
  readBetween(options: {
    after: string | null;
    through: string;
    organizationIds: string[];
  }): Promise<FeedEvent[]> {
    return this.repository.readFeedBetween(
      options.after ? decodeFeedCursor(options.after) : undefined,
      decodeFeedCursor(options.through),
      options.organizationIds,
    );
  }
}
