import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource } from 'typeorm';
import type { RecordListQuery } from './record-list-query';
import { listConditions, pageQuery, SqlParams } from './record-sql';

export interface RecordRow {
  id: string;
  properties: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface RecordScope {
  organizationId: string;
  definitionId: string;
}

/** A list's total: counted, or (over the exact-count limit) PostgreSQL's estimate. */
export interface RecordCount {
  total: number;
  isEstimate: boolean;
}

export interface UniqueClaim {
  property: string;
  value: string;
}

const COLUMNS = 'r.id, r.properties, r.created_at, r.updated_at, r.version';

/** The stored full-text vector of a search text: simple words, accents and case ignored. */
const SEARCH_VECTOR = (text: string): string => `to_tsvector('simple', plinth_unaccent(${text}))`;

/** What a write stores besides the id. */
export interface RecordValues {
  properties: Record<string, unknown>;
  displayName: string | null;
  /** The text full-text search indexes (record-body.rules.ts `searchText`). */
  searchText: string;
}

/** All SQL on records. Every method is scoped by organization and object. */
@Injectable()
export class RecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], tx?: Tx): Promise<T[]> {
    return (tx ? managerOf(tx) : this.dataSource.manager).query(sql, params);
  }

  async findById(
    scope: RecordScope,
    id: string,
    tx?: Tx,
    forUpdate = false,
  ): Promise<RecordRow | undefined> {
    const rows = await this.query<RecordRow>(
      `SELECT ${COLUMNS} FROM record r
        WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.id = $3 AND r.archived_at IS NULL
        ${forUpdate ? 'FOR UPDATE' : ''}`,
      [scope.organizationId, scope.definitionId, id],
      tx,
    );
    return rows[0];
  }

  /**
   * One page of a list; names in `query` were checked against the definition. A ranked page
   * (full-text) also tells how many matches its ranking window held (`windowMatches`), unless the
   * page is empty.
   */
  async findPage(
    scope: RecordScope,
    query: RecordListQuery,
  ): Promise<{ rows: RecordRow[]; windowMatches?: number }> {
    const plan = pageQuery(scope, query);
    if (plan.kind === 'single') {
      const found = await this.query<RecordRow & { window_matches?: number }>(
        plan.query.sql,
        plan.query.values,
      );
      const windowMatches = found[0]?.window_matches;
      const rows = found.map(({ window_matches: _, ...row }) => row);
      return windowMatches === undefined ? { rows } : { rows, windowMatches };
    }
    const page = await this.query<RecordRow>(plan.valued.sql, plan.valued.values);
    if (page.length === query.limit) {
      return { rows: page };
    }
    // The records with a value ran out: the rest of the page lacks one. Before an empty first
    // part, fewer valued records than the offset may exist: counted, never read out.
    let valuedBefore = query.offset;
    if (page.length === 0 && query.offset > 0) {
      const [counted] = await this.query<{ total: number }>(
        plan.valuedCount.sql,
        plan.valuedCount.values,
      );
      valuedBefore = counted?.total ?? 0;
    }
    const skip = query.offset - valuedBefore;
    const missing = plan.missing(skip, query.limit - page.length);
    return { rows: [...page, ...(await this.query<RecordRow>(missing.sql, missing.values))] };
  }

  /**
   * The number of matches: counted when there are at most `exactLimit` (or always when `exact`),
   * else PostgreSQL's estimate (the planner's row estimate, from the table's statistics), flagged.
   * Counting every match of a broad filter visits every matching row; a page must not cost that.
   */
  async count(
    scope: RecordScope,
    query: RecordListQuery,
    options: { exact: boolean; exactLimit: number },
  ): Promise<RecordCount> {
    const params = new SqlParams();
    const where = listConditions(scope.organizationId, scope.definitionId, query, params);
    const cap = options.exact ? '' : ` LIMIT ${options.exactLimit + 1}`;
    const rows = await this.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM record r WHERE ${where}${cap}) m`,
      params.values,
    );
    const total = rows[0]?.total ?? 0;
    return options.exact || total <= options.exactLimit
      ? { total, isEstimate: false }
      : this.estimate(scope, query, total);
  }

  /**
   * PostgreSQL's estimate of the matches (the planner's, from the table's statistics), for when
   * at least `known` are known to match: an estimate below that is known to be wrong.
   */
  async estimate(scope: RecordScope, query: RecordListQuery, known: number): Promise<RecordCount> {
    const params = new SqlParams();
    const where = listConditions(scope.organizationId, scope.definitionId, query, params);
    const [explained] = await this.query<{
      'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }>;
    }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM record r WHERE ${where}`, params.values);
    const estimate = Math.round(explained?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
    return { total: Math.max(estimate, known), isEstimate: true };
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
    tx?: Tx,
  ): Promise<RecordRow | undefined> {
    const rows = await this.query<RecordRow>(
      `WITH d AS MATERIALIZED (
         SELECT version FROM object_definition
          WHERE organization_id = $2 AND id = $3 AND archived_at IS NULL FOR SHARE)
       INSERT INTO record AS r (id, organization_id, object_definition_id, properties, display_name, search_vector)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::jsonb, $5::text, ${SEARCH_VECTOR('$6::text')}
         FROM d WHERE d.version = $7::int
       RETURNING ${COLUMNS}`,
      [
        values.id,
        scope.organizationId,
        scope.definitionId,
        JSON.stringify(values.properties),
        values.displayName,
        values.searchText,
        definitionVersion,
      ],
      tx,
    );
    return rows[0];
  }

  /** The bulk path: many records in one statement (ids chosen by the caller, so order is known). */
  async insertMany(
    scope: RecordScope,
    records: Array<RecordValues & { id: string }>,
    tx: Tx,
  ): Promise<RecordRow[]> {
    const rows = await this.query<Omit<RecordRow, 'properties'>>(
      `INSERT INTO record AS r (id, organization_id, object_definition_id, properties, display_name, search_vector)
       SELECT x.id, $1, $2, x.properties, x.display_name, ${SEARCH_VECTOR('x.search_text')}
         FROM unnest($3::uuid[], $4::jsonb[], $5::text[], $6::text[]) AS x(id, properties, display_name, search_text)
       RETURNING r.id, r.created_at, r.updated_at, r.version`,
      [
        scope.organizationId,
        scope.definitionId,
        records.map((record) => record.id),
        records.map((record) => JSON.stringify(record.properties)),
        records.map((record) => record.displayName),
        records.map((record) => record.searchText),
      ],
      tx,
    );
    // The stored properties are the given ones: not read back (a batch is ~1,000 documents).
    const byId = new Map(rows.map((row) => [row.id, row]));
    return records.map((record) => ({
      ...(byId.get(record.id) as Omit<RecordRow, 'properties'>),
      properties: record.properties,
    }));
  }

  /** Claims the unique values of many new records at once; returns the claims that lost. */
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

  async update(scope: RecordScope, id: string, values: RecordValues, tx: Tx): Promise<RecordRow> {
    // TypeORM answers an UPDATE with [rows, affected count], not with the rows alone.
    const [rows] = (await this.query<unknown>(
      `UPDATE record AS r SET properties = $4::jsonb, display_name = $5, search_vector = ${SEARCH_VECTOR('$6')},
             updated_at = now(), version = r.version + 1
        WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.id = $3
        RETURNING ${COLUMNS}`,
      [
        scope.organizationId,
        scope.definitionId,
        id,
        JSON.stringify(values.properties),
        values.displayName,
        values.searchText,
      ],
      tx,
    )) as [RecordRow[], number];
    return rows[0] as RecordRow;
  }

  async delete(scope: RecordScope, id: string, tx: Tx): Promise<void> {
    await this.query(
      'DELETE FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3',
      [scope.organizationId, scope.definitionId, id],
      tx,
    );
  }

  async exists(scope: RecordScope, id: string): Promise<boolean> {
    const rows = await this.query(
      'SELECT 1 FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3',
      [scope.organizationId, scope.definitionId, id],
    );
    return rows.length > 0;
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
  ): Promise<Array<UniqueClaim & { holderId: string | undefined }>> {
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
    return Promise.all(
      lost.map(async (claim) => {
        const holder = await this.query<{ record_id: string }>(
          `SELECT record_id FROM record_unique_value
            WHERE organization_id = $1 AND object_definition_id = $2 AND property_name = $3 AND value = $4`,
          [scope.organizationId, scope.definitionId, claim.property, claim.value],
          tx,
        );
        return { ...claim, holderId: holder[0]?.record_id };
      }),
    );
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
}
