import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import type { SearchRequest } from 'src/records/record-search';
import type { SearchFilterInput, SearchOperator } from 'src/records/record-search-filters';
import { type HubSpotObject, plinthNameOf } from './hubspot-names';
import { coerceValue } from './hubspot-values';

/** HubSpot's own search limits, on by default (PLINTH_HUBSPOT_SEARCH_CAPS=off lifts them). */
export const HUBSPOT_CAPS = {
  groups: 5,
  filtersPerGroup: 6,
  filters: 18,
  limit: 200,
  window: 10_000,
};
/** Plinth's limits, when the caps are off. */
const PLINTH_CAPS = { groups: 5, filtersPerGroup: 10, filters: 50, limit: 1000, window: Infinity };
const DEFAULT_LIMIT = 10;

interface HubSpotFilter {
  propertyName?: unknown;
  operator?: unknown;
  value?: unknown;
  highValue?: unknown;
  values?: unknown;
}

/** A HubSpot search body (`PublicObjectSearchRequest`). */
export interface HubSpotSearchBody {
  filterGroups?: Array<{ filters?: HubSpotFilter[] }>;
  sorts?: unknown[];
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string | number;
}

export interface TranslatedSearch {
  request: SearchRequest;
  /** Results before this page (HubSpot's window counts them). */
  offset: number;
  limit: number;
  properties?: string[];
}

function invalid(message: string, key: string): AppError {
  return new AppError(ErrorCode.BadRequest, message, { [key]: message });
}

/**
 * A filter value as the property's type compares it: numbers from strings, dates from epoch
 * milliseconds or ISO text; a multi-select option stays one string.
 */
function filterValue(property: PropertyDefinition | undefined, value: unknown): unknown {
  if (value === undefined || property === undefined || property.type === 'multi_enumeration') {
    return value;
  }
  const coerced = coerceValue(property, value);
  return coerced === null ? value : coerced;
}

function toFilter(object: HubSpotObject, raw: HubSpotFilter, key: string): SearchFilterInput {
  if (typeof raw !== 'object' || raw === null || typeof raw.propertyName !== 'string') {
    throw invalid(`${key}.propertyName is required`, `${key}.propertyName`);
  }
  const name = plinthNameOf(object, raw.propertyName);
  if (name === undefined) {
    throw invalid(
      `${key}.propertyName: "${raw.propertyName}" is not a property of ${object.name}`,
      `${key}.propertyName`,
    );
  }
  const property = object.definition.propertyByName.get(name);
  const convert = (value: unknown): unknown => filterValue(property, value);
  return {
    property: name,
    operator: raw.operator as SearchOperator,
    ...(raw.value !== undefined ? { value: convert(raw.value) } : {}),
    ...(raw.highValue !== undefined ? { high_value: convert(raw.highValue) } : {}),
    ...(Array.isArray(raw.values) ? { values: raw.values.map(convert) } : {}),
  };
}

function toSorts(object: HubSpotObject, sorts: unknown[]): SearchRequest['sorts'] {
  return sorts.map((sort, index) => {
    // HubSpot takes `{propertyName, direction}` or a name, `-` first for descending.
    const isText = typeof sort === 'string';
    const raw = isText
      ? sort.replace(/^-/, '')
      : (sort as { propertyName?: unknown } | null)?.propertyName;
    if (typeof raw !== 'string') {
      throw invalid(`sorts.${index}.propertyName is required`, `sorts.${index}`);
    }
    const name = plinthNameOf(object, raw);
    if (name === undefined) {
      throw invalid(
        `sorts.${index}: "${raw}" is not a property of ${object.name}`,
        `sorts.${index}`,
      );
    }
    const direction = isText
      ? sort.startsWith('-')
        ? 'DESCENDING'
        : 'ASCENDING'
      : (sort as { direction?: unknown }).direction === 'DESCENDING'
        ? 'DESCENDING'
        : 'ASCENDING';
    return { property: name, direction };
  });
}

/** Our `after`: the results before the page, then Plinth's keyset cursor (`10.<cursor>`). */
export function encodeAfter(offset: number, cursor: string): string {
  return `${offset}.${cursor}`;
}

function decodeAfter(after: unknown): { offset: number; cursor?: string } {
  if (after === undefined || after === null || after === '' || after === 0 || after === '0') {
    return { offset: 0 };
  }
  const match = typeof after === 'string' ? /^(\d{1,9})\.(.+)$/.exec(after) : null;
  if (!match) {
    throw invalid('after must be the paging.next.after of the previous page', 'after');
  }
  return { offset: Number(match[1]), cursor: match[2] };
}

/** A HubSpot search as Plinth's (records/record-search.ts), names mapped and values typed. */
export function toPlinthSearch(
  object: HubSpotObject,
  body: unknown,
  isCapped: boolean,
): TranslatedSearch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The search body must be a JSON object', 'body');
  }
  const search = body as HubSpotSearchBody;
  const caps = isCapped ? HUBSPOT_CAPS : PLINTH_CAPS;
  const groups = search.filterGroups ?? [];
  if (!Array.isArray(groups) || groups.length > caps.groups) {
    throw invalid(`filterGroups: at most ${caps.groups} filter groups`, 'filterGroups');
  }
  let count = 0;
  const filterGroups = groups.map((group, groupIndex) => {
    const filters = Array.isArray(group?.filters) ? group.filters : [];
    count += filters.length;
    if (filters.length > caps.filtersPerGroup) {
      throw invalid(
        `filterGroups.${groupIndex}: at most ${caps.filtersPerGroup} filters in a group`,
        `filterGroups.${groupIndex}`,
      );
    }
    return {
      filters: filters.map((filter, index) =>
        toFilter(object, filter, `filterGroups.${groupIndex}.filters.${index}`),
      ),
    };
  });
  if (count > caps.filters) {
    throw invalid(`filterGroups: at most ${caps.filters} filters in all`, 'filterGroups');
  }
  const limit = search.limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > caps.limit) {
    throw invalid(`limit must be a whole number from 1 to ${caps.limit}`, 'limit');
  }
  const { offset, cursor } = decodeAfter(search.after);
  if (offset >= caps.window) {
    throw invalid(
      `A search returns at most ${caps.window} results; narrow the filters to read further`,
      'after',
    );
  }
  const request: SearchRequest = {
    filter_groups: filterGroups.filter((group) => group.filters.length > 0),
    ...(Array.isArray(search.sorts) && search.sorts.length > 0
      ? { sorts: toSorts(object, search.sorts) }
      : {}),
    ...(typeof search.query === 'string' && search.query.trim() !== ''
      ? { query: search.query }
      : {}),
    limit: Math.min(limit, caps.window - offset),
    ...(cursor !== undefined ? { after: cursor } : {}),
    with_total: true,
  };
  return {
    request,
    offset,
    limit,
    ...(Array.isArray(search.properties) && search.properties.length > 0
      ? { properties: search.properties.filter((name) => typeof name === 'string') }
      : {}),
  };
}
