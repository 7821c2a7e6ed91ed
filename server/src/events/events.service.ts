import { Injectable } from '@nestjs/common';
import type { Tx } from 'src/database/transaction';
import { changeSourceOf, type RequestContext } from 'src/organizations/request-context';
import { actorTextOf } from './event-actor';
import type { NewEvent, StoredEvent } from './event.types';
import { EventsRepository, type TimelineFilter } from './events.repository';

/**
 * The event log: appends in the caller's transaction (the records write path's events stage,
 * comments, definition changes) and reads one record's events. Access to a record's events is
 * checked by the layer above (records' read rules), which also hides properties.
 */
@Injectable()
export class EventsService {
  constructor(private readonly repository: EventsRepository) {}

  append(events: NewEvent[], tx?: Tx): Promise<void> {
    return this.repository.append(events, tx);
  }

  appendOne(event: NewEvent, tx?: Tx): Promise<StoredEvent> {
    return this.repository.appendOne(event, tx);
  }

  /** Erases the values of purged records from their events, in the purge's transaction. */
  eraseRecordValues(organizationId: string, recordIds: readonly string[], tx: Tx): Promise<void> {
    return this.repository.eraseRecordValues(organizationId, recordIds, tx);
  }

  timeline(
    context: RequestContext,
    recordId: string,
    filter: TimelineFilter,
  ): Promise<StoredEvent[]> {
    return this.repository.findTimeline(context.organizationId, recordId, filter);
  }

  /** A record's events after an instant (newest first) and the last one before it. */
  since(
    context: RequestContext,
    recordId: string,
    at: Date,
  ): Promise<{ after: StoredEvent[]; last: StoredEvent | undefined }> {
    return this.repository.findAfter(context.organizationId, recordId, at);
  }

  propertyEvents(
    context: RequestContext,
    recordId: string,
    property: string,
  ): Promise<StoredEvent[]> {
    return this.repository.findPropertyEvents(context.organizationId, recordId, property);
  }
}

/** An event's who, where from and why, from the context of the change. */
export function eventOrigin(
  context: RequestContext,
): Pick<NewEvent, 'actor' | 'source' | 'requestId' | 'causeEventId'> {
  return {
    actor: actorTextOf(context.actor),
    source: changeSourceOf(context),
    requestId: context.requestId ?? null,
    causeEventId: context.causeEventId ?? null,
  };
}
