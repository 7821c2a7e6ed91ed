import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type SortOrder } from 'src/common/http/list-query';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { kindOf } from 'src/object-definitions/property-expressions';
import {
  type FilterGroup,
  type FilterProblem,
  type LinkContext,
  RECORD_FIELDS,
  type RecordField,
} from './record-list-query';
import { containsNul, NUL_MESSAGE } from './record-properties.validator';
import { decodeCursor, type KeyType, type SearchSortKey, sortSpecOf } from './record-search-cursor';
import {
  problemAt,
  Problems,
  type SearchFilterInput,
  toFilterGroups,
} from './record-search-filters';

export const SORT_DIRECTIONS = ['ASCENDING', 'DESCENDING'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const MAX_SORTS = 5;
export const MAX_QUERY_LENGTH = 1000;

/** A search request, its shape checked by the DTO (record-search.dto.ts). */
export interface SearchRequest {
  filter_groups?: Array<{ filters: SearchFilterInput[] }>;
  sorts?: Array<{ property: string; direction?: SortDirection }>;
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string;
  with_total?: boolean;
}

/** A search checked against the definition: every name in it is one of the definition's. */
export interface RecordSearchQuery {
  /** Records matching any of the groups (all records when there is none). */
  groups: FilterGroup[];
  q?: string;
  /** The vector `q` searches when not the stored one (a role that hides properties). */
  searchVector?: string;
  /** The order; the last key is always `id`, so the order is total and pages never overlap. */
  keys: SearchSortKey[];
  /** The key values of the previous page's last record. */
  after?: Array<string | null>;
  /** The names the results show besides id, created_at and updated_at; all when absent. */
  properties?: string[];
  limit: number;
  withTotal: boolean;
  /** Names the order in cursors, so a cursor of another order is refused. */
  sortSpec: string;
}

/** A Map, not an object: a name such as `constructor` must find nothing. */
const FIELD_KEY_TYPES: ReadonlyMap<string, KeyType> = new Map([
  ['id', 'uuid'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['owner_id', 'uuid'],
  ['created_by', 'text'],
  ['updated_by', 'text'],
]);

function sortKey(
  name: string,
  order: SortOrder,
  definition: CompiledDefinition,
  fail: FilterProblem = problemAt('sorts'),
): SearchSortKey {
  const fieldType = FIELD_KEY_TYPES.get(name);
  if (fieldType) {
    const field = name as RecordField;
    // A record may have no owner: the only record field without a value.
    const isNullable = field === 'owner_id';
    return { target: { kind: 'field', field }, order, isNullable, keyType: fieldType };
  }
  const property = definition.propertyByName.get(name);
  if (!property) {
    throw fail(`"${name}" is not a property of ${definition.name}`);
  }
  const kind = kindOf(property);
  if (kind === 'array' || kind === 'json') {
    throw fail(`cannot sort by a ${property.type} property`);
  }
  const keyType: KeyType = kind === 'numeric' || kind === 'timestamptz' ? kind : 'text';
  return { target: { kind: 'property', property }, order, isNullable: true, keyType };
}

const isId = (key: SearchSortKey): boolean =>
  key.target.kind === 'field' && key.target.field === 'id';

/** The sort keys, ending with `id`; by default by rank with a query, else newest first. */
function toKeys(
  request: SearchRequest,
  definition: CompiledDefinition,
  q: string | undefined,
  problems: Problems,
): SearchSortKey[] {
  const sorts = request.sorts ?? [];
  if (sorts.length === 0) {
    const first: SearchSortKey = q
      ? // Nullable: only the newest matches are ranked; the others follow, unranked (record-search.sql.ts).
        { target: { kind: 'rank', q }, order: 'DESC', isNullable: true, keyType: 'real' }
      : sortKey('created_at', 'DESC', definition);
    return [first, sortKey('id', 'DESC', definition)];
  }
  const keys: SearchSortKey[] = [];
  sorts.forEach((sort, index) => {
    const order: SortOrder = sort.direction === 'DESCENDING' ? 'DESC' : 'ASC';
    const fail = problemAt(`sorts.${index}.property`);
    const key = problems.attempt(() => {
      if (sorts.slice(0, index).some((earlier) => earlier.property === sort.property)) {
        throw fail(`"${sort.property}" is sorted by already`);
      }
      return sortKey(sort.property, order, definition, fail);
    });
    if (key) {
      keys.push(key);
    }
  });
  if (!keys.some(isId)) {
    keys.push(sortKey('id', keys[keys.length - 1]?.order ?? 'ASC', definition));
  }
  // Nothing orders after the id: later keys would never be looked at.
  return keys.slice(0, keys.findIndex(isId) + 1);
}

function toProperties(
  names: string[] | undefined,
  definition: CompiledDefinition,
  links: LinkContext,
  problems: Problems,
): string[] | undefined {
  if (names === undefined) {
    return undefined;
  }
  const references = links.sides.flatMap((side) => side.referenceField ?? []);
  names.forEach((name, index) => {
    const isKnown =
      definition.propertyByName.has(name) ||
      references.includes(name) ||
      (RECORD_FIELDS as readonly string[]).includes(name);
    if (!isKnown) {
      problems.errors[`properties.${index}`] = `"${name}" is not a property of ${definition.name}`;
    }
  });
  return [...new Set(names)];
}

function toQueryText(raw: string | undefined, problems: Problems): string | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (typeof raw !== 'string' || raw.length > MAX_QUERY_LENGTH) {
    problems.errors.query = `must be a string of at most ${MAX_QUERY_LENGTH} characters`;
  } else if (containsNul(raw)) {
    problems.errors.query = NUL_MESSAGE;
  } else {
    return raw.trim() || undefined;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a search request against the definition (and the objects its associations lead to):
 * unknown names, operators that do not suit a property, values of the wrong type and stale
 * cursors are 400s naming every problem by where it is in the body.
 */
export function toSearchQuery(
  request: unknown,
  definition: CompiledDefinition,
  links: LinkContext,
): RecordSearchQuery {
  if (!isRecord(request)) {
    throw new AppError(ErrorCode.BadRequest, 'The search body must be a JSON object');
  }
  const body = request as SearchRequest;
  const problems = new Problems();
  const groups = toFilterGroups(body.filter_groups ?? [], definition, links, problems);
  const q = toQueryText(body.query, problems);
  const keys = toKeys(body, definition, q, problems);
  const properties = toProperties(body.properties, definition, links, problems);
  const limit = body.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    problems.errors.limit = `must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
  }
  problems.throwIfAny();
  const sortSpec = sortSpecOf(definition.name, keys);
  const after = body.after === undefined ? undefined : decodeCursor(body.after, sortSpec, keys);
  if (after === null) {
    throw new AppError(
      ErrorCode.BadRequest,
      'Invalid search: after is a malformed or stale cursor (it belongs to another search order); start again without it',
      { after: 'malformed or stale cursor' },
    );
  }
  return {
    groups,
    ...(q ? { q } : {}),
    keys,
    ...(after ? { after } : {}),
    ...(properties ? { properties } : {}),
    limit,
    withTotal: body.with_total === true,
    sortSpec,
  };
}

/** The dotted filter names (`company.name`): their objects' definitions are needed to check them. */
export function associationFilterNames(request: unknown): string[] {
  const groups = isRecord(request) ? request.filter_groups : undefined;
  if (!Array.isArray(groups)) {
    return [];
  }
  return groups.flatMap((group: unknown) => {
    const filters = isRecord(group) ? group.filters : undefined;
    return Array.isArray(filters)
      ? filters.flatMap((filter: unknown) =>
          isRecord(filter) && typeof filter.property === 'string' && filter.property.includes('.')
            ? [filter.property]
            : [],
        )
      : [];
  });
}

/** A result with only the asked-for properties (id, created_at and updated_at always). */
export function pickProperties<T extends Record<string, unknown>>(
  record: T,
  properties: string[] | undefined,
): Partial<T> {
  if (!properties) {
    return record;
  }
  const wanted = new Set<string>([...RECORD_FIELDS, ...properties]);
  return Object.fromEntries(
    Object.entries(record).filter(([name]) => wanted.has(name)),
  ) as Partial<T>;
}
