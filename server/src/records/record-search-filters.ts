import type { LinkSide } from 'src/association-definitions/link-side';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { isOwnershipField, type OwnershipField } from './record-actors';
import {
  checkFilter,
  type ColumnFilter,
  type FieldFilter,
  type FilterGroup,
  type FilterProblem,
  type LinkContext,
  type LinkFilter,
  type PropertyFilter,
  type PropertyOperator,
  type RelatedFilter,
  toFieldFilter,
} from './record-list-query';

export const SEARCH_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export const MAX_FILTER_GROUPS = 5;
export const MAX_FILTERS_PER_GROUP = 10;

/** One filter of a search request, its shape checked by the DTO (record-search.dto.ts). */
export interface SearchFilterInput {
  property: string;
  operator: SearchOperator;
  value?: unknown;
  high_value?: unknown;
  values?: unknown[];
}

type Operand = 'value' | 'high_value' | 'values';

const OPERANDS: Record<SearchOperator, Operand[]> = {
  EQ: ['value'],
  NEQ: ['value'],
  LT: ['value'],
  LTE: ['value'],
  GT: ['value'],
  GTE: ['value'],
  BETWEEN: ['value', 'high_value'],
  IN: ['values'],
  NOT_IN: ['values'],
  HAS_PROPERTY: [],
  NOT_HAS_PROPERTY: [],
  CONTAINS_TOKEN: ['value'],
  NOT_CONTAINS_TOKEN: ['value'],
};

type OneValueOperator = 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'CONTAINS_TOKEN';

/** The operators that take one value, as the list filters name them. */
const ONE_VALUE: Record<OneValueOperator, PropertyOperator> = {
  EQ: 'eq',
  NEQ: 'neq',
  LT: 'lt',
  LTE: 'lte',
  GT: 'gt',
  GTE: 'gte',
  CONTAINS_TOKEN: 'token',
};

/** A problem keyed by where it is in the request body (`filter_groups.0.filters.1.value`). */
export function problemAt(key: string): FilterProblem {
  return (message) => new AppError(ErrorCode.BadRequest, `${key} ${message}`, { [key]: message });
}

/** Collects every input problem of a request, so one 400 names them all. */
export class Problems {
  readonly errors: FieldErrors = {};

  /** Runs a check; a problem with the input is noted instead of thrown. */
  attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof AppError) || !error.errors) {
        throw error;
      }
      Object.assign(this.errors, error.errors);
      return undefined;
    }
  }

  throwIfAny(): void {
    const entries = Object.entries(this.errors);
    if (entries.length > 0) {
      const summary = entries.map(([key, message]) => `${key} ${message}`).join('; ');
      throw new AppError(ErrorCode.BadRequest, `Invalid search: ${summary}`, this.errors);
    }
  }
}

function assertOperands(input: SearchFilterInput, key: string): void {
  // The DTO allows only these; the check keeps this function safe on its own.
  if (!(SEARCH_OPERATORS as readonly string[]).includes(input.operator)) {
    throw problemAt(`${key}.operator`)(`must be one of ${SEARCH_OPERATORS.join(', ')}`);
  }
  const wanted = OPERANDS[input.operator];
  for (const operand of ['value', 'high_value', 'values'] as const) {
    const isGiven = input[operand] !== undefined;
    if (wanted.includes(operand) && !isGiven) {
      throw problemAt(`${key}.${operand}`)(`is required by ${input.operator}`);
    }
    if (!wanted.includes(operand) && isGiven) {
      throw problemAt(`${key}.${operand}`)(`is not used by ${input.operator}`);
    }
  }
}

/** A filter on one property, mapped onto the list filters (BETWEEN is GTE and LTE). */
function propertyFilters(
  property: PropertyDefinition,
  input: SearchFilterInput,
  key: string,
  objectName: string,
): PropertyFilter[] {
  const check = (operator: PropertyOperator, operand: Operand | 'operator', raw: unknown) =>
    checkFilter(
      { property, operator, raw, isList: operand === 'values' },
      objectName,
      problemAt(`${key}.${operand}`),
      problemAt(`${key}.operator`),
    );
  switch (input.operator) {
    case 'EQ':
    case 'NEQ':
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE':
    case 'CONTAINS_TOKEN':
      return [check(ONE_VALUE[input.operator], 'value', input.value)];
    case 'NOT_CONTAINS_TOKEN':
      // Records whose property lacks the words, those without the property included.
      return [{ ...check('token', 'value', input.value), isNegated: true }];
    case 'BETWEEN':
      return [check('gte', 'value', input.value), check('lte', 'high_value', input.high_value)];
    case 'IN':
      return [check('in', 'values', input.values)];
    case 'NOT_IN':
      return [check('nin', 'values', input.values)];
    case 'HAS_PROPERTY':
      return [check('exists', 'operator', true)];
    case 'NOT_HAS_PROPERTY':
      return [check('exists', 'operator', false)];
  }
}

/** `company_id`: linked (or not) to the given records, or to any. */
function referenceFilter(input: SearchFilterInput, key: string, side: LinkSide): LinkFilter {
  const base = { associationType: side.associationType, selfColumn: side.selfColumn };
  const { operator } = input;
  if (operator === 'HAS_PROPERTY' || operator === 'NOT_HAS_PROPERTY') {
    return operator === 'HAS_PROPERTY' ? base : { ...base, isNegated: true };
  }
  if (!['EQ', 'NEQ', 'IN', 'NOT_IN'].includes(operator)) {
    throw problemAt(`${key}.operator`)(
      `${operator} does not apply to ${input.property}: use EQ, NEQ, IN, NOT_IN, HAS_PROPERTY or NOT_HAS_PROPERTY`,
    );
  }
  const isList = operator === 'IN' || operator === 'NOT_IN';
  const ids: unknown = isList ? input.values : [input.value];
  const isValid =
    Array.isArray(ids) &&
    ids.length > 0 &&
    ids.every((id) => typeof id === 'string' && UUID.test(id));
  if (!isValid) {
    throw problemAt(`${key}.${isList ? 'values' : 'value'}`)(
      isList ? `must be a list of ${side.otherObject} ids` : `must be a ${side.otherObject} id`,
    );
  }
  return {
    ...base,
    otherIds: ids as string[],
    ...(operator === 'NEQ' || operator === 'NOT_IN' ? { isNegated: true } : {}),
  };
}

/** `owner_id`, `created_by`, `updated_by`: EQ, NEQ, IN, NOT_IN (HAS_PROPERTY: an owner at all). */
function fieldFilter(field: OwnershipField, input: SearchFilterInput, key: string): FieldFilter {
  const { operator } = input;
  if (operator === 'HAS_PROPERTY' || operator === 'NOT_HAS_PROPERTY') {
    return { field, values: [null], ...(operator === 'HAS_PROPERTY' ? { isNegated: true } : {}) };
  }
  if (!['EQ', 'NEQ', 'IN', 'NOT_IN'].includes(operator)) {
    throw problemAt(`${key}.operator`)(
      `${operator} does not apply to ${field}: use EQ, NEQ, IN, NOT_IN, HAS_PROPERTY or NOT_HAS_PROPERTY`,
    );
  }
  const isList = operator === 'IN' || operator === 'NOT_IN';
  const operand = isList ? 'values' : 'value';
  try {
    return toFieldFilter(
      field,
      isList ? input.values : input.value,
      operator === 'NEQ' || operator === 'NOT_IN',
    );
  } catch (error) {
    const [message] = error instanceof AppError ? Object.values(error.errors ?? {}) : [];
    throw message === undefined ? error : problemAt(`${key}.${operand}`)(message);
  }
}

/** `company.name`: linked to at least one record on that side whose property matches. */
function relatedFilter(
  input: SearchFilterInput,
  key: string,
  links: LinkContext,
  objectName: string,
): RelatedFilter {
  const [sideName = '', ...rest] = input.property.split('.');
  const side = links.sides.find((s) => s.name === sideName);
  const other = side && links.otherDefinitions.get(side.otherObject);
  if (!side || !other) {
    throw problemAt(`${key}.property`)(`"${sideName}" is not an association of ${objectName}`);
  }
  const property = other.propertyByName.get(rest.join('.'));
  if (!property) {
    throw problemAt(`${key}.property`)(`"${rest.join('.')}" is not a property of ${other.name}`);
  }
  return {
    associationType: side.associationType,
    selfColumn: side.selfColumn,
    filters: propertyFilters(property, input, key, other.name),
  };
}

const COLUMNS: ReadonlySet<string> = new Set(['id', 'created_at', 'updated_at']);

const COLUMN_OPERATORS: Partial<Record<SearchOperator, ColumnFilter['operator']>> = {
  EQ: 'eq',
  NEQ: 'neq',
  LT: 'lt',
  LTE: 'lte',
  GT: 'gt',
  GTE: 'gte',
  IN: 'in',
  NOT_IN: 'nin',
};

/** A column's value: a UUID for `id`; ISO text or epoch milliseconds for the timestamps. */
function columnValue(column: ColumnFilter['column'], raw: unknown, key: string): string {
  if (column === 'id') {
    if (typeof raw !== 'string' || !UUID.test(raw)) {
      throw problemAt(key)('must be a record id');
    }
    return raw;
  }
  const epoch = typeof raw === 'number' || (typeof raw === 'string' && /^\d{1,15}$/.test(raw));
  const time = epoch ? Number(raw) : typeof raw === 'string' ? Date.parse(raw) : NaN;
  if (!Number.isFinite(time)) {
    throw problemAt(key)('must be a date-time (ISO 8601) or epoch milliseconds');
  }
  return new Date(time).toISOString();
}

/** `id`, `created_at`, `updated_at`: compared as their types (always present). */
function columnFilters(
  column: ColumnFilter['column'],
  input: SearchFilterInput,
  key: string,
): ColumnFilter[] {
  const value = (operand: Operand, raw: unknown) => columnValue(column, raw, `${key}.${operand}`);
  if (input.operator === 'BETWEEN') {
    return [
      { column, operator: 'gte', values: [value('value', input.value)] },
      { column, operator: 'lte', values: [value('high_value', input.high_value)] },
    ];
  }
  if (input.operator === 'HAS_PROPERTY' || input.operator === 'NOT_HAS_PROPERTY') {
    // Every record has them: HAS_PROPERTY holds always, NOT_HAS_PROPERTY never.
    return input.operator === 'HAS_PROPERTY' ? [] : [{ column: 'id', operator: 'in', values: [] }];
  }
  const operator = COLUMN_OPERATORS[input.operator];
  if (!operator || (column === 'id' && !['eq', 'neq', 'in', 'nin'].includes(operator))) {
    throw problemAt(`${key}.operator`)(`${input.operator} does not apply to ${column}`);
  }
  const isList = operator === 'in' || operator === 'nin';
  const raws = isList ? (input.values ?? []) : [input.value];
  if (isList && raws.length === 0) {
    throw problemAt(`${key}.values`)('must list at least one value');
  }
  return [
    {
      column,
      operator,
      values: raws.map((raw) => value(isList ? 'values' : 'value', raw)),
    },
  ];
}

function addFilter(
  group: FilterGroup,
  input: SearchFilterInput,
  key: string,
  definition: CompiledDefinition,
  links: LinkContext,
): void {
  assertOperands(input, key);
  const name = input.property;
  const side = links.sides.find((s) => s.referenceField === name);
  if (isOwnershipField(name)) {
    group.fields = [...(group.fields ?? []), fieldFilter(name, input, key)];
  } else if (COLUMNS.has(name)) {
    const column = name as ColumnFilter['column'];
    group.columns = [...(group.columns ?? []), ...columnFilters(column, input, key)];
  } else if (name.includes('.')) {
    group.related.push(relatedFilter(input, key, links, definition.name));
  } else if (side) {
    group.links.push(referenceFilter(input, key, side));
  } else {
    const property = definition.propertyByName.get(name);
    if (!property) {
      throw problemAt(`${key}.property`)(`"${name}" is not a property of ${definition.name}`);
    }
    group.filters.push(...propertyFilters(property, input, key, definition.name));
  }
}

/** The filter groups of a search, each filter checked; problems are collected, keyed by place. */
export function toFilterGroups(
  groups: ReadonlyArray<{ filters: SearchFilterInput[] }>,
  definition: CompiledDefinition,
  links: LinkContext,
  problems: Problems,
): FilterGroup[] {
  return groups.map((raw, groupIndex) => {
    const group: FilterGroup = { filters: [], links: [], related: [] };
    raw.filters.forEach((input, filterIndex) => {
      const key = `filter_groups.${groupIndex}.filters.${filterIndex}`;
      problems.attempt(() => addFilter(group, input, key, definition, links));
    });
    return group;
  });
}
