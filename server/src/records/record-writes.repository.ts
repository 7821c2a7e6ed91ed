import { Injectable } from '@nestjs/common';
import type { LinkColumn } from 'src/association-definitions/link-side';
import { preparedQuery } from 'src/database/prepared-query';
import { managerOf, type Tx } from 'src/database/transaction';
import { insertEventOfInsertedSql, insertEventsOfChangedSql } from 'src/events/event-sql';
import type { NewEvent } from 'src/events/event.types';
import { DataSource } from 'typeorm';
import { COLUMNS } from './record-sql';
import {
  type RecordRow,
  type RecordScope,
  type RecordValues,
  type UniqueClaim,
} from './records.repository';

/** The stored full-text vector of a search text: simple words, accents and case ignored. */
const SEARCH_VECTOR = (text: string): string => `to_tsvector('simple', plinth_unaccent(${text}))`;

/** Why a link could not be written. */
export type LinkOutcome = 'linked' | 'already_linked' | 'from_taken' | 'to_taken';

const COLUMN: Record<LinkColumn, string> = { from: 'from_record_id', to: 'to_record_id' };

/**
 * Every write of `record`, `record_unique_value` and `association` rows a record change makes.
 * Provided to the write path's persist stage only (a lint rule keeps every other file from
 * importing it), so no write skips a stage of the pipeline (docs/architecture.md).
 */
@Injectable()
export class RecordWritesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], tx?: Tx): Promise<T[]> {
    return (tx ? managerOf(tx) : this.dataSource.manager).query(sql, params);
  }

  /** The row an `UPDATE … RETURNING` of one locked record changed. */
  private async updateOne(sql: string, params: unknown[], tx: Tx): Promise<RecordRow> {
    // TypeORM answers an UPDATE with [rows, affected count], not with the rows alone.
    const [rows] = (await this.query<unknown>(sql, params, tx)) as [RecordRow[], number];
    return rows[0] as RecordRow;
  }

  /**
   * Inserts a record only while its definition is still at `definitionVersion`, holding the
   * definition row FOR SHARE until the statement (without `tx`: autocommit) or `tx` commits, as
   * ObjectDefinitionsRepository.lockForRecordWrite does: a schema change waits for the write, and
   * the write for the change. Undefined when the definition changed, was archived or is gone.
   */
  async insertUnderDefinition(
    scope: RecordScope,
    definitionVersion: number,
    values: RecordValues & { id: string },
    event: NewEvent,
    tx?: Tx,
  ): Promise<RecordRow | undefined> {
    const created = insertEventOfInsertedSql(event, 'r', 'r.version', 11);
    // Prepared (a few texts: one per kind of event): planned once per connection.
    const rows = await preparedQuery<RecordRow>(
      tx ? managerOf(tx) : this.dataSource,
      `WITH d AS MATERIALIZED (${heldDefinitionSql('$2', '$3')}),
       r AS (
       INSERT INTO record AS r (id, organization_id, object_definition_id, properties, display_name, search_vector, owner_id, created_by, updated_by, match_keys)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::jsonb, $5::text, ${SEARCH_VECTOR('$6::text')}, $8::uuid, $9::text, $9::text, $10::text[]
         FROM d WHERE d.version = $7::int
       RETURNING ${COLUMNS}),
       e AS (${created.sql})
       SELECT * FROM r`,
      [
        values.id,
        scope.organizationId,
        scope.definitionId,
        JSON.stringify(values.properties),
        values.displayName,
        values.searchText,
        definitionVersion,
        values.ownerId,
        values.actor,
        values.matchKeys ?? null,
        ...created.params,
      ],
    );
    return rows[0];
  }

  /**
   * The bulk path: many records in one statement (ids chosen by the caller, so order is known).
   * The records travel as one JSON document (`jsonb_to_recordset`): one `JSON.stringify`, where
   * arrays of documents would be escaped element by element by the driver.
   */
  async insertMany(
    scope: RecordScope,
    records: Array<RecordValues & { id: string }>,
    tx: Tx,
  ): Promise<RecordRow[]> {
    const rows = await this.query<Omit<RecordRow, 'properties'>>(
      `INSERT INTO record AS r (id, organization_id, object_definition_id, properties, display_name, search_vector, owner_id, created_by, updated_by, match_keys)
       SELECT x.id, $1, $2, x.properties, x.display_name, ${SEARCH_VECTOR('x.search_text')}, x.owner_id, x.actor, x.actor,
              CASE WHEN x.match_keys IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(x.match_keys)) END
         FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, properties jsonb, display_name text, search_text text, owner_id uuid, actor text, match_keys jsonb)
       RETURNING r.id, r.created_at, r.updated_at, r.version, r.owner_id, r.created_by, r.updated_by`,
      [scope.organizationId, scope.definitionId, JSON.stringify(records.map(recordDocument))],
      tx,
    );
    // The stored properties are the given ones: not read back (a batch is ~1,000 documents).
    const byId = new Map(rows.map((row) => [row.id, row]));
    return records.map((record) => ({
      ...(byId.get(record.id) as Omit<RecordRow, 'properties'>),
      properties: record.properties,
    }));
  }

  /**
   * Claims the unique values of many new records at once; returns the claims that lost. In value
   * order, so two batches claiming the same values wait for each other without a cycle.
   */
  async claimManyUniqueValues(
    scope: RecordScope,
    claims: Array<UniqueClaim & { recordId: string }>,
    tx: Tx,
  ): Promise<Array<UniqueClaim & { recordId: string }>> {
    if (claims.length === 0) {
      return [];
    }
    const won = await this.query<{ record_id: string; property_name: string }>(
      `INSERT INTO record_unique_value (object_definition_id, property_name, value, organization_id, record_id)
       SELECT $1, u.property_name, u.value, $2, u.record_id
         FROM unnest($3::text[], $4::text[], $5::uuid[]) AS u(property_name, value, record_id)
        ORDER BY u.property_name, u.value
       ON CONFLICT DO NOTHING RETURNING record_id, property_name`,
      [
        scope.definitionId,
        scope.organizationId,
        claims.map((c) => c.property),
        claims.map((c) => c.value),
        claims.map((c) => c.recordId),
      ],
      tx,
    );
    const winners = new Set(won.map((row) => `${row.record_id}/${row.property_name}`));
    return claims.filter((claim) => !winners.has(`${claim.recordId}/${claim.property}`));
  }

  /**
   * The records holding the values of lost claims, by `property/value` (holderKey): whether each
   * is in the recycle bin, which keeps its unique values (the client is told it can restore it).
   */
  async holdersOf(
    scope: RecordScope,
    claims: UniqueClaim[],
    tx: Tx,
  ): Promise<Map<string, { recordId: string; isArchived: boolean }>> {
    const rows = await this.query<{
      property_name: string;
      value: string;
      record_id: string;
      is_archived: boolean;
    }>(
      `SELECT u.property_name, u.value, u.record_id, r.archived_at IS NOT NULL AS is_archived
         FROM record_unique_value u
         JOIN record r ON r.organization_id = u.organization_id AND r.id = u.record_id
        WHERE u.organization_id = $1 AND u.object_definition_id = $2
          AND (u.property_name, u.value) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
      [
        scope.organizationId,
        scope.definitionId,
        claims.map((claim) => claim.property),
        claims.map((claim) => claim.value),
      ],
      tx,
    );
    return new Map(
      rows.map((row) => [
        holderKey({ property: row.property_name, value: row.value }),
        { recordId: row.record_id, isArchived: row.is_archived },
      ]),
    );
  }

  async update(scope: RecordScope, id: string, values: RecordValues, tx: Tx): Promise<RecordRow> {
    return this.updateOne(
      `UPDATE record AS r SET properties = $4::jsonb, display_name = $5, search_vector = ${SEARCH_VECTOR('$6')},
             owner_id = $7::uuid, updated_by = $8::text, updated_at = now(), version = r.version + 1,
             match_keys = $9::text[]
        WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.id = $3
        RETURNING ${COLUMNS}`,
      [scope.organizationId, scope.definitionId, id, ...changedValues(values)],
      tx,
    );
  }

  /**
   * Many updates of one transaction in one statement (a batch's records that change no unique
   * value), answered in the given order. The stored properties are the given ones: not read back.
   */
  async updateMany(
    scope: RecordScope,
    records: Array<RecordValues & { id: string }>,
    tx: Tx,
  ): Promise<RecordRow[]> {
    // TypeORM answers an UPDATE with [rows, affected count], not with the rows alone.
    const [rows] = (await this.query<unknown>(
      `UPDATE record AS r SET properties = x.properties, display_name = x.display_name,
              search_vector = ${SEARCH_VECTOR('x.search_text')}, owner_id = x.owner_id,
              updated_by = x.actor, updated_at = now(), version = r.version + 1,
              match_keys = CASE WHEN x.match_keys IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(x.match_keys)) END
         FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, properties jsonb, display_name text, search_text text, owner_id uuid, actor text, match_keys jsonb)
        WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.id = x.id
        RETURNING r.id, r.created_at, r.updated_at, r.version, r.owner_id, r.created_by, r.updated_by,
                  r.archived_at, r.archived_by`,
      [scope.organizationId, scope.definitionId, JSON.stringify(records.map(recordDocument))],
      tx,
    )) as [Array<Omit<RecordRow, 'properties'>>, number];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return records.map((record) => {
      const row = byId.get(record.id);
      if (!row) {
        throw new Error(`A batch update found no record ${record.id}, which it had locked`);
      }
      return { ...row, properties: record.properties };
    });
  }

  /**
   * The one-statement update: changes a live record only while it is still at `versions.record`
   * and its definition at `versions.definition` (held FOR SHARE while the statement runs, as
   * insertUnderDefinition), and writes its events in the same statement. Undefined when either
   * moved on (or the record is gone): the caller redoes the write in a transaction.
   */
  async updateAtVersion(
    scope: RecordScope,
    id: string,
    versions: { record: number; definition: number },
    values: RecordValues,
    events: NewEvent[],
  ): Promise<RecordRow | undefined> {
    const recorded = insertEventsOfChangedSql(events, 'r', 'r.version', 12);
    // Prepared (one text): planned once per connection.
    const rows = await preparedQuery<RecordRow>(
      this.dataSource,
      `WITH d AS MATERIALIZED (${heldDefinitionSql('$1', '$2')}),
       r AS (
       UPDATE record AS r SET properties = $4::jsonb, display_name = $5::text, search_vector = ${SEARCH_VECTOR('$6::text')},
             owner_id = $7::uuid, updated_by = $8::text, updated_at = now(), version = r.version + 1,
             match_keys = $9::text[]
         FROM d
        WHERE d.version = $11::int AND r.organization_id = $1 AND r.object_definition_id = $2
          AND r.id = $3 AND r.version = $10::int AND r.archived_at IS NULL
        RETURNING ${COLUMNS}),
       e AS (${recorded.sql})
       SELECT * FROM r`,
      [
        scope.organizationId,
        scope.definitionId,
        id,
        ...changedValues(values),
        versions.record,
        versions.definition,
        ...recorded.params,
      ],
    );
    return rows[0];
  }

  /**
   * Moves a record to the recycle bin: its values, unique values and links stay, hidden from
   * every read. The version moves on (an If-Match of before no longer holds).
   */
  async archive(scope: RecordScope, id: string, actor: string, tx: Tx): Promise<RecordRow> {
    return this.setArchived(scope, id, 'now()', actor, tx);
  }

  /** Brings a record of the recycle bin back (its unique values and links never left). */
  async restore(scope: RecordScope, id: string, tx: Tx): Promise<RecordRow> {
    return this.setArchived(scope, id, 'NULL', null, tx);
  }

  private async setArchived(
    scope: RecordScope,
    id: string,
    archivedAt: 'now()' | 'NULL',
    actor: string | null,
    tx: Tx,
  ): Promise<RecordRow> {
    return this.updateOne(
      `UPDATE record AS r SET archived_at = ${archivedAt}, archived_by = $4::text, version = r.version + 1
        WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.id = $3
        RETURNING ${COLUMNS}`,
      [scope.organizationId, scope.definitionId, id, actor],
      tx,
    );
  }

  /**
   * A merged record becomes a tombstone: archived (so no read, list or match finds it), its unique
   * values and match keys given up (the survivor may take them), pointing to the survivor; older
   * tombstones that pointed to it point to the survivor too, so a chain is one hop.
   */
  async tombstone(
    scope: RecordScope,
    id: string,
    survivorId: string,
    actor: string,
    tx: Tx,
  ): Promise<void> {
    await this.query(
      'DELETE FROM record_unique_value WHERE organization_id = $1 AND object_definition_id = $2 AND record_id = $3',
      [scope.organizationId, scope.definitionId, id],
      tx,
    );
    await this.query(
      `UPDATE record SET archived_at = now(), archived_by = $5, merged_into = $4, match_keys = NULL,
              updated_at = now(), updated_by = $5, version = version + 1
        WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3`,
      [scope.organizationId, scope.definitionId, id, survivorId, actor],
      tx,
    );
    await this.query(
      'UPDATE record SET merged_into = $3 WHERE organization_id = $1 AND merged_into = $2',
      [scope.organizationId, id, survivorId],
      tx,
    );
  }

  /** Purges a record: the row, and through the database its links and unique values. */
  async purge(scope: RecordScope, id: string, tx: Tx): Promise<void> {
    await this.query(
      'DELETE FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3',
      [scope.organizationId, scope.definitionId, id],
      tx,
    );
  }

  /**
   * Claims unique values for a record. A value held by another record is not taken (a concurrent
   * claim waits for the other transaction); returns the claims that lost, with the holder's id.
   */
  async claimUniqueValues(
    scope: RecordScope,
    recordId: string,
    claims: UniqueClaim[],
    tx: Tx,
  ): Promise<Array<UniqueClaim & { holderId: string | undefined; isHolderArchived: boolean }>> {
    if (claims.length === 0) {
      return [];
    }
    const won = await this.query<{ property_name: string }>(
      `INSERT INTO record_unique_value (object_definition_id, property_name, value, organization_id, record_id)
       SELECT $1, u.property_name, u.value, $2, $3 FROM unnest($4::text[], $5::text[]) AS u(property_name, value)
       ON CONFLICT DO NOTHING RETURNING property_name`,
      [
        scope.definitionId,
        scope.organizationId,
        recordId,
        claims.map((c) => c.property),
        claims.map((c) => c.value),
      ],
      tx,
    );
    const winners = new Set(won.map((row) => row.property_name));
    const lost = claims.filter((claim) => !winners.has(claim.property));
    if (lost.length === 0) {
      return [];
    }
    const holders = await this.holdersOf(scope, lost, tx);
    return lost.map((claim) => {
      const holder = holders.get(holderKey(claim));
      return {
        ...claim,
        holderId: holder?.recordId,
        isHolderArchived: holder?.isArchived === true,
      };
    });
  }

  async releaseUniqueValues(
    scope: RecordScope,
    recordId: string,
    properties: string[],
    tx: Tx,
  ): Promise<void> {
    if (properties.length === 0) {
      return;
    }
    await this.query(
      `DELETE FROM record_unique_value
        WHERE organization_id = $1 AND object_definition_id = $2 AND record_id = $3 AND property_name = ANY($4::text[])`,
      [scope.organizationId, scope.definitionId, recordId, properties],
      tx,
    );
  }

  /**
   * Writes one link; the partial unique indexes on from_single / to_single make the database
   * enforce the cardinality, even between concurrent writers.
   */
  async link(
    organizationId: string,
    type: string,
    fromId: string,
    toId: string,
    singles: { from: boolean; to: boolean },
    tx: Tx,
  ): Promise<LinkOutcome> {
    const manager = managerOf(tx);
    // DO NOTHING covers every unique index (the pair and both partial "single" ones); a
    // concurrent writer of a conflicting row makes this wait for its outcome.
    const inserted: unknown[] = await manager.query(
      `INSERT INTO association (organization_id, association_type, from_record_id, to_record_id, from_single, to_single)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [organizationId, type, fromId, toId, singles.from ? fromId : null, singles.to ? toId : null],
    );
    if (inserted.length > 0) {
      return 'linked';
    }
    const [existing] = await manager.query<
      Array<{ same: boolean | null; from_taken: boolean | null }>
    >(
      `SELECT bool_or(from_record_id = $3 AND to_record_id = $4) AS same,
              bool_or(from_single = $3) AS from_taken
         FROM association WHERE organization_id = $1 AND association_type = $2
          AND (from_record_id = $3 OR to_record_id = $4)`,
      [organizationId, type, fromId, toId],
    );
    if (existing?.same) {
      return 'already_linked';
    }
    return existing?.from_taken ? 'from_taken' : 'to_taken';
  }

  async unlink(
    organizationId: string,
    type: string,
    fromId: string,
    toId: string,
    tx?: Tx,
  ): Promise<boolean> {
    const [, affected] = await this.writer(tx).query<[unknown[], number]>(
      `DELETE FROM association WHERE organization_id = $1 AND association_type = $2 AND from_record_id = $3 AND to_record_id = $4`,
      [organizationId, type, fromId, toId],
    );
    return affected > 0;
  }

  /** Removes every link of a type at one record (on the given side). */
  async unlinkAll(
    organizationId: string,
    type: string,
    column: LinkColumn,
    recordId: string,
    tx: Tx,
  ): Promise<Array<{ fromId: string; toId: string }>> {
    const [rows] = await managerOf(tx).query<[Array<{ from_id: string; to_id: string }>, number]>(
      `DELETE FROM association WHERE organization_id = $1 AND association_type = $2 AND ${COLUMN[column]} = $3
       RETURNING from_record_id AS from_id, to_record_id AS to_id`,
      [organizationId, type, recordId],
    );
    return rows.map((row) => ({ fromId: row.from_id, toId: row.to_id }));
  }

  private writer(tx?: Tx) {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }
}

/** A claim's key in holdersOf's answer. */
export function holderKey(claim: Pick<UniqueClaim, 'property' | 'value'>): string {
  return `${claim.property}/${claim.value}`;
}

/** A record's values as one element of a batch's JSON document (`jsonb_to_recordset`). */
function recordDocument(record: RecordValues & { id: string }): Record<string, unknown> {
  return {
    id: record.id,
    properties: record.properties,
    display_name: record.displayName,
    search_text: record.searchText,
    owner_id: record.ownerId,
    actor: record.actor,
    match_keys: record.matchKeys ?? null,
  };
}

/** An update's parameters `$4` to `$9`: properties, display name, search text, owner, actor, match keys. */
function changedValues(values: RecordValues): unknown[] {
  return [
    JSON.stringify(values.properties),
    values.displayName,
    values.searchText,
    values.ownerId,
    values.actor,
    values.matchKeys ?? null,
  ];
}

/**
 * The definition's version, its row held FOR SHARE until the statement (autocommit) or the
 * transaction ends: a one-statement write checks it against the version its stages used.
 */
function heldDefinitionSql(organization: string, definition: string): string {
  return `SELECT version FROM object_definition
          WHERE organization_id = ${organization} AND id = ${definition} AND archived_at IS NULL FOR SHARE`;
}
