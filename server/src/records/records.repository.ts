import { Inject, Injectable } from '@nestjs/common';
import type { LinkColumn } from 'src/association-definitions/link-side';
import { READ_DATA_SOURCE } from 'src/database/database.tokens';
import { preparedQuery } from 'src/database/prepared-query';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource } from 'typeorm';
import type { SideLinkRow } from './associations.repository';
import type { RecordListQuery } from './record-list-query';
import {
  archivedCondition,
  COLUMNS,
  type LinkTypes,
  listConditions,
  pageQuery,
  recordLinksSql,
  SqlParams,
} from './record-sql';

export interface RecordRow {
  id: string;
  properties: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
  /** The owning member (null: none). */
  owner_id: string | null;
  /** Actors as text (record-actors.ts). */
  created_by: string;
  updated_by: string;
  /** Set while the record is in the recycle bin, with the actor who deleted it. */
  archived_at: Date | null;
  archived_by: string | null;
}

export interface RecordScope {
  organizationId: string;
  definitionId: string;
  /**
   * Reads reach only this member's records (a role whose read scope is `own`). Never set by
   * writes' own statements: a write checks ownership on the row it locked (authorize stage).
   */
  ownerId?: string | null;
  /** Records of the recycle bin (true), either (`any`), else only live ones (record-sql.ts). */
  archived?: boolean | 'any';
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

/** What a write stores besides the id. */
export interface RecordValues {
  properties: Record<string, unknown>;
  displayName: string | null;
  /** The text full-text search indexes (record-body.rules.ts `searchText`). */
  searchText: string;
  /** The owning member: a create's, or an update's (unchanged unless reassigned). */
  ownerId: string | null;
  /** The acting actor (record-actors.ts): created_by of a create, updated_by of both. */
  actor: string;
  /** Normalised values of the exact duplicate rules (record-match-keys.ts); null when none. */
  matchKeys?: string[] | null;
}

/**
 * All SQL that reads records. Every method is scoped by organization and object. Writes are
 * RecordWritesRepository's, which only the write path's persist stage holds.
 */
@Injectable()
export class RecordsRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_DATA_SOURCE) private readonly reads: DataSource,
  ) {}

  private query<T>(sql: string, params: unknown[], tx?: Tx): Promise<T[]> {
    return (tx ? managerOf(tx) : this.dataSource.manager).query(sql, params);
  }

  /** A list's statements: on the read pool (a replica when `DATABASE_READ_URL` is set). */
  private read<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.reads.manager.query(sql, params);
  }

  async findById(
    scope: RecordScope,
    id: string,
    tx?: Tx,
    forUpdate = false,
  ): Promise<RecordRow | undefined> {
    // Prepared: its text takes a few forms only (scope, lock), and planning it cost 10× its run.
    const rows = await preparedQuery<RecordRow>(
      tx ? managerOf(tx) : this.dataSource,
      `${byIdSql(scope, 'r.id = $3')} ${forUpdate ? 'FOR UPDATE' : ''}`,
      byIdValues(scope, id),
    );
    return rows[0];
  }

  /**
   * A read by id and the record's links of `types` in one statement (one round trip): the row as
   * findById reads it, and its links as findLinksPerRecord answers them (oldest first within a
   * side, at most `limit` per side).
   */
  async findByIdWithLinks(
    scope: RecordScope,
    id: string,
    types: LinkTypes,
    limit: number,
  ): Promise<{ row: RecordRow; links: SideLinkRow[] } | undefined> {
    const params: unknown[] = [scope.organizationId, scope.definitionId, id];
    const owner =
      scope.ownerId !== undefined ? `AND r.owner_id = $${params.push(scope.ownerId)}` : '';
    const linksSql = recordLinksSql({
      organization: '$1',
      record: '$3::uuid',
      limit: `$${params.push(limit)}`,
      fromTypes: `$${params.push(types.from)}`,
      toTypes: `$${params.push(types.to)}`,
    });
    // Prepared, as findById: its text takes a few forms only (the scope's).
    const rows = await preparedQuery<RecordRow & { links: Array<[string, LinkColumn, string]> }>(
      this.dataSource,
      `SELECT ${COLUMNS},
              (SELECT coalesce(json_agg(json_build_array(l.association_type, l.self_column, l.other_id)
                                        ORDER BY l.self_column, l.association_type, l.created_at, l.id), '[]'::json)
                 FROM (${linksSql}) AS l) AS links
         FROM record r
        WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.id = $3
          ${archivedCondition(scope.archived)
            .map((c) => `AND ${c}`)
            .join(' ')} ${owner}`,
      params,
    );
    const [found] = rows;
    if (!found) {
      return undefined;
    }
    const { links, ...row } = found;
    return {
      row,
      links: links.map(([type, column, otherId]) => ({
        association_type: type,
        self_column: column,
        self_id: id,
        other_id: otherId,
      })),
    };
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
      const found = await this.read<RecordRow & { window_matches?: number }>(
        plan.query.sql,
        plan.query.values,
      );
      const windowMatches = found[0]?.window_matches;
      const rows = found.map(({ window_matches: _, ...row }) => row);
      return windowMatches === undefined ? { rows } : { rows, windowMatches };
    }
    const page = await this.read<RecordRow>(plan.valued.sql, plan.valued.values);
    if (page.length === query.limit) {
      return { rows: page };
    }
    // The records with a value ran out: the rest of the page lacks one. Before an empty first
    // part, fewer valued records than the offset may exist: counted, never read out.
    let valuedBefore = query.offset;
    if (page.length === 0 && query.offset > 0) {
      const [counted] = await this.read<{ total: number }>(
        plan.valuedCount.sql,
        plan.valuedCount.values,
      );
      valuedBefore = counted?.total ?? 0;
    }
    const skip = query.offset - valuedBefore;
    const missing = plan.missing(skip, query.limit - page.length);
    return { rows: [...page, ...(await this.read<RecordRow>(missing.sql, missing.values))] };
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
    const where = listConditions(scope, query, params);
    const cap = options.exact ? '' : ` LIMIT ${options.exactLimit + 1}`;
    const rows = await this.read<{ total: number }>(
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
    const where = listConditions(scope, query, params);
    const [explained] = await this.read<{
      'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }>;
    }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM record r WHERE ${where}`, params.values);
    const estimate = Math.round(explained?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
    return { total: Math.max(estimate, known), isEstimate: true };
  }

  /**
   * The live records among `ids`, locked (FOR UPDATE) until `tx` ends, in id order (two batches
   * that share records wait for each other without a cycle), by id. Prepared, like findById.
   */
  async lockByIds(scope: RecordScope, ids: string[], tx: Tx): Promise<Map<string, RecordRow>> {
    const rows = await preparedQuery<RecordRow>(
      managerOf(tx),
      `${byIdSql(scope, 'r.id = ANY($3::uuid[])')} ORDER BY r.id FOR UPDATE`,
      byIdValues(scope, ids),
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The owners of the given records that exist (a link's ends, when a scope is `own`). */
  async findOwners(
    scope: RecordScope,
    ids: string[],
    tx?: Tx,
  ): Promise<Map<string, string | null>> {
    const rows = await this.query<{ id: string; owner_id: string | null }>(
      `SELECT id, owner_id FROM record
        WHERE organization_id = $1 AND object_definition_id = $2 AND id = ANY($3::uuid[]) AND archived_at IS NULL`,
      [scope.organizationId, scope.definitionId, ids],
      tx,
    );
    return new Map(rows.map((row) => [row.id, row.owner_id]));
  }

  /** The survivor a merged record's id points to (undefined: not a merge tombstone). */
  async findMergedInto(scope: RecordScope, id: string): Promise<string | undefined> {
    const [row] = await this.query<{ merged_into: string }>(
      `SELECT merged_into FROM record
        WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3 AND merged_into IS NOT NULL`,
      [scope.organizationId, scope.definitionId, id],
    );
    return row?.merged_into;
  }

  /** Which object (definition id) a record of the organization belongs to, merged or not. */
  async findRecordObject(
    organizationId: string,
    id: string,
    tx?: Tx,
  ): Promise<{ definitionId: string; mergedInto: string | null } | undefined> {
    const [row] = await this.query<{ object_definition_id: string; merged_into: string | null }>(
      'SELECT object_definition_id, merged_into FROM record WHERE organization_id = $1 AND id = $2',
      [organizationId, id],
      tx,
    );
    return row
      ? { definitionId: row.object_definition_id, mergedInto: row.merged_into }
      : undefined;
  }

  async exists(scope: RecordScope, id: string): Promise<boolean> {
    const rows = await this.query(
      'SELECT 1 FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3',
      [scope.organizationId, scope.definitionId, id],
    );
    return rows.length > 0;
  }
}

/**
 * The records of `scope` (its archive and owner conditions, the owner as `$4`) whose id matches
 * `idCondition` on `$3`: the reads by id, one or many.
 */
function byIdSql(scope: RecordScope, idCondition: string): string {
  return `SELECT ${COLUMNS} FROM record r
    WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND ${idCondition}
    ${archivedCondition(scope.archived)
      .map((c) => `AND ${c}`)
      .join(' ')}
    ${scope.ownerId !== undefined ? 'AND r.owner_id = $4' : ''}`;
}

/** byIdSql's values: `$3` the id (or ids). */
function byIdValues(scope: RecordScope, id: string | string[]): unknown[] {
  return scope.ownerId !== undefined
    ? [scope.organizationId, scope.definitionId, id, scope.ownerId]
    : [scope.organizationId, scope.definitionId, id];
}
