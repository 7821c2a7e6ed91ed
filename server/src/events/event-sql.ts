import type { NewEvent } from './event.types';

/** The columns an append writes; the database fills in id, tx_id and occurred_at. */
export const EVENT_INSERT_COLUMNS =
  'organization_id, type, object_name, record_id, record_version, actor, source, request_id, cause_event_id, data';

/**
 * The event of a record inserted by the same statement (records' one-statement create): an
 * `INSERT INTO event … SELECT … FROM <inserted>` for a data-modifying CTE, so the record and its
 * `created` event are one autocommit statement, written together or not at all. `versionOf` is
 * the SQL of the inserted row's version; parameters are numbered from `firstParam`.
 */
export function insertEventOfInsertedSql(
  event: NewEvent,
  inserted: string,
  versionOf: string,
  firstParam: number,
): { sql: string; params: unknown[] } {
  const p = (offset: number) => `$${firstParam + offset}`;
  return {
    sql: `INSERT INTO event (${EVENT_INSERT_COLUMNS})
          SELECT ${p(0)}::uuid, ${p(1)}::text, ${p(2)}::text, ${p(3)}::uuid, ${versionOf}, ${p(4)}::text, ${p(5)}::text, ${p(6)}::text, ${p(7)}::bigint, ${p(8)}::jsonb
            FROM ${inserted}`,
    params: [
      event.organizationId,
      event.type,
      event.objectName,
      event.recordId,
      event.actor,
      event.source,
      event.requestId,
      event.causeEventId,
      JSON.stringify(event.data),
    ],
  };
}

/**
 * The events of a row changed by the same statement (records' one-statement update), as
 * insertEventOfInsertedSql: one `INSERT INTO event … SELECT … FROM <changed>` for a data-modifying
 * CTE, the events travelling as one JSON parameter (`$<param>`). Nothing is written when the
 * statement changed no row.
 */
export function insertEventsOfChangedSql(
  events: NewEvent[],
  changed: string,
  versionOf: string,
  param: number,
): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO event (${EVENT_INSERT_COLUMNS})
          SELECT x.organization_id, x.type, x.object_name, x.record_id, ${versionOf}, x.actor, x.source, x.request_id, x.cause_event_id, x.data
            FROM ${changed}, jsonb_to_recordset($${param}::jsonb) AS ${EVENTS_RECORDSET}`,
    params: [eventsDocument(events)],
  };
}

/** The rows of eventsDocument, as `jsonb_to_recordset(…) AS <this>` reads them. */
export const EVENTS_RECORDSET =
  'x(organization_id uuid, type text, object_name text, record_id uuid, record_version int, actor text, source text, request_id text, cause_event_id bigint, data jsonb)';

/** Events as one JSON document of rows, for `jsonb_to_recordset` (one parameter, any number). */
export function eventsDocument(events: NewEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({
      organization_id: e.organizationId,
      type: e.type,
      object_name: e.objectName,
      record_id: e.recordId,
      record_version: e.recordVersion,
      actor: e.actor,
      source: e.source,
      request_id: e.requestId,
      cause_event_id: e.causeEventId,
      data: e.data,
    })),
  );
}

/**
 * The data of one event, as a scalar subquery for another feature's repository (webhooks' bodies
 * read it at each send and read instead of keeping a copy): after a purge it is `{"erased": true}`
 * (`EventsRepository.eraseRecordValues`), and so is the data of an event that no longer exists.
 * `organizationId` and `eventId` are SQL expressions of the outer query.
 */
export function eventDataSql(organizationId: string, eventId: string): string {
  return `coalesce((SELECT e.data FROM event e WHERE e.organization_id = ${organizationId} AND e.id = ${eventId}), '{"erased": true}'::jsonb)`;
}

/**
 * A status property's spans, from the event log, of the records a relation names (`records`:
 * a CTE or table with an `id` column, of the organization bound at `organization`): one row per
 * `created` or `status_changed` event of the property, `stage` entered at `entered_at` (null: the
 * record was created without one, or the property was cleared) and left at `left_at`, the next
 * such event (null: still there). Read through the record index `(organization_id, record_id,
 * id)`. Purged records' events hold no values (`{"erased": true}`) and give no spans.
 */
export function statusSpansSql(records: string, organization: string, property: string): string {
  return `SELECT e.record_id, e.id, e.occurred_at AS entered_at,
                 lead(e.occurred_at) OVER (PARTITION BY e.record_id ORDER BY e.id) AS left_at,
                 CASE e.type WHEN 'created' THEN e.data->'properties'->>${property}
                             ELSE e.data->>'new' END AS stage
            FROM ${records} spanned
            JOIN event e ON e.organization_id = ${organization} AND e.record_id = spanned.id
           WHERE e.type IN ('created', 'status_changed')
             AND (e.type = 'created' OR e.data->>'property' = ${property})
             AND NOT e.data ? 'erased'`;
}
