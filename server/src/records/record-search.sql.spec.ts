import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import type { RecordSearchQuery } from './record-search';
import type { SearchSortKey } from './record-search-cursor';
import {
  searchCountQuery,
  type SearchPart,
  searchPartQuery,
  searchParts,
} from './record-search.sql';
import { filterCondition, RANK_WINDOW, SqlParams, tokenQuery } from './record-sql';

const SCOPE = { organizationId: 'org-1', definitionId: 'def-1' };
const ID = '3f2b8c1e-9d4a-4c7b-8e1f-0a2b3c4d5e6f';
const AMOUNT: PropertyDefinition = { name: 'amount', type: 'currency', label: 'Amount' };
const NAME: PropertyDefinition = { name: 'name', type: 'text', label: 'Name' };
const AMOUNT_SQL = "plinth_number(r.properties->>'amount')";
const NAME_SQL = "left(lower(r.properties->>'name'), 200)";

function byProperty(property: PropertyDefinition, order: 'ASC' | 'DESC'): SearchSortKey {
  return {
    target: { kind: 'property', property },
    order,
    isNullable: true,
    keyType: property.type === 'currency' ? 'numeric' : 'text',
  };
}

function byField(field: 'id' | 'created_at', order: 'ASC' | 'DESC'): SearchSortKey {
  return {
    target: { kind: 'field', field },
    order,
    isNullable: false,
    keyType: field === 'id' ? 'uuid' : 'timestamptz',
  };
}

function query(overrides: Partial<RecordSearchQuery>): RecordSearchQuery {
  return {
    groups: [],
    keys: [byField('created_at', 'DESC'), byField('id', 'DESC')],
    limit: 25,
    withTotal: false,
    sortSpec: 'spec',
    ...overrides,
  };
}

/** The SQL of one part, runs of whitespace made one space. */
function sqlOf(
  search: RecordSearchQuery,
  part: SearchPart = 'all',
  limit = 26,
): { sql: string; values: unknown[] } {
  const { sql, values } = searchPartQuery(SCOPE, search, part, limit);
  return { sql: sql.replace(/\s+/g, ' '), values };
}

describe(searchParts.name, () => {
  const byAmount = [byProperty(AMOUNT, 'ASC'), byField('id', 'ASC')];

  it('reads one part when the first key always has a value', () => {
    expect(searchParts(query({}))).toEqual(['all']);
  });

  it('reads the records with the value, then those without; a cursor among the latter skips the former', () => {
    expect(searchParts(query({ keys: byAmount }))).toEqual(['valued', 'missing']);
    expect(searchParts(query({ keys: byAmount, after: ['5', ID] }))).toEqual(['valued', 'missing']);
    expect(searchParts(query({ keys: byAmount, after: [null, ID] }))).toEqual(['missing']);
  });
});

describe(searchPartQuery.name, () => {
  it('reads a page in one index order, with the key values as cursor text', () => {
    const { sql, values } = sqlOf(query({}));
    expect(sql).toBe(
      `SELECT r.id, r.properties, r.created_at, r.updated_at, r.version, r.owner_id, r.created_by, r.updated_by, r.archived_at, r.archived_by, ARRAY[to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), (r.id)::text]::text[] AS sort_keys FROM record r WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL ORDER BY r.created_at DESC, r.id DESC LIMIT $3`,
    );
    expect(values).toEqual(['org-1', 'def-1', 26]);
  });

  it('seeks past the cursor with one row comparison an index can use', () => {
    const { sql, values } = sqlOf(query({ after: ['2026-03-01T10:00:00.123456Z', ID] }));
    expect(sql).toContain('AND (r.created_at, r.id) < ($3::timestamptz, $4::uuid) ORDER BY');
    expect(values.slice(2)).toEqual(['2026-03-01T10:00:00.123456Z', ID, 26]);
  });

  it('reads the records with the value in the order of the partial index on them', () => {
    const { sql } = sqlOf(
      query({ keys: [byProperty(AMOUNT, 'DESC'), byField('id', 'DESC')], after: ['12.50', ID] }),
      'valued',
    );
    expect(sql).toContain(
      `r.archived_at IS NULL AND ${AMOUNT_SQL} IS NOT NULL AND (${AMOUNT_SQL}, r.id) < ($3::numeric, $4::uuid) ORDER BY ${AMOUNT_SQL} DESC, r.id DESC LIMIT $5`,
    );
  });

  it('reads all records without the value after a cursor among the valued ones', () => {
    const keys = [byProperty(AMOUNT, 'ASC'), byField('id', 'ASC')];
    const { sql, values } = sqlOf(query({ keys, after: ['12.50', ID] }), 'missing', 7);
    expect(sql).toContain(
      `r.archived_at IS NULL AND ${AMOUNT_SQL} IS NULL ORDER BY r.id ASC LIMIT $3`,
    );
    expect(values).toEqual(['org-1', 'def-1', 7]);
  });

  it('continues among the records without the value from a cursor there', () => {
    const keys = [byProperty(AMOUNT, 'ASC'), byField('id', 'ASC')];
    const { sql } = sqlOf(query({ keys, after: [null, ID] }), 'missing');
    expect(sql).toContain(`AND ${AMOUNT_SQL} IS NULL AND (r.id) > ($3::uuid) ORDER BY r.id ASC`);
  });

  it('compares key by key when directions differ or later keys may be missing', () => {
    const keys = [byProperty(AMOUNT, 'DESC'), byProperty(NAME, 'ASC'), byField('id', 'ASC')];
    const { sql } = sqlOf(query({ keys, after: ['5', 'acme', ID] }), 'valued');
    expect(sql).toContain(
      `AND (${AMOUNT_SQL} <= $3::numeric AND (${AMOUNT_SQL} < $3::numeric OR (${AMOUNT_SQL} = $3::numeric AND (${NAME_SQL} > $4::text OR ${NAME_SQL} IS NULL OR (${NAME_SQL} = $4::text AND (r.id) > ($5::uuid)))))) ORDER BY`,
    );
    expect(sql).toContain(`ORDER BY ${AMOUNT_SQL} DESC, ${NAME_SQL} ASC NULLS LAST, r.id ASC`);
    const missing = sqlOf(query({ keys, after: ['5', null, ID] }), 'valued');
    expect(missing.sql).toContain(
      `(${AMOUNT_SQL} = $3::numeric AND (${NAME_SQL} IS NULL AND (r.id) > ($4::uuid)))`,
    );
  });

  it('ORs the filter groups and ANDs the filters inside each, all values bound', () => {
    const { sql, values } = sqlOf(
      query({
        groups: [
          {
            filters: [
              { property: NAME, operator: 'eq', values: ["x'; DROP TABLE record; --"] },
              { property: AMOUNT, operator: 'gt', values: ['5'] },
            ],
            links: [],
            related: [],
          },
          {
            filters: [{ property: AMOUNT, operator: 'exists', values: [false] }],
            links: [],
            related: [],
          },
        ],
        q: 'acme',
      }),
    );
    expect(sql).toMatch(/AND \(\(.+ AND .+\) OR \(.+\)\) AND r\.search_vector @@/);
    expect(sql).not.toContain('DROP TABLE');
    expect(values).toContain(JSON.stringify({ name: "x'; DROP TABLE record; --" }));
  });

  const RANK_KEY: SearchSortKey = {
    target: { kind: 'rank', q: 'acme corp' },
    order: 'DESC',
    isNullable: true,
    keyType: 'real',
  };

  it('ranks the newest matches, the query bound, after the cursor', () => {
    const { sql, values } = sqlOf(
      query({ q: 'acme corp', keys: [RANK_KEY, byField('id', 'DESC')], after: ['0.5', ID] }),
      'valued',
    );
    expect(sql).toContain(
      `(ts_rank(r.search_vector, to_tsquery('simple', coalesce(replace(nullif(strip(to_tsvector('simple', plinth_unaccent($4)))::text, ''), ' ', ':* & ') || ':*', ''))), r.id) < ($6::real, $7::uuid)`,
    );
    expect(values).toContain('acme corp');
    // Ranked among the newest matches, not every match.
    expect(sql).toContain('ORDER BY r.created_at DESC, r.id DESC LIMIT $5) r');
    expect(values[4]).toBe(RANK_WINDOW);
  });

  it('follows the ranked matches with the older ones, unranked, by id', () => {
    const { sql } = sqlOf(
      query({ q: 'acme corp', keys: [RANK_KEY, byField('id', 'DESC')], after: ['0.5', ID] }),
      'missing',
    );
    // Older than the oldest of the window; a cursor among the ranked ones starts them all.
    expect(sql).toContain('(r.created_at, r.id) < (SELECT w.created_at, w.id FROM (SELECT r.*');
    expect(sql).toContain('ORDER BY w.created_at, w.id LIMIT 1)');
    expect(sql).toMatch(/ARRAY\[NULL, \(r\.id\)::text\]/);
    expect(sql).toMatch(/ORDER BY r\.id DESC LIMIT \$\d+$/);
    expect(sql).not.toContain('< ($');
  });

  it('continues the older matches from a cursor among them', () => {
    const { sql } = sqlOf(
      query({ q: 'acme corp', keys: [RANK_KEY, byField('id', 'DESC')], after: [null, ID] }),
      'missing',
    );
    expect(sql).toMatch(/\(r\.id\) < \(\$\d+::uuid\)/);
  });
});

describe(searchCountQuery.name, () => {
  it('counts what the search matches, whatever the page', () => {
    const { sql, values } = searchCountQuery(SCOPE, query({ after: ['x', ID], limit: 5 }));
    expect(sql).toBe(
      'SELECT count(*)::int AS total FROM record r WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL',
    );
    expect(values).toEqual(['org-1', 'def-1']);
  });
});

describe(tokenQuery.name, () => {
  it.each([
    ['acme', { whole: 'acme', prefix: '' }],
    ['Acme  CORP', { whole: 'acme corp', prefix: '' }],
    ['acm*', { whole: '', prefix: 'acm' }],
    ['acme corp*', { whole: 'acme', prefix: 'corp' }],
    ["x'; DROP TABLE record; --", { whole: 'x drop table record', prefix: '' }],
    ['a:* | !b', { whole: 'a b', prefix: '' }],
    ['***', { whole: '', prefix: '' }],
  ])('turns %j into %j', (value, expected) => {
    expect(tokenQuery(value)).toEqual(expected);
  });

  it('is what the token filter binds, on the one property', () => {
    const params = new SqlParams();
    const sql = filterCondition(
      { property: NAME, operator: 'token', values: ['Acme corp*'] },
      params,
    );
    expect(sql).toBe(
      "(r.properties ? 'name' AND to_tsvector('simple', plinth_unaccent(r.properties->>'name')) @@ (to_tsquery('simple', coalesce(replace(nullif(strip(to_tsvector('simple', plinth_unaccent($1)))::text, ''), ' ', ' & '), '')) && to_tsquery('simple', coalesce(replace(nullif(strip(to_tsvector('simple', plinth_unaccent($2)))::text, ''), ' ', ':* & ') || ':*', ''))))",
    );
    expect(params.values).toEqual(['acme', 'corp']);
  });

  it('matches nothing when the value has no words', () => {
    const params = new SqlParams();
    expect(filterCondition({ property: NAME, operator: 'token', values: ['*'] }, params)).toBe(
      'false',
    );
    expect(params.values).toEqual([]);
  });
});
