import { Injectable } from '@nestjs/common';
import type { RequestContext } from 'src/organizations/request-context';
import { searchIndexUses } from './record-index-uses';
import { associationFilterNames, pickProperties, toSearchQuery } from './record-search';
import { encodeCursor } from './record-search-cursor';
import type { SearchResponse } from './record-search.dto';
import { RecordSearchRepository } from './record-search.repository';
import { RecordsService, withVisibleSearch } from './records.service';

/**
 * Record search (HubSpot's dialect): filter groups, several sorts, full text, chosen properties
 * and keyset pages, so paging stays as fast at the millionth record as at the first.
 */
@Injectable()
export class RecordSearchService {
  constructor(
    private readonly repository: RecordSearchRepository,
    private readonly records: RecordsService,
  ) {}

  /**
   * `isOnPrimary`: read the primary even when a read replica is configured, for a lookup whose
   * answer decides a write (HubSpot's idProperty and upserts).
   */
  async searchRecords(
    context: RequestContext,
    objectName: string,
    request: unknown,
    { isOnPrimary = false }: { isOnPrimary?: boolean } = {},
  ): Promise<SearchResponse> {
    const { definition, scope } = await this.records.readable(context, objectName);
    const links = await this.records.linkContext(
      context,
      objectName,
      associationFilterNames(request),
    );
    const query = withVisibleSearch(context, definition, toSearchQuery(request, definition, links));
    for (const key of query.keys) {
      if (key.target.kind === 'rank' && query.searchVector) {
        key.target.vector = query.searchVector;
      }
    }
    this.records.noteIndexUses(context, definition, searchIndexUses(query));
    const [rows, total] = await Promise.all([
      this.repository.findSearchPage(scope, query, isOnPrimary),
      query.withTotal ? this.repository.countSearch(scope, query, isOnPrimary) : undefined,
    ]);
    const page = rows.slice(0, query.limit);
    const last = rows.length > query.limit ? page[page.length - 1] : undefined;
    // Reference fields (`company_id`) are read only when they are shown.
    const sides = links.sides.filter(
      (side) =>
        side.referenceField !== undefined &&
        (!query.properties || query.properties.includes(side.referenceField)),
    );
    const records = await this.records.respond(context, definition, page, [], sides);
    return {
      results: records.map((record) => pickProperties(record, query.properties)),
      paging: last ? { next: { after: encodeCursor(query.sortSpec, last.sort_keys) } } : {},
      ...(total !== undefined ? { total } : {}),
    };
  }
}
