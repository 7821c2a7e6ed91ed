import type { ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import type { LinkColumn, LinkSide } from 'src/association-definitions/link-side';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type RawListQuery,
  type SortOrder,
} from 'src/common/http/list-query';
import { UUID } from 'src/common/uuid';
import { createAjv } from 'src/object-definitions/ajv.factory';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import {
  PROPERTY_OPERATORS,
  PROPERTY_TYPE_SPECS,
  type PropertyOperator,
  takesOperator,
} from 'src/object-definitions/property-types';
import { isOwnershipField, type OwnershipField } from './record-actors';
import { containsNul, describeAjvError, NUL_MESSAGE } from './record-properties.validator';

/** Filter operators: `{prop}` is `eq`; the others are suffixes (`amount_gte`). */
export type FilterOperator = Exclude<PropertyOperator, 'token'>;
/** The property types' operators (one list, property-types.ts) less search's `token`. */
export const FILTER_OPERATORS: readonly FilterOperator[] = PROPERTY_OPERATORS.filter(
  (operator): operator is FilterOperator => operator !== 'token',
);
/** What a property filter can do: the list operators, plus `token` (search's CONTAINS_TOKEN). */
export type { PropertyOperator };

export interface PropertyFilter {
  property: PropertyDefinition;
  operator: PropertyOperator;
  /** One value, or the list of any-of values (eq with an array, in, nin). */
  values: unknown[];
  /** Search's NOT_CONTAINS_TOKEN: the records the filter does not match. */
  isNegated?: boolean;
}

/** One filter to check: `raw` is one value, or the list of values when `isList`. */
export interface FilterInput {
  property: PropertyDefinition;
  operator: PropertyOperator;
  raw: unknown;
  isList: boolean;
}

/** Turns a problem with a filter into the error to throw, keyed like the request (docs/architecture.md). */
export type FilterProblem = (message: string) => AppError;

export const RECORD_FIELDS = [
  'id',
  'created_at',
  'updated_at',
  'owner_id',
  'created_by',
  'updated_by',
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/** `owner_id`, `created_by` or `updated_by` equal (negated: not equal) to one of the values. */
export interface FieldFilter {
  field: OwnershipField;
  values: Array<string | null>;
  isNegated?: boolean;
}

export type SortTarget =
  /** `vector`: the full-text vector to rank by, when not the stored one (record-sql.ts). */
  | { kind: 'rank'; q: string; vector?: string }
  | { kind: 'field'; field: RecordField }
  | { kind: 'property'; property: PropertyDefinition };

/** Linked (negated: not linked) through an association; any linked record when no ids. */
export interface LinkFilter {
  associationType: string;
  selfColumn: LinkColumn;
  otherIds?: string[];
  isNegated?: boolean;
}

/** Linked to a record of the other object matching filters (all on that one record): `deals.stage`. */
export interface RelatedFilter {
  associationType: string;
  selfColumn: LinkColumn;
  filters: PropertyFilter[];
}

/** Association sides of the object, and the definitions of the objects on their other ends. */
export interface LinkContext {
  sides: LinkSide[];
  otherDefinitions: ReadonlyMap<string, CompiledDefinition>;
}

/** Search's comparisons of the record's own columns: `id`, `created_at`, `updated_at`. */
export interface ColumnFilter {
  column: 'id' | 'created_at' | 'updated_at';
  operator: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'nin';
  /** UUIDs or ISO timestamps, checked by the search (record-search-filters.ts). */
  values: string[];
}

/** Conditions that must all hold: a list's filter, or one group of a search's filter groups. */
export interface FilterGroup {
  fields?: FieldFilter[];
  columns?: ColumnFilter[];
  filters: PropertyFilter[];
  links: LinkFilter[];
  related: RelatedFilter[];
}

/** A list request checked against the definition: every name in it is one of the definition's. */
export interface RecordListQuery extends FilterGroup {
  ids?: string[];
  q?: string;
  /** The vector `q` searches when not the stored one (a role that hides properties). */
  searchVector?: string;
  sort: { target: SortTarget; order: SortOrder };
  offset: number;
  limit: number;
}

const MAX_FILTER_VALUES = 1000;
/** A letter or digit: what a word of a full-text query is made of (record-sql.ts `prefixQuery`). */
const WORD = /[\p{L}\p{N}]/u;

/** Distinct filter value schemas kept compiled (enumerations make one per option list). */
export const MAX_CACHED_FILTER_VALIDATORS = 1000;

const valueAjv = createAjv();
const valueValidators = new LRUCache<string, ValidateFunction>({
  max: MAX_CACHED_FILTER_VALIDATORS,
});

function badFilter(key: string, message: string): AppError {
  return new AppError(ErrorCode.BadRequest, `Invalid filter: ${key} ${message}`, {
    [`filter.${key}`]: message,
  });
}

/** Checks one filter value against the property's type (not its constraints: `amount_gt: -5` is fine). */
function checkValue(
  property: PropertyDefinition,
  value: unknown,
  objectName: string,
  fail: FilterProblem,
): void {
  const rules = PROPERTY_TYPE_SPECS[property.type];
  let schema = rules.valueSchema(property);
  if (property.type === 'multi_enumeration') {
    schema = (schema.items as Record<string, unknown> | undefined) ?? {};
  }
  const cacheKey = JSON.stringify(schema);
  let validate = valueValidators.get(cacheKey);
  if (!validate) {
    const typed = { ...schema, 'x-type': property.type };
    validate = valueAjv.compile(typed);
    // Only the bounded cache above keeps validators: AJV's own cache would grow forever.
    valueAjv.removeSchema(typed);
    valueValidators.set(cacheKey, validate);
  }
  if (!validate(value)) {
    const [error] = validate.errors ?? [];
    throw fail(error ? describeAjvError(error, objectName) : 'has the wrong type');
  }
}

function splitKey(
  key: string,
  definition: CompiledDefinition,
): { property: PropertyDefinition; operator: FilterOperator } {
  const exact = definition.propertyByName.get(key);
  if (exact) {
    return { property: exact, operator: 'eq' };
  }
  for (const operator of FILTER_OPERATORS) {
    const suffix = `_${operator}`;
    if (operator !== 'eq' && key.endsWith(suffix)) {
      const property = definition.propertyByName.get(key.slice(0, -suffix.length));
      if (property) {
        return { property, operator };
      }
    }
  }
  throw badFilter(key, `is not a property of ${definition.name}`);
}

/** `contains` and `token` (CONTAINS_TOKEN): one non-empty string, on the kinds that have text. */
function checkText(
  input: FilterInput,
  fail: FilterProblem,
  failOperator: FilterProblem,
): PropertyFilter {
  const { property, operator, raw } = input;
  if (typeof raw !== 'string' || raw === '') {
    throw fail('must be a non-empty string');
  }
  if (!takesOperator(property, operator)) {
    throw failOperator(`cannot be used on a ${property.type} property`);
  }
  if (operator === 'token' && !WORD.test(raw)) {
    throw fail('must contain a word (letters or digits)');
  }
  return { property, operator, values: [raw] };
}

/**
 * Checks one filter against its property: the operator suits the property's type and every value
 * has that type. List filters and search share it; `fail` keys the error like the request
 * (`failOperator`, when the operator does not suit the property's type).
 */
export function checkFilter(
  input: FilterInput,
  objectName: string,
  fail: FilterProblem,
  failOperator: FilterProblem = fail,
): PropertyFilter {
  const { property, operator, raw } = input;
  if (containsNul(raw)) {
    throw fail(NUL_MESSAGE);
  }
  if (operator === 'exists') {
    if (typeof raw !== 'boolean') {
      throw fail('must be true or false');
    }
    return { property, operator, values: [raw] };
  }
  if (operator === 'contains' || operator === 'token') {
    return checkText(input, fail, failOperator);
  }
  if (operator === 'all' && !takesOperator(property, operator)) {
    throw failOperator(`"has all" is for multi-select properties, not ${property.type}`);
  }
  if (['gt', 'gte', 'lt', 'lte'].includes(operator) && !takesOperator(property, operator)) {
    throw failOperator(`cannot compare a ${property.type} property by order`);
  }
  const values = input.isList ? raw : [raw];
  if (!Array.isArray(values) || values.length === 0 || values.length > MAX_FILTER_VALUES) {
    throw fail(`must be a list of 1 to ${MAX_FILTER_VALUES} values`);
  }
  if (!takesOperator(property, operator)) {
    throw failOperator(`a ${property.type} property can only be tested for equality or existence`);
  }
  if (property.type !== 'json') {
    values.forEach((value) => checkValue(property, value, objectName, fail));
  }
  return { property, operator, values };
}

function toFilter(key: string, raw: unknown, definition: CompiledDefinition): PropertyFilter {
  const { property, operator } = splitKey(key, definition);
  const isList =
    operator === 'in' ||
    operator === 'nin' ||
    ((operator === 'eq' || operator === 'neq' || operator === 'all') && Array.isArray(raw));
  return checkFilter({ property, operator, raw, isList }, definition.name, (message) =>
    badFilter(key, message),
  );
}

function parseIds(raw: unknown): string[] {
  const ids = Array.isArray(raw) ? raw : [raw];
  if (ids.length > MAX_PAGE_SIZE || !ids.every((id) => typeof id === 'string')) {
    throw badFilter('id', `must be a record id or a list of at most ${MAX_PAGE_SIZE} ids`);
  }
  // An id that is not a UUID names no record: it matches nothing rather than failing.
  return ids.filter((id) => UUID.test(id));
}

function toSort(
  raw: RawListQuery['sort'],
  definition: CompiledDefinition,
): RecordListQuery['sort'] {
  if (!raw) {
    return { target: { kind: 'field', field: 'created_at' }, order: 'DESC' };
  }
  if ((RECORD_FIELDS as readonly string[]).includes(raw.field)) {
    return { target: { kind: 'field', field: raw.field as RecordField }, order: raw.order };
  }
  const property = definition.propertyByName.get(raw.field);
  if (!property) {
    throw new AppError(
      ErrorCode.BadRequest,
      `Invalid sort: ${raw.field} is not a property of ${definition.name}`,
      {
        sort: `unknown property "${raw.field}"`,
      },
    );
  }
  return { target: { kind: 'property', property }, order: raw.order };
}

/** Checks a parsed react-admin list request against the definition. */
function referenceFilter(key: string, raw: unknown, side: LinkSide): LinkFilter {
  const base = { associationType: side.associationType, selfColumn: side.selfColumn };
  if (raw === null) {
    return { ...base, isNegated: true };
  }
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length > MAX_FILTER_VALUES || !values.every((value) => typeof value === 'string')) {
    throw badFilter(key, `must be a ${side.otherObject} id, a list of ids, or null`);
  }
  return { ...base, otherIds: values.filter((id) => UUID.test(id)) };
}

function relatedFilter(
  key: string,
  raw: unknown,
  links: LinkContext,
  objectName: string,
): RelatedFilter {
  const [sideName = '', ...rest] = key.split('.');
  const side = links.sides.find((s) => s.name === sideName);
  const other = side && links.otherDefinitions.get(side.otherObject);
  if (!side || !other) {
    throw badFilter(key, `"${sideName}" is not an association of ${objectName}`);
  }
  try {
    return {
      associationType: side.associationType,
      selfColumn: side.selfColumn,
      filters: [toFilter(rest.join('.'), raw, other)],
    };
  } catch (error) {
    // docs/architecture.md: errors are keyed like the request, so by the whole dotted key.
    const [message] = error instanceof AppError ? Object.values(error.errors ?? {}) : [];
    throw message === undefined ? error : badFilter(key, message);
  }
}

/**
 * A filter on the record's owner or actors: one value or a list (`owner_id` also null, for records
 * without an owner). An owner that is not a uuid names no one: it matches nothing.
 */
export function toFieldFilter(field: OwnershipField, raw: unknown, isNegated = false): FieldFilter {
  const values = Array.isArray(raw) ? raw : [raw];
  const isValue = (value: unknown): boolean =>
    field === 'owner_id'
      ? value === null || typeof value === 'string'
      : typeof value === 'string' && !containsNul(value);
  if (values.length === 0 || values.length > MAX_FILTER_VALUES || !values.every(isValue)) {
    throw badFilter(
      field,
      field === 'owner_id'
        ? 'must be a member id, a list of ids, or null'
        : 'must be an actor (member:<id>, api_key:<id> or system) or a list of them',
    );
  }
  const kept = (values as Array<string | null>).filter(
    (value) => field !== 'owner_id' || value === null || UUID.test(value),
  );
  const noOne = field === 'owner_id' ? NO_MEMBER : NO_ACTOR;
  return { field, values: kept.length > 0 ? kept : [noOne], ...(isNegated ? { isNegated } : {}) };
}

/** A member and an actor no record has: a filter whose every value names no one matches nothing. */
const NO_MEMBER = '00000000-0000-0000-0000-000000000000';
const NO_ACTOR = 'none';

const NO_LINK_CONTEXT: LinkContext = { sides: [], otherDefinitions: new Map() };

export function toRecordListQuery(
  raw: RawListQuery,
  definition: CompiledDefinition,
  links: LinkContext = NO_LINK_CONTEXT,
): RecordListQuery {
  const filters: PropertyFilter[] = [];
  const linkFilters: LinkFilter[] = [];
  const related: RelatedFilter[] = [];
  const fields: FieldFilter[] = [];
  let ids: string[] | undefined;
  let q: string | undefined;
  for (const [key, value] of Object.entries(raw.filter)) {
    if (key === 'id') {
      ids = parseIds(value);
    } else if (key === 'q') {
      if (typeof value !== 'string') {
        throw badFilter('q', 'must be a string');
      }
      if (containsNul(value)) {
        throw badFilter('q', NUL_MESSAGE);
      }
      q = value.trim() || undefined;
    } else if (isOwnershipField(key)) {
      fields.push(toFieldFilter(key, value));
    } else if (key.includes('.')) {
      related.push(relatedFilter(key, value, links, definition.name));
    } else {
      const side = links.sides.find((s) => s.referenceField === key);
      if (side) {
        linkFilters.push(referenceFilter(key, value, side));
      } else {
        filters.push(toFilter(key, value, definition));
      }
    }
  }
  const offset = raw.range?.start ?? 0;
  const limit = raw.range
    ? raw.range.end - raw.range.start + 1
    : ids
      ? Math.max(ids.length, 1)
      : DEFAULT_PAGE_SIZE;
  return {
    ...(ids ? { ids } : {}),
    ...(fields.length > 0 ? { fields } : {}),
    filters,
    links: linkFilters,
    related,
    ...(q ? { q } : {}),
    sort:
      !raw.sort && q
        ? { target: { kind: 'rank', q }, order: 'DESC' }
        : toSort(raw.sort, definition),
    offset,
    limit,
  };
}
