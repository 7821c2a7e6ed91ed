import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource } from 'typeorm';
import type { FeedPosition } from './event-cursor';
import { EVENT_INSERT_COLUMNS, EVENTS_RECORDSET, eventsDocument } from './event-sql';
import type { EventType, FeedEvent, NewEvent, StoredEvent } from './event.types';

const STORED_COLUMNS =
  'e.id::text AS id, e.occurred_at, e.type, e.object_name, e.record_id, e.record_version, e.actor, e.source, e.request_id, e.cause_event_id::text AS cause_event_id, e.data';

/**
 * The change feed after the position `($1, $2)`: only transactions below the reader's snapshot
 * xmin, all of which have ended, so no event can later commit before a position handed out.
 */
const FEED_AFTER =
  '(e.tx_id, e.id) > ($1::xid8, $2::bigint) AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())';

/** What a timeline page keeps (all optional: none is every event of the record). */
export interface TimelineFilter {
  types?: EventType[];
  /** Events that name this property (changes, a created record's values, a status change). */
  property?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  /** Older than this event (the page before ended there). */
  beforeId?: string;
  limit: number;
}

type EventRow = Omit<StoredEvent, 'occurred_at'> & { occurred_at: Date };

/**
 * The `event` table (migration 1766200000000-event-log.ts): appended in the change's
 * transaction, read by record (timeline, history, as-of) and in commit order (the change feed).
 */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], tx?: Tx): Promise<T[]> {
    return (tx ? managerOf(tx) : this.dataSource.manager).query(sql, params);
  }

  /**
   * Appends events in one statement (a batch of a thousand records is one INSERT). The events
   * travel as one JSON document: one `JSON.stringify`, where arrays of documents would be escaped
   * element by element by the driver.
   */
  async append(events: NewEvent[], tx?: Tx): Promise<void> {
    if (events.length === 0) {
      return;
    }
    await this.query(
      `INSERT INTO event (${EVENT_INSERT_COLUMNS})
       SELECT x.organization_id, x.type, x.object_name, x.record_id, x.record_version, x.actor, x.source, x.request_id, x.cause_event_id, x.data
         FROM jsonb_to_recordset($1::jsonb) AS ${EVENTS_RECORDSET}`,
      [eventsDocument(events)],
      tx,
    );
  }

  /** Appends one event and returns it as stored (a comment answers with its event). */
  async appendOne(event: NewEvent, tx?: Tx): Promise<StoredEvent> {
    const rows = await this.query<EventRow>(
      `INSERT INTO event AS e (${EVENT_INSERT_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       RETURNING ${STORED_COLUMNS}`,
      [
        event.organizationId,
        event.type,
        event.objectName,
        event.recordId,
        event.recordVersion,
        event.actor,
        event.source,
        event.requestId,
        event.causeEventId,
        JSON.stringify(event.data),
      ],
      tx,
    );
    return toStored(rows[0] as EventRow);
  }

  /**
   * "Purged means gone everywhere": the events of purged records keep who did what and when, but
   * not the values (`data` becomes `{"erased": true}`); links' events name ids only and stay.
   */
  async eraseRecordValues(
    organizationId: string,
    recordIds: readonly string[],
    tx: Tx,
  ): Promise<void> {
    if (recordIds.length === 0) {
      return;
    }
    await this.query(
      `UPDATE event SET data = '{"erased": true}'::jsonb
        WHERE organization_id = $1 AND record_id = ANY($2::uuid[])
          AND type NOT IN ('associated', 'dissociated') AND NOT data ? 'erased'`,
      [organizationId, recordIds],
      tx,
    );
  }

  /** A record's events, newest first, by the record index `(organization_id, record_id, id)`. */
  async findTimeline(
    organizationId: string,
    recordId: string,
    filter: TimelineFilter,
  ): Promise<StoredEvent[]> {
    const params: unknown[] = [organizationId, recordId];
    const where = ['e.organization_id = $1', 'e.record_id = $2'];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (filter.types && filter.types.length > 0) {
      where.push(`e.type = ANY(${bind(filter.types)}::text[])`);
    }
    if (filter.property !== undefined) {
      const name = bind(filter.property);
      where.push(
        `(e.data->'changes' ? ${name} OR e.data->'properties' ? ${name} OR e.data->>'property' = ${name})`,
      );
    }
    if (filter.actor !== undefined) {
      where.push(`e.actor = ${bind(filter.actor)}`);
    }
    if (filter.from) {
      where.push(`e.occurred_at >= ${bind(filter.from)}`);
    }
    if (filter.to) {
      where.push(`e.occurred_at < ${bind(filter.to)}`);
    }
    if (filter.beforeId !== undefined) {
      where.push(`e.id < ${bind(filter.beforeId)}::bigint`);
    }
    const rows = await this.query<EventRow>(
      `SELECT ${STORED_COLUMNS} FROM event e WHERE ${where.join(' AND ')}
        ORDER BY e.id DESC LIMIT ${bind(filter.limit)}`,
      params,
    );
    return rows.map(toStored);
  }

  /**
   * What an as-of read rewinds: a record's events after an instant, newest first (comments
   * apart), and the last one at or before it (who changed the record last, and when).
   */
  async findAfter(
    organizationId: string,
    recordId: string,
    at: Date,
  ): Promise<{ after: StoredEvent[]; last: StoredEvent | undefined }> {
    const rows = await this.query<EventRow & { is_after: boolean }>(
      `(SELECT ${STORED_COLUMNS}, true AS is_after FROM event e
         WHERE e.organization_id = $1 AND e.record_id = $2 AND e.occurred_at >= $3 AND e.type <> 'comment'
         ORDER BY e.id DESC)
       UNION ALL
       (SELECT ${STORED_COLUMNS}, false FROM event e
         WHERE e.organization_id = $1 AND e.record_id = $2 AND e.occurred_at < $3
           AND e.type IN ('created', 'updated', 'deleted', 'restored', 'merged', 'status_changed')
         ORDER BY e.id DESC LIMIT 1)`,
      // Instants are read to the millisecond (as the wire shows them): "at" covers its whole ms.
      [organizationId, recordId, new Date(at.getTime() + 1)],
    );
    const strip = ({ is_after: _, ...row }: EventRow & { is_after: boolean }) => toStored(row);
    const last = rows.find((row) => !row.is_after);
    return {
      after: rows.filter((row) => row.is_after).map(strip),
      last: last ? strip(last) : undefined,
    };
  }

  /** The events that set one property of a record, oldest first: its values over time. */
  async findPropertyEvents(
    organizationId: string,
    recordId: string,
    property: string,
  ): Promise<StoredEvent[]> {
    const rows = await this.query<EventRow>(
      `SELECT ${STORED_COLUMNS} FROM event e
        WHERE e.organization_id = $1 AND e.record_id = $2
          AND e.type IN ('created', 'updated', 'deleted', 'restored')
          AND (e.type <> 'updated' OR e.data->'changes' ? $3)
        ORDER BY e.id`,
      [organizationId, recordId, property],
    );
    return rows.map(toStored);
  }

  /**
   * Events in commit order after a position: only transactions below the reader's snapshot xmin,
   * all of which have ended, so no event can later commit before the position handed out.
   */
  async readFeed(
    after: FeedPosition | undefined,
    limit: number,
    organizationId?: string,
  ): Promise<FeedEvent[]> {
    const params: unknown[] = [after?.txId ?? '0', after?.id ?? '0', limit];
    const organization =
      organizationId === undefined ? '' : `AND e.organization_id = $${params.push(organizationId)}`;
    const rows = await this.query<Omit<FeedEvent, 'occurred_at'> & { occurred_at: Date }>(
      `SELECT e.organization_id, e.tx_id::text AS tx_id, ${STORED_COLUMNS} FROM event e
        WHERE ${FEED_AFTER} ${organization}
        ORDER BY e.tx_id, e.id LIMIT $3`,
      params,
    );
    return rows.map(toFeedEvent);
  }

  /**
   * What readFeed would answer, without the events' values: their organizations and the last
   * position (a reader that wants only some organizations' events reads those with
   * readFeedBetween).
   */
  async readFeedPositions(
    after: FeedPosition | undefined,
    limit: number,
  ): Promise<{ read: number; organizationIds: string[]; last?: FeedPosition }> {
    const [row] = await this.query<{
      read: number;
      organization_ids: string[] | null;
      tx_id: string | null;
      id: string | null;
    }>(
      `WITH page AS (
         SELECT e.organization_id, e.tx_id, e.id FROM event e
          WHERE ${FEED_AFTER}
          ORDER BY e.tx_id, e.id LIMIT $3)
       SELECT count(*)::int AS read, array_agg(DISTINCT organization_id::text) AS organization_ids,
              (array_agg(tx_id::text ORDER BY tx_id DESC, id DESC))[1] AS tx_id,
              (array_agg(id::text ORDER BY tx_id DESC, id DESC))[1] AS id
         FROM page`,
      [after?.txId ?? '0', after?.id ?? '0', limit],
    );
    return row?.tx_id && row.id
      ? {
          read: row.read,
          organizationIds: row.organization_ids ?? [],
          last: { txId: row.tx_id, id: row.id },
        }
      : { read: 0, organizationIds: [] };
  }

  /** The events of `organizationIds` after `after` up to `through` (both from the feed), in order. */
  async readFeedBetween(
    after: FeedPosition | undefined,
    through: FeedPosition,
    organizationIds: string[],
  ): Promise<FeedEvent[]> {
    const rows = await this.query<Omit<FeedEvent, 'occurred_at'> & { occurred_at: Date }>(
      `SELECT e.organization_id, e.tx_id::text AS tx_id, ${STORED_COLUMNS} FROM event e
        WHERE (e.tx_id, e.id) > ($1::xid8, $2::bigint) AND (e.tx_id, e.id) <= ($3::xid8, $4::bigint)
          AND e.organization_id = ANY($5::uuid[])
        ORDER BY e.tx_id, e.id`,
      [after?.txId ?? '0', after?.id ?? '0', through.txId, through.id, organizationIds],
    );
    return rows.map(toFeedEvent);
  }
}

function toFeedEvent(row: Omit<FeedEvent, 'occurred_at'> & { occurred_at: Date }): FeedEvent {
  return { ...row, occurred_at: row.occurred_at.toISOString() };
}

function toStored(row: EventRow): StoredEvent {
  return { ...row, occurred_at: row.occurred_at.toISOString() };
}
