import type { RecordSearchQuery } from './record-search';
import type { KeyType, SearchSortKey } from './record-search-cursor';
import {
  COLUMNS,
  groupConditions,
  RANK_WINDOW,
  rankWindow,
  scopeConditions,
  searchCondition,
  sortExpression,
  SqlParams,
} from './record-sql';
import type { RecordScope } from './records.repository';

const CASTS: Record<KeyType, string> = {
  numeric: 'numeric',
  timestamptz: 'timestamptz',
  text: 'text',
  uuid: 'uuid',
  real: 'real',
};

/** A sort key with its SQL expression (built once: the planner matches indexes by its text). */
interface BuiltKey extends SearchSortKey {
  expression: string;
}

/** WHERE of a search: the tenant, the object, then any of the filter groups and the query. */
function searchWhere(scope: RecordScope, query: RecordSearchQuery, params: SqlParams): string {
  const conditions = scopeConditions(scope, params);
  const groups = query.groups.map((group) => {
    const parts = groupConditions(group, params);
    return parts.length > 0 ? `(${parts.join(' AND ')})` : 'true';
  });
  if (groups.length > 0) {
    conditions.push(`(${groups.join(' OR ')})`);
  }
  if (query.q) {
    conditions.push(searchCondition(query.q, params, query.searchVector));
  }
  return conditions.join(' AND ');
}

/** The key's value as the cursor carries it: text PostgreSQL casts back to the same value. */
function cursorText(key: BuiltKey): string {
  return key.keyType === 'timestamptz'
    ? `to_char(${key.expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : `(${key.expression})::text`;
}

function bound(key: BuiltKey, value: string, params: SqlParams): string {
  return `${params.add(value)}::${CASTS[key.keyType]}`;
}

const beyond = (key: BuiltKey): string => (key.order === 'ASC' ? '>' : '<');

/**
 * Rows after the cursor's values in the keys' order (missing values last). When every key has a
 * value and all go one way, one row comparison `(expr, id) > ($1, $2)` an index can seek to;
 * otherwise key by key.
 */
function afterCondition(
  keys: readonly BuiltKey[],
  values: ReadonlyArray<string | null>,
  params: SqlParams,
): string {
  const [key, ...rest] = keys;
  const [value = null, ...restValues] = values;
  if (!key) {
    return 'false';
  }
  if (keys.every((k, i) => !k.isNullable && values[i] !== null && k.order === key.order)) {
    const bounds = keys.map((k, i) => bound(k, values[i] as string, params));
    return `(${keys.map((k) => k.expression).join(', ')}) ${beyond(key)} (${bounds.join(', ')})`;
  }
  if (value === null) {
    return `(${key.expression} IS NULL AND ${afterCondition(rest, restValues, params)})`;
  }
  const at = bound(key, value, params);
  const later = afterCondition(rest, restValues, params);
  const past = `${key.expression} ${beyond(key)} ${at}${key.isNullable ? ` OR ${key.expression} IS NULL` : ''}`;
  const either = `(${past} OR (${key.expression} = ${at} AND ${later}))`;
  // Redundant, but an index on the key can seek to it (the OR alone would scan from the start).
  return key.isNullable ? either : `(${key.expression} ${beyond(key)}= ${at} AND ${either})`;
}

function orderBy(keys: readonly BuiltKey[]): string {
  return keys
    .map((key) => `${key.expression} ${key.order}${key.isNullable ? ' NULLS LAST' : ''}`)
    .join(', ');
}

/**
 * Where a page is read from. When the first key is a property, the records that have it and those
 * that lack it (last, in both directions) are read apart, each in index order: `valued`, then
 * `missing`; a cursor already in the missing ones skips the valued ones. Otherwise `all`.
 */
export type SearchPart = 'all' | 'valued' | 'missing';

export function searchParts(query: RecordSearchQuery): SearchPart[] {
  if (!query.keys[0]?.isNullable) {
    return ['all'];
  }
  return query.after?.[0] === null ? ['missing'] : ['valued', 'missing'];
}

/**
 * The SQL of one part of a search page: at most `limit` rows after the cursor, each with
 * `sort_keys`, its key values as the cursor carries them. The repository reads the parts in
 * order until it has `query.limit + 1` rows (the extra one tells there is a next page), so the
 * missing part costs nothing while the valued one fills the page.
 */
export function searchPartQuery(
  scope: RecordScope,
  query: RecordSearchQuery,
  part: SearchPart,
  limit: number,
): { sql: string; values: unknown[] } {
  if (query.keys[0]?.target.kind === 'rank') {
    return rankedPartQuery(scope, query, part, limit);
  }
  const params = new SqlParams();
  const where = searchWhere(scope, query, params);
  const keys = buildKeys(query.keys, params);
  const [first, ...rest] = keys;
  const columns = `${COLUMNS}, ARRAY[${keys.map(cursorText).join(', ')}]::text[] AS sort_keys`;
  const conditions = [where];
  let ordered = keys;
  let after = query.after;
  if (first && part === 'valued') {
    // Also the predicate of the key's runtime index (property-indexes.ts), which it can then use.
    conditions.push(`${first.expression} IS NOT NULL`);
    ordered = [{ ...first, isNullable: false }, ...rest];
  } else if (first && part === 'missing') {
    conditions.push(`${first.expression} IS NULL`);
    ordered = rest;
    // Every missing value comes after every value: a cursor among the values starts them all.
    after = after?.[0] === null ? after.slice(1) : undefined;
  }
  if (after) {
    conditions.push(afterCondition(ordered, after, params));
  }
  return {
    sql: `SELECT ${columns} FROM record r WHERE ${conditions.join(' AND ')}
      ORDER BY ${orderBy(ordered)} LIMIT ${params.add(limit)}`,
    values: params.values,
  };
}

/**
 * A page ordered by relevance. Ranking reads each candidate, so it covers the newest matches
 * (record-sql.ts RANK_WINDOW): they come first, best first ("valued": rank is their key); the
 * older matches follow, by id ("missing": no rank in their cursor), so paging reaches every match.
 */
function rankedPartQuery(
  scope: RecordScope,
  query: RecordSearchQuery,
  part: SearchPart,
  limit: number,
): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  const where = searchWhere(scope, query, params);
  const isWindow = part !== 'missing';
  // Every parameter is used: the older matches have no rank, so it is not computed for them.
  const built = buildKeys(isWindow ? query.keys : query.keys.slice(1), params);
  const window = rankWindow(where, params, RANK_WINDOW, isWindow ? 'r' : 'w');
  // In the window the rank is never null.
  const ordered = built.map((key, index) => (index === 0 ? { ...key, isNullable: false } : key));
  const keyColumns = [...(isWindow ? [] : ['NULL']), ...ordered.map(cursorText)];
  const columns = `${COLUMNS}, ARRAY[${keyColumns.join(', ')}]::text[] AS sort_keys`;
  // A cursor among the ranked ones starts the older matches from their beginning.
  const cursor = query.after;
  const after = isWindow ? cursor : cursor?.[0] === null ? cursor.slice(1) : undefined;
  const conditions = after ? [afterCondition(ordered, after, params)] : [];
  if (!isWindow) {
    // Older than the window's oldest match (none, when the window holds every match).
    conditions.unshift(
      where,
      `(r.created_at, r.id) < (SELECT w.created_at, w.id FROM ${window} ORDER BY w.created_at, w.id LIMIT 1)`,
    );
  }
  return {
    sql: `SELECT ${columns} FROM ${isWindow ? window : 'record r'}
      WHERE ${conditions.length > 0 ? conditions.join(' AND ') : 'true'}
      ORDER BY ${orderBy(ordered)} LIMIT ${params.add(limit)}`,
    values: params.values,
  };
}

function buildKeys(keys: readonly SearchSortKey[], params: SqlParams): BuiltKey[] {
  return keys.map((key) => ({ ...key, expression: sortExpression(key.target, params) }));
}

/** How many records a search matches, whatever the page. */
export function searchCountQuery(
  scope: RecordScope,
  query: RecordSearchQuery,
): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  const where = searchWhere(scope, query, params);
  return {
    sql: `SELECT count(*)::int AS total FROM record r WHERE ${where}`,
    values: params.values,
  };
}
