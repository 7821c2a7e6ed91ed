import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RawListQuery } from 'src/common/http/list-query';

/**
 * The recycle bin's words in the record API (README, "Recycle bin"): a list's
 * `filter={"archived":true}` lists the deleted records instead of the live ones, and a get's
 * `?archived=true` reads one. `archived` is a filter of the record itself, never a property.
 */
export const ARCHIVED_FILTER = 'archived';

/** The list filter without `archived`, and whether it asks for the recycle bin. */
export function recycleBinFilter(raw: RawListQuery): { raw: RawListQuery; archived: boolean } {
  if (!Object.hasOwn(raw.filter, ARCHIVED_FILTER)) {
    return { raw, archived: false };
  }
  const { [ARCHIVED_FILTER]: value, ...filter } = raw.filter;
  return { raw: { ...raw, filter }, archived: booleanFlag('filter.archived', value) };
}

/** `true` / `false` (a boolean, or its text in a query string); anything else is a 400. */
export function booleanFlag(name: string, value: unknown): boolean {
  if (value === undefined || value === false || value === 'false') {
    return false;
  }
  if (value === true || value === 'true') {
    return true;
  }
  throw new AppError(ErrorCode.BadRequest, `${name} must be true or false`, {
    [name]: 'must be true or false',
  });
}
