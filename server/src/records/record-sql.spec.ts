import type { PropertyDefinition, PropertyType } from 'src/object-definitions/definition.types';
import type { PropertyFilter, RecordListQuery } from './record-list-query';
import {
  filterCondition,
  jsonKey,
  listConditions,
  pageQuery,
  prefixQuery,
  RANK_WINDOW,
  searchCondition,
  sortExpression,
  SqlParams,
  typedValue,
} from './record-sql';

const INJECTION = "x'; DROP TABLE record; --";

function prop(name: string, type: PropertyType): PropertyDefinition {
  return { name, type, label: name };
}

function condition(
  property: PropertyDefinition,
  operator: PropertyFilter['operator'],
  values: unknown[],
) {
  const params = new SqlParams();
  const sql = filterCondition({ property, operator, values }, params);
  return { sql, params: params.values };
}

describe(SqlParams.name, () => {
  it('numbers placeholders in the order values are added', () => {
    const params = new SqlParams();
    expect([params.add('a'), params.add(2), params.add(null)]).toEqual(['$1', '$2', '$3']);
    expect(params.values).toEqual(['a', 2, null]);
  });
});

describe(jsonKey.name, () => {
  it('quotes an identifier as a SQL string literal', () => {
    expect(jsonKey(prop('close_date', 'date'))).toBe("'close_date'");
  });

  it.each([INJECTION, "a'b", 'Amount', '1st', 'a-b', 'a b', '', 'a'.repeat(64), 'a;b'])(
    'refuses the property name %j',
    (name) => {
      expect(() => jsonKey(prop(name, 'text'))).toThrow(
        'refusing a property name that is not an identifier',
      );
    },
  );

  it('guards every SQL builder that embeds a property name', () => {
    const evil = prop(INJECTION, 'text');
    const params = new SqlParams();
    expect(() => typedValue(evil)).toThrow();
    expect(() =>
      filterCondition({ property: evil, operator: 'exists', values: [true] }, params),
    ).toThrow();
    expect(() => sortExpression({ kind: 'property', property: evil }, params)).toThrow();
  });
});

describe(typedValue.name, () => {
  it.each<[PropertyType, string]>([
    ['currency', "plinth_number(r.properties->>'p')"],
    ['number', "plinth_number(r.properties->>'p')"],
    ['integer', "plinth_number(r.properties->>'p')"],
    ['percent', "plinth_number(r.properties->>'p')"],
    ['boolean', "left(r.properties->>'p', 64)"],
    ['date', "left(r.properties->>'p', 64)"],
    ['datetime', "plinth_timestamptz(r.properties->>'p')"],
    ['email', "lower(r.properties->>'p')"],
    ['text', "(r.properties->>'p')"],
    ['enumeration', "(r.properties->>'p')"],
    ['phone', "(r.properties->>'p')"],
  ])('reads a %s property as %s', (type, sql) => {
    expect(typedValue(prop('p', type))).toBe(sql);
  });
});

describe(filterCondition.name, () => {
  it('binds a hostile value as a parameter and never writes it into the SQL', () => {
    for (const [type, operator] of [
      ['text', 'eq'],
      ['text', 'in'],
      ['text', 'neq'],
      ['text', 'contains'],
      ['text', 'gt'],
      ['email', 'eq'],
      ['enumeration', 'nin'],
      ['multi_enumeration', 'eq'],
      ['multi_enumeration', 'contains'],
      ['json', 'eq'],
    ] as Array<[PropertyType, PropertyFilter['operator']]>) {
      const { sql, params } = condition(prop('p', type), operator, [INJECTION]);
      expect(sql.toUpperCase()).not.toContain('DROP');
      expect(sql).toMatch(/\$1/);
      // Emails are bound lower-cased.
      expect(JSON.stringify(params).toUpperCase()).toContain('DROP TABLE RECORD');
    }
  });

  it('uses jsonb containment for one text value, so the GIN index applies', () => {
    expect(condition(prop('stage', 'enumeration'), 'eq', ['won'])).toEqual({
      sql: 'r.properties @> $1::jsonb',
      params: ['{"stage":"won"}'],
    });
  });

  it('uses jsonb containment for one boolean value', () => {
    expect(condition(prop('is_closed', 'boolean'), 'eq', [false])).toEqual({
      sql: 'r.properties @> $1::jsonb',
      params: ['{"is_closed":false}'],
    });
  });

  it('looks several text values up by containment, through the GIN index', () => {
    expect(condition(prop('stage', 'enumeration'), 'in', ['won', 'lost'])).toEqual({
      sql: 'r.properties @> ANY($1::jsonb[])',
      params: [['{"stage":"won"}', '{"stage":"lost"}']],
    });
  });

  it('compares currency numerically, whether given as text or number', () => {
    expect(condition(prop('amount', 'currency'), 'eq', ['12.50', 3])).toEqual({
      sql: "plinth_number(r.properties->>'amount') = ANY($1::numeric[])",
      params: [['12.50', '3']],
    });
  });

  it('compares emails ignoring case', () => {
    expect(condition(prop('email', 'email'), 'eq', ['Ops@Example.COM'])).toEqual({
      sql: "lower(r.properties->>'email') = ANY($1::text[])",
      params: [['ops@example.com']],
    });
  });

  it('matches any of several multi_enumeration values by containment of each', () => {
    expect(condition(prop('tags', 'multi_enumeration'), 'in', ['hot', 'cold'])).toEqual({
      sql: 'r.properties @> ANY($1::jsonb[])',
      params: [['{"tags":["hot"]}', '{"tags":["cold"]}']],
    });
  });

  it('compares json values as jsonb', () => {
    expect(condition(prop('details', 'json'), 'eq', [{ a: 1 }])).toEqual({
      sql: "(r.properties->'details') = ANY($1::jsonb[])",
      params: [['{"a":1}']],
    });
  });

  it('keeps records without the property when negating', () => {
    expect(condition(prop('stage', 'enumeration'), 'nin', ['lost']).sql).toBe(
      'NOT COALESCE(r.properties @> $1::jsonb, false)',
    );
  });

  it.each<[PropertyType, PropertyFilter['operator'], unknown, string, unknown]>([
    ['currency', 'gte', '10.50', "plinth_number(r.properties->>'p') >= $1::numeric", '10.50'],
    ['number', 'gt', 2.5, "plinth_number(r.properties->>'p') > $1::numeric", '2.5'],
    // ISO dates compare as their text, which orders chronologically.
    ['date', 'lt', '2026-03-01', "left(r.properties->>'p', 64) < $1::text", '2026-03-01'],
    [
      'datetime',
      'lte',
      '2026-03-01T10:00:00Z',
      "plinth_timestamptz(r.properties->>'p') <= $1::timestamptz",
      '2026-03-01T10:00:00Z',
    ],
    ['text', 'gt', 'm', "(r.properties->>'p') > $1::text", 'm'],
    ['email', 'gte', 'M@X.COM', "lower(r.properties->>'p') >= $1::text", 'm@x.com'],
  ])(
    'compares a %s property with %s using its typed cast, and nothing else',
    (type, operator, value, sql, bound) => {
      // The planner proves the runtime index's `IS NOT NULL` predicate from the comparison; an
      // extra "has the property" condition would only skew its row estimates.
      expect(condition(prop('p', type), operator, [value])).toEqual({
        sql,
        params: [bound],
      });
    },
  );

  it('escapes LIKE wildcards in contains', () => {
    expect(condition(prop('name', 'text'), 'contains', ['50%_off\\'])).toEqual({
      sql: "(r.properties->>'name') ILIKE $1",
      params: ['%50\\%\\_off\\\\%'],
    });
  });

  it('tests a multi_enumeration for one value by containment', () => {
    expect(condition(prop('tags', 'multi_enumeration'), 'contains', ['hot'])).toEqual({
      sql: 'r.properties @> $1::jsonb',
      params: ['{"tags":["hot"]}'],
    });
  });

  it.each<[boolean, string]>([
    [true, "r.properties ? 'close_date'"],
    [false, "NOT (r.properties ? 'close_date')"],
  ])('tests existence %s without parameters', (exists, sql) => {
    expect(condition(prop('close_date', 'date'), 'exists', [exists])).toEqual({ sql, params: [] });
  });
});

/** The prefix query of the words bound at `$n` (never parsed as tsquery text itself). */
function prefixTsQuery(n: number): string {
  return `to_tsquery('simple', coalesce(replace(nullif(strip(to_tsvector('simple', plinth_unaccent($${n})))::text, ''), ' ', ':* & ') || ':*', ''))`;
}

describe(prefixQuery.name, () => {
  it.each<[string, string]>([
    ['acme', 'acme'],
    ['Acme  Corp', 'acme corp'],
    ['corp acme corp', 'corp acme'],
    ['Crème Brûlée', 'crème brûlée'],
    ['ops@example.com', 'ops example com'],
    ['50%_off', '50 off'],
    [INJECTION, 'x drop table record'],
    ['a & b | !c', 'a b c'],
    ['foo:*', 'foo'],
    ['ʻokina', 'ʻokina'],
    ["%_'():*&|!\\", ''],
    ['', ''],
  ])('turns %j into the words %j, letters and digits only', (q, expected) => {
    expect(prefixQuery(q)).toBe(expected);
  });

  it('keeps at most 32 words', () => {
    const q = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(prefixQuery(q).split(' ')).toHaveLength(32);
  });
});

describe(searchCondition.name, () => {
  it('matches the stored search vector against one bound prefix query', () => {
    const params = new SqlParams();
    const sql = searchCondition(`100% ${INJECTION}`, params);
    expect(sql).toBe(`r.search_vector @@ ${prefixTsQuery(1)}`);
    expect(params.values).toEqual(['100 x drop table record']);
    expect(sql.toUpperCase()).not.toContain('DROP');
  });

  it('matches nothing, binding nothing, when q has no words', () => {
    const params = new SqlParams();
    expect(searchCondition("%_ '; --", params)).toBe('false');
    expect(params.values).toEqual([]);
  });
});

describe(sortExpression.name, () => {
  it.each<[Parameters<typeof sortExpression>[0], string]>([
    [{ kind: 'field', field: 'created_at' }, 'r.created_at'],
    [
      { kind: 'property', property: prop('amount', 'currency') },
      "plinth_number(r.properties->>'amount')",
    ],
    [
      { kind: 'property', property: prop('close_date', 'date') },
      "left(r.properties->>'close_date', 64)",
    ],
    [
      { kind: 'property', property: prop('closed_at', 'datetime') },
      "plinth_timestamptz(r.properties->>'closed_at')",
    ],
    [
      { kind: 'property', property: prop('name', 'text') },
      "left(lower(r.properties->>'name'), 200)",
    ],
    [
      { kind: 'property', property: prop('email', 'email') },
      "left(lower(r.properties->>'email'), 200)",
    ],
    [{ kind: 'property', property: prop('tags', 'multi_enumeration') }, "(r.properties->'tags')"],
    [{ kind: 'property', property: prop('details', 'json') }, "(r.properties->'details')"],
  ])('sorts %j by %s without parameters', (target, sql) => {
    const params = new SqlParams();
    expect(sortExpression(target, params)).toBe(sql);
    expect(params.values).toEqual([]);
  });

  it('ranks a search by ts_rank with its query bound', () => {
    const params = new SqlParams();
    expect(sortExpression({ kind: 'rank', q: `Acme ${INJECTION}` }, params)).toBe(
      `ts_rank(r.search_vector, ${prefixTsQuery(1)})`,
    );
    expect(params.values).toEqual(['acme x drop table record']);
  });
});

describe(listConditions.name, () => {
  it('always scopes to the organization, the object and live records, all bound', () => {
    const params = new SqlParams();
    const query: RecordListQuery = {
      filters: [],
      links: [],
      related: [],
      sort: { target: { kind: 'field', field: 'created_at' }, order: 'DESC' },
      offset: 0,
      limit: 25,
    };
    expect(listConditions({ organizationId: 'org-1', definitionId: 'def-1' }, query, params)).toBe(
      'r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL',
    );
    expect(params.values).toEqual(['org-1', 'def-1']);
  });

  it('adds ids, filters and search after the scope, numbering parameters in order', () => {
    const params = new SqlParams();
    const name = prop('name', 'text');
    const query: RecordListQuery = {
      ids: ['3f2b8c1e-9d4a-4c7b-8e1f-0a2b3c4d5e6f'],
      links: [],
      related: [],
      filters: [
        { property: name, operator: 'eq', values: [INJECTION] },
        { property: prop('amount', 'currency'), operator: 'gte', values: ['10'] },
      ],
      q: 'acme',
      sort: { target: { kind: 'field', field: 'created_at' }, order: 'DESC' },
      offset: 0,
      limit: 25,
    };
    const sql = listConditions({ organizationId: 'org-1', definitionId: 'def-1' }, query, params);
    expect(sql).toBe(
      [
        'r.organization_id = $1',
        'r.object_definition_id = $2',
        'r.archived_at IS NULL',
        'r.id = ANY($3::uuid[])',
        'r.properties @> $4::jsonb',
        "plinth_number(r.properties->>'amount') >= $5::numeric",
        `r.search_vector @@ ${prefixTsQuery(6)}`,
      ].join(' AND '),
    );
    expect(params.values).toEqual([
      'org-1',
      'def-1',
      ['3f2b8c1e-9d4a-4c7b-8e1f-0a2b3c4d5e6f'],
      JSON.stringify({ name: INJECTION }),
      '10',
      'acme',
    ]);
    expect(sql).not.toContain('DROP');
  });
});

describe(pageQuery.name, () => {
  const scope = { organizationId: 'org-1', definitionId: 'def-1' };
  const base: RecordListQuery = {
    filters: [],
    links: [],
    related: [],
    sort: { target: { kind: 'field', field: 'created_at' }, order: 'DESC' },
    offset: 0,
    limit: 25,
  };

  it('reads only the page of a property sort, never the rows its offset skips', () => {
    const amount = prop('amount', 'currency');
    const plan = pageQuery(scope, {
      ...base,
      sort: { target: { kind: 'property', property: amount }, order: 'ASC' },
      offset: 5000,
    });
    if (plan.kind !== 'split') {
      throw new Error('expected a split plan');
    }
    expect(plan.valued.sql).toMatch(/LIMIT \$3 OFFSET \$4$/);
    expect(plan.valued.values.slice(2)).toEqual([25, 5000]);
    expect(plan.valuedCount.sql).toMatch(/^SELECT count\(\*\)::int AS total FROM \(SELECT 1 /);
    expect(plan.valuedCount.values.slice(2)).toEqual([5000]);
  });

  it('orders by a record field without NULLS LAST, so the newest-first index serves it', () => {
    const plan = pageQuery(scope, base);
    expect(plan.kind).toBe('single');
    const { sql } = plan.kind === 'single' ? plan.query : { sql: '' };
    expect(sql).toContain('ORDER BY r.created_at DESC, r.id DESC');
    expect(sql).not.toContain('NULLS');
  });

  it('ranks full-text matches among the newest RANK_WINDOW of them', () => {
    const plan = pageQuery(scope, {
      ...base,
      q: 'acme',
      sort: { target: { kind: 'rank', q: 'acme' }, order: 'DESC' },
    });
    const query = plan.kind === 'single' ? plan.query : { sql: '', values: [] };
    expect(query.sql).toMatch(
      /FROM \(SELECT r\.\* FROM record r WHERE .* ORDER BY r\.created_at DESC, r\.id DESC LIMIT \$4\) r\s+ORDER BY ts_rank\(r\.search_vector, .*\) DESC, r\.id DESC/s,
    );
    expect(query.values[3]).toBe(RANK_WINDOW);
    // Each row says how many matches the window holds: the total, when fewer than its size.
    expect(query.sql).toContain('count(*) OVER ()::int AS window_matches');
  });

  it('widens the ranking window for pages deeper than it', () => {
    const plan = pageQuery(scope, {
      ...base,
      q: 'acme',
      sort: { target: { kind: 'rank', q: 'acme' }, order: 'DESC' },
      offset: RANK_WINDOW + 100,
    });
    const query = plan.kind === 'single' ? plan.query : { sql: '', values: [] };
    expect(query.values[3]).toBe(RANK_WINDOW + 125);
  });
});
