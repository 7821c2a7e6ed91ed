import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { DEFAULT_PAGE_SIZE, type RawListQuery } from './list-query';

/** How a small, fully loaded collection (definitions of one organization) is listed. */
export interface InMemoryListRules<T> {
  /** Plural words for messages: "object definitions". */
  noun: string;
  sortable: readonly string[];
  defaultSort: string;
  /** Filterable fields; `q` is always allowed and goes to `matchesQ`. */
  filterable: readonly string[];
  matchesQ(item: T, needle: string): boolean;
  /** Field values for filters beyond plain equality on the wire field (`object` = either end). */
  matchesField?(item: T, field: string, wanted: unknown): boolean | undefined;
}

function fieldOf(item: unknown, field: string): unknown {
  return (item as Record<string, unknown>)[field];
}

function sortKey(item: unknown, field: string): string | number {
  const value = fieldOf(item, field);
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'string' || typeof value === 'boolean' ? String(value) : '';
}

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b));
}

function badQuery(part: 'filter' | 'sort', message: string, detail: string): AppError {
  return new AppError(ErrorCode.BadRequest, `Invalid ${part}: ${message}`, { [part]: detail });
}

/** Filters, sorts and pages a collection in the react-admin dialect, with the same 400s as lists. */
export function pageInMemory<T>(
  items: T[],
  query: RawListQuery,
  rules: InMemoryListRules<T>,
): { rows: T[]; start: number; total: number } {
  const filterable = [...rules.filterable, 'q'];
  for (const field of Object.keys(query.filter)) {
    if (!filterable.includes(field)) {
      throw badQuery(
        'filter',
        `cannot filter ${rules.noun} by "${field}"`,
        `unknown field "${field}"; use one of ${filterable.join(', ')}`,
      );
    }
  }
  const sort = query.sort ?? { field: rules.defaultSort, order: 'ASC' };
  if (!rules.sortable.includes(sort.field)) {
    throw badQuery(
      'sort',
      `cannot sort ${rules.noun} by "${sort.field}"`,
      `use one of ${rules.sortable.join(', ')}`,
    );
  }
  const matches = (item: T, field: string, wanted: unknown): boolean => {
    if (field === 'q') {
      return rules.matchesQ(item, String(wanted).toLowerCase());
    }
    const special = rules.matchesField?.(item, field, wanted);
    if (special !== undefined) {
      return special;
    }
    const value = fieldOf(item, field);
    return Array.isArray(wanted) ? wanted.includes(value) : value === wanted;
  };
  const filtered = items.filter((item) =>
    Object.entries(query.filter).every(([field, wanted]) => matches(item, field, wanted)),
  );
  const direction = sort.order === 'ASC' ? 1 : -1;
  filtered.sort((a, b) => direction * compare(sortKey(a, sort.field), sortKey(b, sort.field)));
  const start = query.range?.start ?? 0;
  const end = query.range?.end ?? start + Math.max(filtered.length, DEFAULT_PAGE_SIZE) - 1;
  return { rows: filtered.slice(start, end + 1), start, total: filtered.length };
}
