import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;
/**
 * How far an offset page may start: a deep offset makes the database read and drop every
 * skipped row. Deeper pages come from the search endpoint's keyset cursors.
 */
export const MAX_OFFSET = 10_000;
/**
 * Record lists count their matches up to this many; beyond it the total is PostgreSQL's estimate,
 * flagged as such (`X-Total-Estimated: true`), unless the request asks for `count=exact`.
 */
export const EXACT_COUNT_LIMIT = 1000;

export type SortOrder = 'ASC' | 'DESC';

/** react-admin's simple REST list parameters, parsed but not yet checked against a resource. */
export interface RawListQuery {
  sort?: { field: string; order: SortOrder };
  /** Inclusive, as react-admin sends it: `[0, 24]` is the first 25. */
  range?: { start: number; end: number };
  filter: Record<string, unknown>;
  /** `count=exact`: count every match, however many (else large totals are estimated). */
  exactTotal?: boolean;
}

export interface ListQueryParams {
  sort?: unknown;
  range?: unknown;
  filter?: unknown;
  count?: unknown;
}

import { isNestedDeeperThan, MAX_JSON_DEPTH } from './json-depth';

function badParameter(name: string, message: string): AppError {
  return new AppError(ErrorCode.BadRequest, `Invalid ${name}: ${message}`, { [name]: message });
}

function parseJson(name: string, raw: unknown): unknown {
  if (typeof raw !== 'string') {
    throw badParameter(name, 'must be given once, as JSON');
  }
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch {
    throw badParameter(name, 'is not valid JSON');
  }
  if (isNestedDeeperThan(value)) {
    throw badParameter(name, `nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`);
  }
  return value;
}

function parseSort(raw: unknown): RawListQuery['sort'] {
  const value = parseJson('sort', raw);
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    value[0] === ''
  ) {
    throw badParameter('sort', 'must be ["field","ASC"] or ["field","DESC"]');
  }
  const order = String(value[1]).toUpperCase();
  if (order !== 'ASC' && order !== 'DESC') {
    throw badParameter('sort', 'the order must be "ASC" or "DESC"');
  }
  return { field: value[0], order };
}

function parseRange(raw: unknown): RawListQuery['range'] {
  const value = parseJson('range', raw);
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isSafeInteger(n))) {
    throw badParameter('range', 'must be [start, end], two whole numbers');
  }
  const [start, end] = value as [number, number];
  if (start < 0 || end < start) {
    throw badParameter('range', 'start must be >= 0 and end >= start');
  }
  if (start > MAX_OFFSET) {
    throw badParameter(
      'range',
      `a list page starts at most ${MAX_OFFSET} records in; page deeper with cursors: POST /api/objects/{object}/search and its paging.next.after`,
    );
  }
  if (end - start + 1 > MAX_PAGE_SIZE) {
    throw badParameter('range', `a page holds at most ${MAX_PAGE_SIZE} records`);
  }
  return { start, end };
}

function parseFilter(raw: unknown): Record<string, unknown> {
  const value = parseJson('filter', raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badParameter('filter', 'must be a JSON object such as {"stage":"won"}');
  }
  return value as Record<string, unknown>;
}

function parseCount(raw: unknown): boolean {
  if (raw !== 'exact') {
    throw badParameter('count', 'must be "exact" (or left out)');
  }
  return true;
}

/** Parses `sort`, `range` and `filter` (each JSON), and `count`, of a react-admin list request. */
export function parseListQuery(params: ListQueryParams): RawListQuery {
  return {
    ...(params.sort !== undefined ? { sort: parseSort(params.sort) } : {}),
    ...(params.range !== undefined ? { range: parseRange(params.range) } : {}),
    filter: params.filter !== undefined ? parseFilter(params.filter) : {},
    ...(params.count !== undefined ? { exactTotal: parseCount(params.count) } : {}),
  };
}

/** The header that says whether a list's total (in Content-Range) was counted or estimated. */
export const TOTAL_ESTIMATED_HEADER = 'X-Total-Estimated';

/** `Content-Range: <resource> <start>-<end>/<total>`; `*` when the page is empty. */
export function contentRange(
  resource: string,
  start: number,
  count: number,
  total: number,
): string {
  return count === 0
    ? `${resource} */${total}`
    : `${resource} ${start}-${start + count - 1}/${total}`;
}

/** The Content-Range of a whole (small) collection answered in one page. */
export function wholeListRange(resource: string, total: number): string {
  return contentRange(resource, 0, total, total);
}

/** The headers of a record list: its range and total, and whether the total is an estimate. */
export function recordListHeaders(
  resource: string,
  page: { start: number; records: unknown[]; total: number; totalIsEstimate: boolean },
): Record<string, string> {
  return {
    'Content-Range': contentRange(resource, page.start, page.records.length, page.total),
    [TOTAL_ESTIMATED_HEADER]: String(page.totalIsEstimate),
  };
}

/** `include=company,contacts` (or repeated): the association sides to add to records. */
export function parseInclude(raw: unknown): string[] {
  if (raw === undefined || raw === '') {
    return [];
  }
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((value) =>
    typeof value === 'string' ? value.split(',') : [''],
  );
  const names = parts.map((part) => part.trim());
  if (names.some((name) => !/^[a-z][a-z0-9_]{0,62}$/.test(name))) {
    throw badParameter('include', 'must be a comma-separated list of association names');
  }
  return [...new Set(names)];
}
