import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { type ListQueryParams, parseListQuery } from 'src/common/http/list-query';
import { decodeTimelineCursor } from 'src/events/event-cursor';
import { type EventType, isEventType } from 'src/events/event.types';
import type { TimelineFilter } from 'src/events/events.repository';

/** The default and largest timeline page. */
export const TIMELINE_PAGE = 25;
export const MAX_TIMELINE_PAGE = 100;

function bad(field: string, message: string): AppError {
  return new AppError(ErrorCode.BadRequest, `filter.${field} ${message}`, {
    [`filter.${field}`]: message,
  });
}

function instant(field: string, value: unknown): Date {
  const at = typeof value === 'string' ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    throw bad(field, 'must be an ISO 8601 date-time');
  }
  return at;
}

/**
 * A timeline request in the list dialect: `filter={"type":["updated"],"property":"stage",
 * "actor":"member:<id>","from":"…","to":"…"}`, `range=[0,N]` (only its size: pages go by
 * `cursor`, the `paging.next.after` of the page before), newest first.
 */
export function parseTimelineQuery(params: ListQueryParams & { cursor?: unknown }): TimelineFilter {
  const { filter, range } = parseListQuery(params);
  const filterOut: TimelineFilter = {
    limit: Math.min(range ? range.end - range.start + 1 : TIMELINE_PAGE, MAX_TIMELINE_PAGE),
  };
  for (const [key, value] of Object.entries(filter)) {
    switch (key) {
      case 'type': {
        const types = Array.isArray(value) ? value : [value];
        if (!types.every((t): t is EventType => typeof t === 'string' && isEventType(t))) {
          throw bad('type', 'must be event types (created, updated, deleted, …)');
        }
        filterOut.types = types;
        break;
      }
      case 'property':
      case 'actor':
        if (typeof value !== 'string' || value === '') {
          throw bad(key, 'must be a string');
        }
        filterOut[key] = value;
        break;
      case 'from':
      case 'to':
        filterOut[key] = instant(key, value);
        break;
      default:
        throw bad(key, 'is not a timeline filter (type, property, actor, from, to)');
    }
  }
  if (params.cursor !== undefined) {
    if (typeof params.cursor !== 'string') {
      throw new AppError(ErrorCode.BadRequest, 'cursor must be a string', {
        cursor: 'must be a string',
      });
    }
    filterOut.beforeId = decodeTimelineCursor(params.cursor);
  }
  return filterOut;
}
