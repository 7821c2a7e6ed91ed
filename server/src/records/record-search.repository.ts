import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RecordSearchQuery } from './record-search';
import { searchCountQuery, searchPageQuery } from './record-search.sql';
import type { RecordRow, RecordScope } from './records.repository';

/** A record of a search page, with its sort key values as a cursor carries them. */
export interface SearchRow extends RecordRow {
  sort_keys: Array<string | null>;
}

/** The SQL of record search. Every method is scoped by organization and object. */
@Injectable()
export class RecordSearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit + 1` records after the cursor; names in `query` were checked against the definition. */
  findSearchPage(scope: RecordScope, query: RecordSearchQuery): Promise<SearchRow[]> {
    const { sql, values } = searchPageQuery(scope, query);
    return this.dataSource.manager.query(sql, values);
  }

  async countSearch(scope: RecordScope, query: RecordSearchQuery): Promise<number> {
    const { sql, values } = searchCountQuery(scope, query);
    const rows: Array<{ total: number }> = await this.dataSource.manager.query(sql, values);
    return rows[0]?.total ?? 0;
  }
}
