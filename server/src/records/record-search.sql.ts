import type { RecordSearchQuery } from './record-search';
import type { KeyType, SearchSortKey } from './record-search-cursor';
import { groupConditions, searchCondition, sortExpression, SqlParams } from './record-sql';
import type { RecordScope } from './records.repository';

const CASTS: Record<KeyType, string> = {
  numeric: 'numeric',
  timestamptz: 'timestamptz',
  text: 'text',
  uuid: 'uuid',
  real: 'real',
};
const COLUMNS = 'r.id, r.properties, r.created_at, r.updated_at, r.version';

/** A sort key with its SQL expression (built once: the planner matches indexes by its text). */
interface BuiltKey extends SearchSortKey {
  expression: string;
}

/** WHERE of a search: the tenant, the object, then any of the filter groups and the query. */
function searchWhere(scope: RecordScope, query: RecordSearchQuery, params: SqlParams): string {
  const conditions = [
    `r.organization_id = ${params.add(scope.organizationId)}`,
    `r.object_definition_id = ${params.add(scope.definitionId)}`,
    'r.archived_at IS NULL',
  ];
  const groups = query.groups.map((group) => {
    const parts = groupConditions(group, params);
    return parts.length > 0 ? `(${parts.join(' AND ')})` : 'true';
  });
  if (groups.length > 0) {
    conditions.push(`(${groups.join(' OR ')})`);
  }
  if (query.q) {
    conditions.push(searchCondition(query.q, params));
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
  const later = afterCondition(rest, restValues, params);
  if (value === null) {
    return `(${key.expression} IS NULL AND ${later})`;
  }
  const at = bound(key, value, params);
  const past = `${key.expression} ${beyond(key)} ${at}${key.isNullable ? ` OR ${key.expression} IS NULL` : ''}`;
  return `(${past} OR (${key.expression} = ${at} AND ${later}))`;
}

function orderBy(keys: readonly BuiltKey[]): string {
  return keys
    .map((key) => `${key.expression} ${key.order}${key.isNullable ? ' NULLS LAST' : ''}`)
    .join(', ');
}

/** One part of a page: its own WHERE extras, its keys in index order. */
function partSql(
  base: string,
  where: string,
  extras: string[],
  keys: readonly BuiltKey[],
  limit: string,
): string {
  return `SELECT ${base} FROM record r WHERE ${[where, ...extras].join(' AND ')}
    ORDER BY ${orderBy(keys)} LIMIT ${limit}`;
}

/**
 * The SQL of one search page: `limit + 1` rows (the extra one tells there is a next page), each
 * with `sort_keys`, its key values as cursor text. Missing values come last in both directions:
 * when the first key is a property, the records that have it and those that lack it are read as
 * two parts, each in index order (records.repository.ts `findPage` does the same), and a cursor
 * in the second part skips the first altogether.
 */
export function searchPageQuery(
  scope: RecordScope,
  query: RecordSearchQuery,
): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  const where = searchWhere(scope, query, params);
  const keys: BuiltKey[] = query.keys.map((key) => ({
    ...key,
    expression: sortExpression(key.target, params),
  }));
  const limit = params.add(query.limit + 1);
  const sortKeys = `ARRAY[${keys.map(cursorText).join(', ')}]::text[] AS sort_keys`;
  const [first, ...rest] = keys;
  const after = query.after;
  if (!first?.isNullable) {
    const extras = after ? [afterCondition(keys, after, params)] : [];
    const sql = partSql(`${COLUMNS}, ${sortKeys}`, where, extras, keys, limit);
    return { sql, values: params.values };
  }
  const [firstValue, ...restValues] = after ?? [];
  const missing = `${first.expression} IS NULL`;
  if (after && firstValue === null) {
    const extras = [missing, afterCondition(rest, restValues, params)];
    const sql = partSql(`${COLUMNS}, ${sortKeys}`, where, extras, rest, limit);
    return { sql, values: params.values };
  }
  const present = [{ ...first, isNullable: false }, ...rest];
  const outputs = keys.map((key, index) => `${key.expression} AS s${index}`).join(', ');
  const valued = [
    `${first.expression} IS NOT NULL`,
    ...(after ? [afterCondition(present, after, params)] : []),
  ];
  const outerOrder = keys
    .map(
      (key, index) => `s${index} ${key.order}${index > 0 && key.isNullable ? ' NULLS LAST' : ''}`,
    )
    .join(', ');
  const sql = `SELECT id, properties, created_at, updated_at, version, sort_keys FROM (
      (${partSql(`${COLUMNS}, ${sortKeys}, 0 AS part, ${outputs}`, where, valued, present, limit)})
      UNION ALL
      (${partSql(`${COLUMNS}, ${sortKeys}, 1 AS part, ${outputs}`, where, [missing], rest, limit)})
    ) page ORDER BY part, ${outerOrder} LIMIT ${limit}`;
  return { sql, values: params.values };
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
