import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { encodeTimelineCursor } from 'src/events/event-cursor';
import { EventFeedService } from 'src/events/event-feed.service';
import { visibleEvent } from 'src/events/event-visibility';
import type { StoredEvent } from 'src/events/event.types';
import type { TimelineFilter } from 'src/events/events.repository';
import { eventOrigin, EventsService } from 'src/events/events.service';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordsService } from 'src/records/records.service';
import type { FeedPageDto, PropertyValueDto, TimelinePageDto } from './timeline.dto';

/**
 * A record's timeline, one property's history, comments, and the organization's change feed
 * (docs/architecture.md, "Timeline"). Reading a record's events needs reading the record; what
 * the role hides never shows in them.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly records: RecordsService,
    private readonly events: EventsService,
    private readonly feed: EventFeedService,
  ) {}

  async listTimeline(
    context: RequestContext,
    objectName: string,
    id: string,
    filter: TimelineFilter,
  ): Promise<TimelinePageDto> {
    // The page is read while the record's access is checked: one round trip, not two.
    const [, events] = await Promise.all([
      this.assertReadable(context, objectName, id, filter.property),
      this.events.timeline(context, id, filter),
    ]);
    const last = events[events.length - 1];
    return {
      results: this.visible(context, events),
      paging:
        last && events.length === filter.limit
          ? { next: { after: encodeTimelineCursor(last.id) } }
          : {},
    };
  }

  /** One property's values over time, oldest first: each change's new value (null: removed). */
  async listPropertyHistory(
    context: RequestContext,
    objectName: string,
    id: string,
    property: string | undefined,
  ): Promise<PropertyValueDto[]> {
    if (!property) {
      throw new AppError(ErrorCode.BadRequest, 'property is required', {
        property: 'must name a property of the object',
      });
    }
    await this.assertReadable(context, objectName, id, property);
    const events = await this.events.propertyEvents(context, id, property);
    return this.visible(context, events).map((event) => ({
      value: valueAfter(event, property),
      occurred_at: event.occurred_at,
      actor: event.actor,
      record_version: event.record_version,
      event_id: event.id,
    }));
  }

  /** A comment on a record's timeline, by the caller. */
  async addComment(
    context: RequestContext,
    objectName: string,
    id: string,
    text: string,
  ): Promise<StoredEvent> {
    await this.assertReadable(context, objectName, id);
    return this.events.appendOne({
      organizationId: context.organizationId,
      type: 'comment',
      objectName,
      recordId: id,
      recordVersion: null,
      ...eventOrigin(context),
      data: { text },
    });
  }

  /** The organization's events in commit order after a cursor (admins: sync clients poll it). */
  async readChangeFeed(
    context: RequestContext,
    after: string | undefined,
    limit: number | undefined,
  ): Promise<FeedPageDto> {
    const page = await this.feed.readAfter({
      after,
      limit,
      organizationId: context.organizationId,
    });
    return {
      events: this.visible(
        context,
        page.events.map(({ organization_id: _organization, tx_id: _tx, ...event }) => event),
      ),
      next: page.next,
    };
  }

  /** 404 / 403 as a read of the record; a named property must be one the caller sees. */
  private async assertReadable(
    context: RequestContext,
    objectName: string,
    id: string,
    property?: string,
  ): Promise<void> {
    const definition = await this.records.assertReadableRecord(context, objectName, id);
    if (property !== undefined && !definition.propertyByName.has(property)) {
      throw new AppError(ErrorCode.BadRequest, `${property} is not a property of ${objectName}`, {
        property: `is not a property of ${objectName}`,
      });
    }
  }

  private visible<E extends StoredEvent>(context: RequestContext, events: E[]): E[] {
    return events.flatMap((event) => visibleEvent(context.permissions, event) ?? []);
  }
}

function valueAfter(event: StoredEvent, property: string): unknown {
  if (event.type === 'created' || event.type === 'restored') {
    return (event.data.properties as Record<string, unknown> | undefined)?.[property] ?? null;
  }
  if (event.type === 'updated') {
    const changes = event.data.changes as Record<string, { new: unknown }> | undefined;
    return changes?.[property]?.new ?? null;
  }
  return null;
}
