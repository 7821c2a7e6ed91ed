import type { IndexUse } from 'src/property-indexes/index-usage';
import type { FilterGroup, RecordListQuery, SortTarget } from './record-list-query';
import type { RecordSearchQuery } from './record-search';

function filterUses(groups: FilterGroup[]): IndexUse[] {
  return groups.flatMap((group) =>
    group.filters
      .filter((filter) => filter.isNegated !== true)
      .map((filter): IndexUse => ({
        property: filter.property,
        use: 'filter',
        operator: filter.operator,
      })),
  );
}

function sortUses(targets: SortTarget[]): IndexUse[] {
  return targets.flatMap((target): IndexUse[] =>
    target.kind === 'property' ? [{ property: target.property, use: 'sort' }] : [],
  );
}

/**
 * What a list filters and sorts its own object's properties on, for the counts from which indexes
 * build themselves (README, "Indexes that build themselves"). Filters on linked records are the
 * other object's, and are not counted.
 */
export function listIndexUses(query: RecordListQuery): IndexUse[] {
  return [...filterUses([query]), ...sortUses([query.sort.target])];
}

/** A search's uses: every group's filters and the sort keys. */
export function searchIndexUses(query: RecordSearchQuery): IndexUse[] {
  return [...filterUses(query.groups), ...sortUses(query.keys.map((key) => key.target))];
}
