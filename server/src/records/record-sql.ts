import type { LinkColumn } from 'src/association-definitions/link-side';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import {
  COMPARISON_CASTS as CASTS,
  hasPropertyCondition,
  jsonKey,
  kindOf,
  orderExpression,
  valueExpression,
} from 'src/object-definitions/property-expressions';
import { PROPERTY_TYPE_SPECS } from 'src/object-definitions/property-types';
import type {
  ColumnFilter,
  FieldFilter,
  FilterGroup,
  LinkFilter,
  PropertyFilter,
  RecordListQuery,
  RelatedFilter,
  SortTarget,
} from './record-list-query';

export { jsonKey } from 'src/object-definitions/property-expressions';

/** What a read reaches: the organization's records of one object, and maybe one owner's only. */
export interface ReadScope {
  organizationId: string;
  definitionId: string;
  ownerId?: string | null;
  /** The recycle bin: only archived records (true), either (`any`: purges), else live ones. */
  archived?: boolean | 'any';
}

/** Live records, or the recycle bin's: the partial indexes' predicates (README, "Recycle bin"). */
export function archivedCondition(archived: ReadScope['archived'], alias = 'r'): string[] {
  if (archived === 'any') {
    return [];
  }
  // A merge's tombstone is archived too, but it is no deleted record: never in the recycle bin.
  return archived === true
    ? [`${alias}.archived_at IS NOT NULL`, `${alias}.merged_into IS NULL`]
    : [`${alias}.archived_at IS NULL`];
}

/** Collects bound parameters; `add` returns its placeholder. Values never enter SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The property's value for comparisons (see property-expressions.ts). */
export function typedValue(property: PropertyDefinition, alias = 'r'): string {
  return valueExpression(property, alias);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** `{"<name>": value}`: what `properties @> …` looks for (the name is the definition's). */
function containing(property: PropertyDefinition, value: unknown): string {
  return JSON.stringify({ [property.name]: value });
}

function anyOf(filter: PropertyFilter, params: SqlParams, alias: string): string {
  const { property, values } = filter;
  const key = jsonKey(property);
  const kind = kindOf(property);
  if (kind === 'array') {
    // Containment of any one value: the GIN index on properties (jsonb_path_ops) serves `@>`.
    return `${alias}.properties @> ANY(${params.add(values.map((v) => containing(property, [String(v)])))}::jsonb[])`;
  }
  if (kind === 'json') {
    return `(${alias}.properties->${key}) = ANY(${params.add(values.map((v) => JSON.stringify(v)))}::jsonb[])`;
  }
  if (PROPERTY_TYPE_SPECS[property.type].isCaseInsensitive) {
    return `${typedValue(property, alias)} = ANY(${params.add(values.map((v) => String(v).toLowerCase()))}::text[])`;
  }
  if (kind === 'text' || kind === 'boolean') {
    // Containment can use the GIN index on properties.
    return values.length === 1
      ? `${alias}.properties @> ${params.add(containing(property, values[0]))}::jsonb`
      : `${alias}.properties @> ANY(${params.add(values.map((v) => containing(property, v)))}::jsonb[])`;
  }
  const cast = CASTS[kind] ?? 'text';
  return `${typedValue(property, alias)} = ANY(${params.add(values.map(String))}::${cast}[])`;
}

const COMPARISONS: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function filterCondition(filter: PropertyFilter, params: SqlParams, alias = 'r'): string {
  const condition = positiveCondition(filter, params, alias);
  return filter.isNegated ? `NOT COALESCE(${condition}, false)` : condition;
}

function positiveCondition(filter: PropertyFilter, params: SqlParams, alias: string): string {
  const { property, operator, values } = filter;
  const key = jsonKey(property);
  switch (operator) {
    case 'eq':
    case 'in':
      return anyOf(filter, params, alias);
    case 'neq':
    case 'nin':
      return `NOT COALESCE(${anyOf(filter, params, alias)}, false)`;
    case 'exists':
      return values[0] === true
        ? `${alias}.properties ? ${key}`
        : `NOT (${alias}.properties ? ${key})`;
    case 'all':
      return `${alias}.properties @> ${params.add(containing(property, values.map(String)))}::jsonb`;
    case 'contains':
      if (kindOf(property) === 'array') {
        return `${alias}.properties @> ${params.add(containing(property, [String(values[0])]))}::jsonb`;
      }
      return `(${alias}.properties->>${key}) ILIKE ${params.add(`%${escapeLike(String(values[0]))}%`)}`;
    case 'token': {
      // The one property's words, split and folded like `q`'s (accents and case ignored).
      const query = tokenTsQuery(String(values[0]), params);
      return query === undefined
        ? 'false'
        : `(${hasPropertyCondition(property, alias)} AND to_tsvector('simple', plinth_unaccent(${alias}.properties->>${key})) @@ (${query}))`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const cast = CASTS[kindOf(property)] ?? 'text';
      const value = PROPERTY_TYPE_SPECS[property.type].isCaseInsensitive
        ? String(values[0]).toLowerCase()
        : String(values[0]);
      // A comparison holds only for a value: the planner proves the runtime index's predicate
      // (`<expression> IS NOT NULL`) from it, with no extra condition to skew its estimates.
      return `${typedValue(property, alias)} ${COMPARISONS[operator]} ${params.add(value)}::${cast}`;
    }
  }
}

/**
 * The words of a search (`Acme  corp acme` → `acme corp`): letters and digits only, at most 32,
 * each once. Empty when there are none. `wordsQuery` turns them into a tsquery.
 */
export function prefixQuery(q: string): string {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, 32).join(' ');
}

/**
 * CONTAINS_TOKEN's words: those to match as whole words, and those ending in `*` to match as the
 * start of a word (`acme corp*` → whole `acme`, prefix `corp`). Letters and digits only.
 */
export function tokenQuery(value: string): { whole: string; prefix: string } {
  const tokens = [...new Set(value.toLowerCase().match(/[\p{L}\p{N}]+\*?/gu) ?? [])].slice(0, 32);
  const whole = tokens.filter((token) => !token.endsWith('*'));
  const prefix = tokens.filter((token) => token.endsWith('*')).map((token) => token.slice(0, -1));
  return { whole: whole.join(' '), prefix: prefix.join(' ') };
}

/**
 * Words (letters and digits) as a tsquery of every one of them, whole or as prefixes. The text
 * is never parsed as a query: `unaccent` can turn a letter into query syntax (`ʻ` → `'`, `⑴` →
 * `(1)`), so the words are unaccented and split by the parser indexed text goes through, and the
 * lexemes come back quoted by the tsvector's own output. Stays an immutable expression of the
 * bound value, so the planner sees the query it estimates.
 */
function wordsQuery(words: string, isPrefix: boolean, params: SqlParams): string {
  const lexemes = `nullif(strip(to_tsvector('simple', plinth_unaccent(${params.add(words)})))::text, '')`;
  const query = isPrefix
    ? `replace(${lexemes}, ' ', ':* & ') || ':*'`
    : `replace(${lexemes}, ' ', ' & ')`;
  return `to_tsquery('simple', coalesce(${query}, ''))`;
}

function tokenTsQuery(value: string, params: SqlParams): string | undefined {
  const { whole, prefix } = tokenQuery(value);
  const parts = [
    ...(whole === '' ? [] : [wordsQuery(whole, false, params)]),
    ...(prefix === '' ? [] : [wordsQuery(prefix, true, params)]),
  ];
  return parts.length === 0 ? undefined : parts.join(' && ');
}

/** The full-text query of `q`, accents ignored like the indexed text. */
export function tsQuery(q: string, params: SqlParams): string {
  return wordsQuery(prefixQuery(q), true, params);
}

/**
 * `q`: full-text over the display name and text properties: every word, as a prefix, in any order.
 * `vector` replaces the stored vector when the caller's role hides properties (visibleSearchVector).
 */
export function searchCondition(q: string, params: SqlParams, vector = 'r.search_vector'): string {
  return prefixQuery(q) === '' ? 'false' : `${vector} @@ ${tsQuery(q, params)}`;
}

/**
 * The full-text vector of what the caller may see, computed per row: the stored one also holds
 * the values of properties its role hides, which `q` must not match. Only for such a role (rare):
 * no index serves it, so it costs a scan of the object's records; every other caller keeps the
 * indexed `search_vector`. Mirrors record-search-text.ts `searchText` over the visible properties.
 */
export function visibleSearchVector(
  properties: readonly PropertyDefinition[],
  displayProperty: PropertyDefinition | undefined,
): string {
  const parts: string[] = [];
  if (displayProperty) {
    parts.push(`(r.properties->>${jsonKey(displayProperty)})`);
  }
  for (const property of properties.filter((p) => PROPERTY_TYPE_SPECS[p.type].isSearchable)) {
    const text = `(CASE WHEN jsonb_typeof(r.properties->${jsonKey(property)}) = 'string' THEN r.properties->>${jsonKey(property)} END)`;
    parts.push(text, `regexp_replace(${text}, '[^[:alnum:]]+', ' ', 'g')`);
  }
  const text = parts.length === 0 ? `''` : `concat_ws(' ', ${parts.join(', ')})`;
  return `to_tsvector('simple', plinth_unaccent(${text}))`;
}

export function sortExpression(target: SortTarget, params: SqlParams): string {
  if (target.kind === 'rank') {
    return `ts_rank(${target.vector ?? 'r.search_vector'}, ${tsQuery(target.q, params)})`;
  }
  if (target.kind === 'field') {
    return `r.${target.field}`;
  }
  return orderExpression(target.property, 'r');
}

const OTHER: Record<LinkColumn, LinkColumn> = { from: 'to', to: 'from' };

/**
 * A link and its other record are read in the listed record's organization: the keys of
 * `association` and `record` lead with it, and a statement naming it on every table is one that a
 * database distributed by organization routes to one node (docs/scaling.md).
 */
const LINKED_IN_ORGANIZATION = 'a.organization_id = r.organization_id';
const OTHER_IN_ORGANIZATION = 'o.organization_id = a.organization_id';

function linkColumns(column: LinkColumn): { self: string; other: string } {
  // The two names are literals picked here, never input.
  return { self: `a.${column}_record_id`, other: `a.${OTHER[column]}_record_id` };
}

/**
 * The links of one record on one side whose other record is live (one in the recycle bin keeps
 * its link, not shown), oldest first: `other_id`, `created_at` and `id` of at most `limit`. The
 * arguments are SQL the caller wrote (parameters, columns), never values; `leading` adds columns
 * before those. Without `limit`, every link, in no order (`type` may then be `ANY(…)`). A read by
 * id, the links of a page and an export's reference fields all read links this way.
 */
export function liveLinksSql(link: {
  column: LinkColumn;
  type: string;
  organization: string;
  record: string;
  limit?: string;
  leading?: string;
}): string {
  const { self, other } = linkColumns(link.column);
  return `SELECT ${link.leading ? `${link.leading}, ` : ''}${other} AS other_id, a.created_at, a.id
            FROM association a
            JOIN record o ON ${OTHER_IN_ORGANIZATION} AND o.id = ${other} AND o.archived_at IS NULL
           WHERE a.organization_id = ${link.organization}
             AND a.association_type = ${link.type} AND ${self} = ${link.record}${
               link.limit ? `\n           ORDER BY a.created_at, a.id LIMIT ${link.limit}` : ''
             }`;
}

/** The association types a links read asks for, by the column the read record is on. */
export interface LinkTypes {
  from: string[];
  to: string[];
}

/**
 * The links of some records on each side, at most `limit` per record and side, oldest first
 * within a side: `association_type`, `self_column`, `self_id`, `other_id`, `created_at`, `id`,
 * whose order by (`self_id`, `self_column`, `association_type`, `created_at`, `id`) is the one
 * the window sorted them in. `record` is what `self` equals: one id (`$3::uuid`) or
 * `ANY($2::uuid[])`.
 *
 * One branch per column reads every side of that column at once (`association_type = ANY(…)`,
 * a LinkTypes' two arrays as the `fromTypes` and `toTypes` parameters), and `row_number`
 * keeps each side's first `limit`. A branch per side and record cost a sort (and its set-up)
 * each: a page of 100 deals with 5 sides took 6.5 ms of PostgreSQL's CPU, and planning its arrays
 * anew each time; this one takes 3.4 ms with a plan made once (the text is the same whatever the
 * object, so it is prepared). A record with 20,000 links on a side costs what it did (~72 ms:
 * every link is read either way, to order them). The arguments are SQL, never values.
 */
export function recordLinksSql(at: {
  organization: string;
  record: string;
  limit: string;
  fromTypes: string;
  toTypes: string;
}): string {
  const branch = (column: LinkColumn, types: string): string =>
    liveLinksSql({
      column,
      type: `ANY(${types}::text[])`,
      organization: at.organization,
      record: at.record,
      // The column is one of two literals, never input.
      leading: `a.association_type, '${column}'::text AS self_column, a.${column}_record_id AS self_id`,
    });
  return `SELECT s.association_type, s.self_column, s.self_id, s.other_id, s.created_at, s.id
            FROM (SELECT b.*, row_number() OVER (PARTITION BY b.self_id, b.self_column, b.association_type
                                                 ORDER BY b.created_at, b.id) AS n
                    FROM (${branch('from', at.fromTypes)}
                          UNION ALL ${branch('to', at.toTypes)}) AS b) AS s
           WHERE s.n <= ${at.limit}`;
}

/** Linked (or, negated, not linked) to one of the given records through an association. */
export function linkCondition(link: LinkFilter, params: SqlParams): string {
  const { self, other } = linkColumns(link.selfColumn);
  // Linked to any record: a link to a record of the recycle bin is kept but does not count. With
  // given ids the caller named the records (an association view has checked its record is live).
  const exists = link.otherIds
    ? `EXISTS (SELECT 1 FROM association a WHERE ${LINKED_IN_ORGANIZATION} AND a.association_type = ${params.add(link.associationType)}
    AND ${self} = r.id AND ${other} = ANY(${params.add(link.otherIds)}::uuid[]))`
    : `EXISTS (SELECT 1 FROM association a JOIN record o ON ${OTHER_IN_ORGANIZATION} AND o.id = ${other}
    WHERE ${LINKED_IN_ORGANIZATION} AND a.association_type = ${params.add(link.associationType)} AND ${self} = r.id AND o.archived_at IS NULL)`;
  return link.isNegated ? `NOT ${exists}` : exists;
}

/** Linked to at least one record of the other object that matches the filters (`deals.stage`). */
export function relatedCondition(related: RelatedFilter, params: SqlParams): string {
  const { self, other } = linkColumns(related.selfColumn);
  return `EXISTS (SELECT 1 FROM association a JOIN record o ON ${OTHER_IN_ORGANIZATION} AND o.id = ${other}
    WHERE ${LINKED_IN_ORGANIZATION} AND a.association_type = ${params.add(related.associationType)} AND ${self} = r.id
      AND o.archived_at IS NULL AND ${related.filters.map((filter) => filterCondition(filter, params, 'o')).join(' AND ')})`;
}

/** `owner_id`, `created_by`, `updated_by` equal to one of the values (null: no owner). */
export function fieldCondition(filter: FieldFilter, params: SqlParams): string {
  const column = `r.${filter.field}`;
  const values = filter.values.filter((value): value is string => value !== null);
  const conditions = [
    ...(values.length > 0
      ? [
          `${column} = ANY(${params.add(values)}::${filter.field === 'owner_id' ? 'uuid' : 'text'}[])`,
        ]
      : []),
    ...(values.length < filter.values.length ? [`${column} IS NULL`] : []),
  ];
  const any = conditions.length === 1 ? (conditions[0] as string) : `(${conditions.join(' OR ')})`;
  return filter.isNegated ? `NOT COALESCE(${any}, false)` : any;
}

const COLUMN_COMPARISONS: Record<ColumnFilter['operator'], string> = {
  eq: '= ANY',
  in: '= ANY',
  neq: '<> ALL',
  nin: '<> ALL',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

/** `id`, `created_at` or `updated_at` compared with bound values (the column names are fixed). */
export function columnCondition(filter: ColumnFilter, params: SqlParams): string {
  const type = filter.column === 'id' ? 'uuid' : 'timestamptz';
  const comparison = COLUMN_COMPARISONS[filter.operator];
  return comparison.endsWith('ANY') || comparison.endsWith('ALL')
    ? `r.${filter.column} ${comparison}(${params.add(filter.values)}::${type}[])`
    : `r.${filter.column} ${comparison} ${params.add(filter.values[0])}::${type}`;
}

/** The conditions of a filter group (all must hold): field, property, link and related filters. */
export function groupConditions(group: FilterGroup, params: SqlParams): string[] {
  return [
    ...(group.fields ?? []).map((filter) => fieldCondition(filter, params)),
    ...(group.columns ?? []).map((filter) => columnCondition(filter, params)),
    ...group.filters.map((filter) => filterCondition(filter, params)),
    ...group.links.map((link) => linkCondition(link, params)),
    ...group.related.map((related) => relatedCondition(related, params)),
  ];
}

/** The tenant, the object, and (a read scope `own`) the owner: what every read is narrowed to. */
export function scopeConditions(scope: ReadScope, params: SqlParams): string[] {
  return [
    `r.organization_id = ${params.add(scope.organizationId)}`,
    `r.object_definition_id = ${params.add(scope.definitionId)}`,
    ...archivedCondition(scope.archived),
    ...(scope.ownerId !== undefined ? [`r.owner_id = ${params.add(scope.ownerId)}::uuid`] : []),
  ];
}

/** WHERE of a list: the scope, then ids, filters and search. */
export function listConditions(
  scope: ReadScope,
  query: RecordListQuery,
  params: SqlParams,
): string {
  const conditions = scopeConditions(scope, params);
  if (query.ids) {
    conditions.push(`r.id = ANY(${params.add(query.ids)}::uuid[])`);
  }
  conditions.push(...groupConditions(query, params));
  if (query.q) {
    conditions.push(searchCondition(query.q, params, query.searchVector));
  }
  return conditions.join(' AND ');
}

/** The columns of a record row (records.repository.ts `RecordRow`). */
export const COLUMNS =
  'r.id, r.properties, r.created_at, r.updated_at, r.version, r.owner_id, r.created_by, r.updated_by, r.archived_at, r.archived_by';
const PAGE_COLUMNS = COLUMNS;

/**
 * How many matches full-text ranking considers: the most recent ones. Ranking reads each
 * candidate's vector, so ranking every match of a broad word (tens of thousands at a million
 * records) would cost a read of each; the newest few thousand are found from the
 * `created_at` index and ranked in milliseconds, and deeper pages widen the window.
 */
export const RANK_WINDOW = 1000;

/** How many matches a ranked list page considers: RANK_WINDOW, or more for a deeper page. */
export function rankWindowSize(query: Pick<RecordListQuery, 'offset' | 'limit'>): number {
  return Math.max(RANK_WINDOW, query.offset + query.limit);
}

/** `FROM` the ranked candidates of a full-text search: the newest `size` matches, as `alias`. */
export function rankWindow(
  where: string,
  params: SqlParams,
  size = RANK_WINDOW,
  alias = 'r',
): string {
  return `(SELECT r.* FROM record r WHERE ${where}
      ORDER BY r.created_at DESC, r.id DESC LIMIT ${params.add(size)}) ${alias}`;
}

export interface SqlQuery {
  sql: string;
  values: unknown[];
}

/**
 * The SQL of one list page. Sorted on a property, missing values come last in both directions
 * and runtime indexes hold only records that have the property, so the page is read in two
 * parts: the records with a value (in index order, the page's rows only: skipped rows never
 * reach the server), then, only when those run out, the records without one. `valuedCount`
 * counts, without reading them out, the valued records an empty first part skipped.
 */
export type PagePlan =
  | { kind: 'single'; query: SqlQuery }
  | {
      kind: 'split';
      valued: SqlQuery;
      valuedCount: SqlQuery;
      missing: (skip: number, take: number) => SqlQuery;
    };

export function pageQuery(scope: ReadScope, query: RecordListQuery): PagePlan {
  const { order, target } = query.sort;
  if (target.kind !== 'property') {
    const params = new SqlParams();
    const where = listConditions(scope, query, params);
    // Ranked: the most relevant of the most recent matches (rankWindow), not of every match; each
    // row also says how many matches the window holds (fewer than its size: all of them).
    const isRanked = target.kind === 'rank';
    const source = isRanked
      ? rankWindow(where, params, rankWindowSize(query))
      : `record r WHERE ${where}`;
    const columns = isRanked
      ? `${PAGE_COLUMNS}, count(*) OVER ()::int AS window_matches`
      : PAGE_COLUMNS;
    const sort = sortExpression(target, params);
    // Record fields are NOT NULL: no NULLS LAST, which would keep the planner off their indexes.
    const sql = `SELECT ${columns} FROM ${source}
      ORDER BY ${sort} ${order}, r.id ${order}
      LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
    return { kind: 'single', query: { sql, values: params.values } };
  }
  const valuedParams = new SqlParams();
  const valuedWhere = listConditions(scope, query, valuedParams);
  const sort = sortExpression(target, valuedParams);
  // `<sort> IS NOT NULL` is also the runtime index's predicate: the planner can read it in order.
  const valued = `SELECT ${PAGE_COLUMNS} FROM record r
      WHERE ${valuedWhere} AND ${sort} IS NOT NULL
      ORDER BY ${sort} ${order}, r.id ${order} LIMIT ${valuedParams.add(query.limit)} OFFSET ${valuedParams.add(query.offset)}`;
  const countParams = new SqlParams();
  const countWhere = listConditions(scope, query, countParams);
  const valuedCount = `SELECT count(*)::int AS total FROM (SELECT 1 FROM record r
      WHERE ${countWhere} AND ${sortExpression(target, countParams)} IS NOT NULL LIMIT ${countParams.add(query.offset)}) v`;
  const missing = (skip: number, take: number): SqlQuery => {
    const params = new SqlParams();
    const where = listConditions(scope, query, params);
    const sql = `SELECT ${PAGE_COLUMNS} FROM record r
      WHERE ${where} AND ${sortExpression(target, params)} IS NULL
      ORDER BY r.id ${order} LIMIT ${params.add(take)} OFFSET ${params.add(skip)}`;
    return { sql, values: params.values };
  };
  return {
    kind: 'split',
    valued: { sql: valued, values: valuedParams.values },
    valuedCount: { sql: valuedCount, values: countParams.values },
    missing,
  };
}
