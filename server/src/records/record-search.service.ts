import { Injectable } from '@nestjs/common';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { associationFilterNames, pickProperties, toSearchQuery } from './record-search';
import { encodeCursor } from './record-search-cursor';
import type { SearchResponse } from './record-search.dto';
import { RecordSearchRepository } from './record-search.repository';
import { RecordsService } from './records.service';

/**
 * Record search (HubSpot's dialect): filter groups, several sorts, full text, chosen properties
 * and keyset pages, so paging stays as fast at the millionth record as at the first.
 */
@Injectable()
export class RecordSearchService {
  constructor(
    private readonly repository: RecordSearchRepository,
    private readonly records: RecordsService,
    private readonly definitions: ObjectDefinitionsService,
  ) {}

  async searchRecords(
    context: RequestContext,
    objectName: string,
    request: unknown,
  ): Promise<SearchResponse> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const links = await this.records.linkContext(
      context,
      objectName,
      associationFilterNames(request),
    );
    const query = toSearchQuery(request, definition, links);
    const scope = { organizationId: context.organizationId, definitionId: definition.id };
    const [rows, total] = await Promise.all([
      this.repository.findSearchPage(scope, query),
      query.withTotal ? this.repository.countSearch(scope, query) : undefined,
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
