import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { DEFAULT_PAGE_SIZE, type RawListQuery } from 'src/common/http/list-query';
import type { ObjectDefinitionResponseDto } from './object-definitions.dto';

const SORTABLE = [
  'id',
  'name',
  'is_system',
  'group',
  'version',
  'created_at',
  'updated_at',
] as const;
const FILTERABLE = ['id', 'name', 'is_system', 'group', 'q'];

function sortKey(definition: ObjectDefinitionResponseDto, field: string): string {
  const value = (definition as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function matches(definition: ObjectDefinitionResponseDto, field: string, wanted: unknown): boolean {
  if (field === 'q') {
    const needle = String(wanted).toLowerCase();
    return [definition.name, definition.labels.singular, definition.labels.plural].some((text) =>
      text.toLowerCase().includes(needle),
    );
  }
  const value = (definition as unknown as Record<string, unknown>)[field];
  return Array.isArray(wanted) ? wanted.includes(value) : value === wanted;
}

/** Sorts, filters and pages the (few) definitions of an organization in memory. */
export function pageObjectDefinitions(
  definitions: ObjectDefinitionResponseDto[],
  query: RawListQuery,
): { rows: ObjectDefinitionResponseDto[]; start: number; total: number } {
  for (const field of Object.keys(query.filter)) {
    if (!FILTERABLE.includes(field)) {
      throw new AppError(
        ErrorCode.BadRequest,
        `Invalid filter: cannot filter object definitions by "${field}"`,
        {
          filter: `unknown field "${field}"; use one of ${FILTERABLE.join(', ')}`,
        },
      );
    }
  }
  const sort = query.sort ?? { field: 'name', order: 'ASC' };
  if (!(SORTABLE as readonly string[]).includes(sort.field)) {
    throw new AppError(
      ErrorCode.BadRequest,
      `Invalid sort: cannot sort object definitions by "${sort.field}"`,
      {
        sort: `use one of ${SORTABLE.join(', ')}`,
      },
    );
  }
  const filtered = definitions.filter((definition) =>
    Object.entries(query.filter).every(([field, wanted]) => matches(definition, field, wanted)),
  );
  const direction = sort.order === 'ASC' ? 1 : -1;
  filtered.sort((a, b) => direction * sortKey(a, sort.field).localeCompare(sortKey(b, sort.field)));
  const start = query.range?.start ?? 0;
  const end = query.range?.end ?? start + Math.max(filtered.length, DEFAULT_PAGE_SIZE) - 1;
  return { rows: filtered.slice(start, end + 1), start, total: filtered.length };
}
