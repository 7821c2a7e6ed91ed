import { Inject, Injectable } from '@nestjs/common';
import { READ_DATA_SOURCE } from 'src/database/database.tokens';
import { DataSource } from 'typeorm';
import type { RecordSearchQuery } from './record-search';
import { searchCountQuery, searchPartQuery, searchParts } from './record-search.sql';
import type { RecordRow, RecordScope } from './records.repository';

/** A record of a search page, with its sort key values as a cursor carries them. */
export interface SearchRow extends RecordRow {
  sort_keys: Array<string | null>;
}

/**
 * The SQL of record search. Every method is scoped by organization and object, and reads from the
 * read pool (a replica when `DATABASE_READ_URL` is set) unless `isOnPrimary`: a lookup that a
 * write follows must see the writes before it (docs/scaling.md, "Read replicas").
 */
@Injectable()
export class RecordSearchRepository {
  constructor(
    private readonly primary: DataSource,
    @Inject(READ_DATA_SOURCE) private readonly reads: DataSource,
  ) {}

  private source(isOnPrimary: boolean): DataSource {
    return isOnPrimary ? this.primary : this.reads;
  }

  /**
   * Up to `limit + 1` records after the cursor, the parts of the order read one after the other
   * (record-search.sql.ts); names in `query` were checked against the definition.
   */
  async findSearchPage(
    scope: RecordScope,
    query: RecordSearchQuery,
    isOnPrimary = false,
  ): Promise<SearchRow[]> {
    const rows: SearchRow[] = [];
    for (const part of searchParts(query)) {
      const { sql, values } = searchPartQuery(scope, query, part, query.limit + 1 - rows.length);
      rows.push(...(await this.source(isOnPrimary).manager.query<SearchRow[]>(sql, values)));
      if (rows.length > query.limit) {
        break;
      }
    }
    return rows;
  }

  async countSearch(
    scope: RecordScope,
    query: RecordSearchQuery,
    isOnPrimary = false,
  ): Promise<number> {
    const { sql, values } = searchCountQuery(scope, query);
    const rows: Array<{ total: number }> = await this.source(isOnPrimary).manager.query(
      sql,
      values,
    );
    return rows[0]?.total ?? 0;
  }
}
