import { RANK_WINDOW } from 'src/records/record-sql';
import type { Response, Test } from 'supertest';
import { errorBodyMatcher, UNKNOWN_ID } from '../support/factories';
import { createRecords, type WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const INJECTION = "'; DROP TABLE record; --";

interface SearchBody {
  results: WireRecord[];
  paging: { next?: { after: string } };
  total?: number;
}

describe('POST /api/objects/:object/search', () => {
  let testApp: TestApp;
  let org: TestOrganization;
  let acme: WireRecord;
  let globex: WireRecord;

  function search(body: unknown, object = 'deal', organization = org): Test {
    return testApp
      .http()
      .post(`/api/objects/${object}/search`)
      .set(organization.headers)
      .send(body as object);
  }

  /** The names a search finds, sorted (the order is checked where it matters). */
  async function names(filterGroups: unknown[], extra: Record<string, unknown> = {}) {
    const response = await search({ filter_groups: filterGroups, with_total: true, ...extra });
    expect(response.status).toBe(200);
    const body = response.body as SearchBody;
    expect(body.total).toBe(body.results.length);
    return body.results.map((record) => String(record.name)).sort();
  }

  const one = (property: string, operator: string, operands: Record<string, unknown> = {}) => [
    { filters: [{ property, operator, ...operands }] },
  ];

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
    const companies = await createRecords(testApp, org, 'company', [
      { name: 'Acme Corp', employee_count: 500 },
      { name: 'Globex Inc', employee_count: 20 },
    ]);
    [acme, globex] = companies as [WireRecord, WireRecord];
    const [ada] = await createRecords(testApp, org, 'person', [
      { email: 'ada@example.com', first_name: 'Ada' },
      { email: 'bob@example.com', first_name: 'Bob' },
    ]);
    const [renewal] = await createRecords(testApp, org, 'deal', [
      {
        name: 'Acme renewal',
        stage: 'won',
        amount: '1000.00',
        close_date: '2026-03-01',
        probability: 100,
        closed_at: '2026-03-01T10:00:00Z',
        description: 'Renewal of the Acme contract',
        next_step: 'Call Zoë',
        company_id: acme.id,
      },
      {
        name: 'Beta pilot',
        stage: 'lost',
        amount: 250,
        close_date: '2026-01-15',
        probability: 0,
        lost_reason: 'price',
        // Not stamped on entering lost: this fixture's only closed_at is Acme's.
        closed_at: null,
        description: 'Pilot for beta-testers',
      },
      {
        name: 'Gamma expansion',
        stage: 'won',
        amount: '4999.99',
        close_date: '2026-06-30',
        closed_at: null,
        probability: 90,
        description: 'An ACME subsidiary expansion',
        company_id: globex.id,
      },
      { name: 'Delta trial', stage: 'lead' },
      {
        name: 'Epsilon deal',
        stage: 'proposal',
        amount: 5000,
        close_date: '2026-12-31',
        company_id: acme.id,
      },
    ]);
    await testApp
      .http()
      .put(`/api/objects/deal/${renewal?.id}/associations/contacts/${ada?.id}`)
      .set(org.headers)
      .expect(200);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('operators', () => {
    it.each([
      ['EQ', 'stage', { value: 'won' }, ['Acme renewal', 'Gamma expansion']],
      ['NEQ', 'stage', { value: 'won' }, ['Beta pilot', 'Delta trial', 'Epsilon deal']],
      ['LT', 'amount', { value: 1000 }, ['Beta pilot']],
      ['LTE', 'amount', { value: '1000.00' }, ['Acme renewal', 'Beta pilot']],
      ['GT', 'amount', { value: 1000 }, ['Epsilon deal', 'Gamma expansion']],
      ['GTE', 'amount', { value: 5000 }, ['Epsilon deal']],
      [
        'BETWEEN',
        'amount',
        { value: 1000, high_value: 5000 },
        ['Acme renewal', 'Epsilon deal', 'Gamma expansion'],
      ],
      ['BETWEEN', 'amount', { value: 251, high_value: 999 }, []],
      [
        'IN',
        'stage',
        { values: ['won', 'lost'] },
        ['Acme renewal', 'Beta pilot', 'Gamma expansion'],
      ],
      ['NOT_IN', 'stage', { values: ['won', 'lost'] }, ['Delta trial', 'Epsilon deal']],
      [
        'HAS_PROPERTY',
        'amount',
        {},
        ['Acme renewal', 'Beta pilot', 'Epsilon deal', 'Gamma expansion'],
      ],
      ['NOT_HAS_PROPERTY', 'amount', {}, ['Delta trial']],
      ['LT', 'close_date', { value: '2026-02-01' }, ['Beta pilot']],
      ['GTE', 'closed_at', { value: '2026-03-01T00:00:00Z' }, ['Acme renewal']],
      ['LT', 'closed_at', { value: '2026-03-01T00:00:00Z' }, []],
    ])('%s on %s %j', async (operator, property, operands, expected) => {
      expect(await names(one(property, operator, operands))).toEqual(expected);
    });

    describe('CONTAINS_TOKEN', () => {
      it('finds a whole word, ignoring case', async () => {
        expect(await names(one('description', 'CONTAINS_TOKEN', { value: 'acme' }))).toEqual([
          'Acme renewal',
          'Gamma expansion',
        ]);
      });

      it('does not match part of a word unless the token ends in *', async () => {
        expect(await names(one('description', 'CONTAINS_TOKEN', { value: 'acm' }))).toEqual([]);
        expect(await names(one('description', 'CONTAINS_TOKEN', { value: 'ACM*' }))).toEqual([
          'Acme renewal',
          'Gamma expansion',
        ]);
      });

      it('needs every word of the value, in any order', async () => {
        expect(
          await names(one('description', 'CONTAINS_TOKEN', { value: 'contract renewal' })),
        ).toEqual(['Acme renewal']);
        expect(
          await names(one('description', 'CONTAINS_TOKEN', { value: 'renewal pilot' })),
        ).toEqual([]);
      });

      it('ignores accents and looks only at the one property', async () => {
        expect(await names(one('next_step', 'CONTAINS_TOKEN', { value: 'zoe' }))).toEqual([
          'Acme renewal',
        ]);
        expect(await names(one('name', 'CONTAINS_TOKEN', { value: 'contract' }))).toEqual([]);
      });
    });

    it('ANDs the filters of a group and ORs the groups', async () => {
      const groups = [
        {
          filters: [
            { property: 'stage', operator: 'EQ', value: 'won' },
            { property: 'amount', operator: 'GT', value: 2000 },
          ],
        },
        { filters: [{ property: 'stage', operator: 'EQ', value: 'lost' }] },
      ];
      expect(await names(groups)).toEqual(['Beta pilot', 'Gamma expansion']);
      expect(await names([groups[0]])).toEqual(['Gamma expansion']);
    });

    it('filters through an association with a dotted property, every operator', async () => {
      expect(await names(one('company.name', 'CONTAINS_TOKEN', { value: 'acme' }))).toEqual([
        'Acme renewal',
        'Epsilon deal',
      ]);
      expect(await names(one('company.name', 'EQ', { value: 'Globex Inc' }))).toEqual([
        'Gamma expansion',
      ]);
      expect(
        await names(one('company.employee_count', 'BETWEEN', { value: 10, high_value: 100 })),
      ).toEqual(['Gamma expansion']);
      expect(await names(one('contacts.email', 'EQ', { value: 'ADA@example.com' }))).toEqual([
        'Acme renewal',
      ]);
      expect(await names(one('contacts.email', 'NOT_HAS_PROPERTY'))).toEqual([]);
    });

    it('filters by a reference field: linked to given records, to any, or to none', async () => {
      const acmeId = acme.id;
      expect(await names(one('company_id', 'EQ', { value: acmeId }))).toEqual([
        'Acme renewal',
        'Epsilon deal',
      ]);
      expect(await names(one('company_id', 'IN', { values: [acmeId, globex.id] }))).toEqual([
        'Acme renewal',
        'Epsilon deal',
        'Gamma expansion',
      ]);
      expect(await names(one('company_id', 'NEQ', { value: acmeId }))).toEqual([
        'Beta pilot',
        'Delta trial',
        'Gamma expansion',
      ]);
      expect(await names(one('company_id', 'NOT_HAS_PROPERTY'))).toEqual([
        'Beta pilot',
        'Delta trial',
      ]);
      expect(await names(one('company_id', 'HAS_PROPERTY'))).toHaveLength(3);
    });

    it('treats a value that looks like SQL as a value', async () => {
      expect(await names(one('name', 'EQ', { value: INJECTION }))).toEqual([]);
      expect(await names([], { query: INJECTION })).toEqual([]);
      expect(await names(one('description', 'CONTAINS_TOKEN', { value: INJECTION }))).toEqual([]);
    });
  });

  describe('sorts, query and properties', () => {
    it('sorts by several keys, missing values last', async () => {
      const response = await search({
        sorts: [
          { property: 'stage', direction: 'ASCENDING' },
          { property: 'amount', direction: 'DESCENDING' },
        ],
      }).expect(200);
      expect((response.body as SearchBody).results.map((r) => r.name)).toEqual([
        'Delta trial',
        'Beta pilot',
        'Epsilon deal',
        'Gamma expansion',
        'Acme renewal',
      ]);
      const byProbability = await search({
        sorts: [{ property: 'probability', direction: 'DESCENDING' }],
      }).expect(200);
      expect((byProbability.body as SearchBody).results.map((r) => r.name)).toEqual([
        'Acme renewal',
        'Gamma expansion',
        'Beta pilot',
        expect.any(String),
        expect.any(String),
      ]);
    });

    it('lists newest first by default, and by rank with a query', async () => {
      const newest = await search({}).expect(200);
      expect((newest.body as SearchBody).results.map((r) => r.name)).toEqual([
        'Epsilon deal',
        'Delta trial',
        'Gamma expansion',
        'Beta pilot',
        'Acme renewal',
      ]);
      const ranked = await search({ query: 'acme' }).expect(200);
      expect((ranked.body as SearchBody).results.map((r) => r.name)).toEqual([
        'Acme renewal',
        'Gamma expansion',
      ]);
    });

    it('answers only the asked-for properties, with id, the owner, the actors and the timestamps', async () => {
      const response = await search({
        properties: ['name', 'amount', 'company_id'],
        sorts: [{ property: 'name', direction: 'ASCENDING' }],
      }).expect(200);
      const [first, , third] = (response.body as SearchBody).results;
      expect(Object.keys(first ?? {}).sort()).toEqual(
        [
          'amount',
          'company_id',
          'created_at',
          'id',
          'name',
          'updated_at',
          // Always answered, like id and the timestamps.
          'owner_id',
          'created_by',
          'updated_by',
        ].sort(),
      );
      expect(first).toMatchObject({ name: 'Acme renewal', amount: '1000.00', company_id: acme.id });
      expect(third).toEqual({
        id: expect.any(String),
        name: 'Delta trial',
        company_id: null,
        // Created with the organization owner's API key: the owner owns it, the key acted.
        owner_id: org.context.memberId,
        created_by: expect.stringMatching(/^api_key:[0-9a-f-]{36}$/),
        updated_by: expect.stringMatching(/^api_key:[0-9a-f-]{36}$/),
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const all = await search({ limit: 1 }).expect(200);
      expect((all.body as SearchBody).results[0]).toMatchObject({ stage: 'proposal' });
    });

    it('answers the total only when asked', async () => {
      const without = await search({ limit: 2 }).expect(200);
      expect(without.body).not.toHaveProperty('total');
      const withTotal = await search({ limit: 2, with_total: true }).expect(200);
      expect(withTotal.body).toMatchObject({
        total: 5,
        paging: { next: { after: expect.any(String) } },
      });
      expect((withTotal.body as SearchBody).results).toHaveLength(2);
    });
  });

  describe('bad input', () => {
    async function badRequest(body: unknown, object = 'deal'): Promise<Response> {
      const response = await search(body, object);
      expect(response.status).toBe(400);
      return response;
    }

    it.each([
      ['an unknown property', one('nope', 'EQ', { value: 1 })],
      ['an unknown association side', one('nope.name', 'EQ', { value: 1 })],
      ['an unknown property on the other side', one('company.nope', 'EQ', { value: 1 })],
      ['a value of the wrong type', one('amount', 'GT', { value: 'abc' })],
      ['a list where one value is expected', one('stage', 'EQ', { value: ['won'] })],
      ['an option the enumeration lacks', one('stage', 'IN', { values: ['won', 'bogus'] })],
      ['a missing value', one('amount', 'GT')],
      ['a missing high value', one('amount', 'BETWEEN', { value: 1 })],
      ['a value an operator does not use', one('amount', 'HAS_PROPERTY', { value: 1 })],
      ['values for a one-value operator', one('amount', 'EQ', { value: 1, values: [1] })],
      [
        'an order comparison on an unordered type',
        one('email_opt_out', 'GT', { value: true }),
        'person',
      ],
      ['an order comparison on a multi-select', one('roles', 'LT', { value: 'vendor' }), 'company'],
      [
        'a json property compared other than for equality',
        one('line_items', 'IN', { values: [[]] }),
        'invoice',
      ],
      ['an empty list of values', one('stage', 'IN', { values: [] })],
      ['CONTAINS_TOKEN on a number', one('amount', 'CONTAINS_TOKEN', { value: '1' })],
      ['CONTAINS_TOKEN without a word', one('name', 'CONTAINS_TOKEN', { value: '***' })],
      ['a reference filter with a non-id', one('company_id', 'EQ', { value: 'acme' })],
      ['a reference filter with an order operator', one('company_id', 'GT', { value: UNKNOWN_ID })],
      ['a property name made of SQL', one(INJECTION, 'EQ', { value: 1 })],
      ['a NUL character', one('name', 'EQ', { value: 'a\u0000b' })],
    ])('refuses %s, naming the field', async (_case, groups, object = 'deal') => {
      const response = await badRequest({ filter_groups: groups }, object);
      expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
    });

    it('names every problem of a request at once', async () => {
      const response = await badRequest({
        filter_groups: [
          {
            filters: [
              { property: 'stage', operator: 'EQ', value: 'won' },
              { property: 'amount', operator: 'GT', value: 'abc' },
            ],
          },
          { filters: [{ property: 'nope', operator: 'EQ', value: 1 }] },
        ],
        sorts: [{ property: 'nope', direction: 'ASCENDING' }],
        properties: ['name', 'nope'],
      });
      expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
      expect(Object.keys(response.body.errors).sort()).toEqual([
        'filter_groups.0.filters.1.value',
        'filter_groups.1.filters.0.property',
        'properties.1',
        'sorts.0.property',
      ]);
    });

    it.each([
      ['an unknown sort property', { sorts: [{ property: 'nope' }] }],
      ['a sort by a json or multi-select property', { sorts: [{ property: 'roles' }] }, 'company'],
      ['a property sorted twice', { sorts: [{ property: 'name' }, { property: 'name' }] }],
      ['a sort by a name only an object lookup knows', { sorts: [{ property: 'constructor' }] }],
      ['an unknown property to answer', { properties: ['name', 'nope'] }],
      ['a query with a NUL character', { query: 'a\u0000' }],
    ])('refuses %s', async (_case, body, object = 'deal') => {
      const response = await badRequest(body, object);
      expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
    });

    it.each([
      [
        'an unknown operator',
        one('name', 'LIKE', { value: 'x' }),
        'filter_groups.0.filters.0.operator',
      ],
      [
        'more than 5 filter groups',
        Array.from({ length: 6 }, () => one('name', 'HAS_PROPERTY')[0]),
        'filter_groups',
      ],
      [
        'more than 10 filters in a group',
        [
          {
            filters: Array.from({ length: 11 }, () => ({
              property: 'name',
              operator: 'HAS_PROPERTY',
            })),
          },
        ],
        'filter_groups.0.filters',
      ],
      ['an empty group', [{ filters: [] }], 'filter_groups.0.filters'],
      [
        'a filter without a property',
        [{ filters: [{ operator: 'EQ', value: 1 }] }],
        'filter_groups.0.filters.0.property',
      ],
      [
        'values that are not a list',
        one('stage', 'IN', { values: 'won' }),
        'filter_groups.0.filters.0.values',
      ],
    ])('refuses %s (the shape of the body)', async (_case, groups, key) => {
      const response = await badRequest({ filter_groups: groups });
      expect(response.body).toMatchObject({ status: 400, errors: { [key]: expect.any(String) } });
    });

    it.each([
      [{ limit: 0 }, 'limit'],
      [{ limit: 1001 }, 'limit'],
      [{ limit: '25' }, 'limit'],
      [{ sorts: [{ property: 'name', direction: 'UP' }] }, 'sorts.0.direction'],
      [{ with_total: 'yes' }, 'with_total'],
      [{ query: 42 }, 'query'],
      [{ properties: 'name' }, 'properties'],
      [{ bogus: true }, 'bogus'],
      [{ after: 42 }, 'after'],
    ])('refuses %j', async (body, key) => {
      const response = await badRequest(body);
      expect(response.body).toMatchObject({ status: 400, errors: { [key]: expect.any(String) } });
    });

    it('refuses a body that is not an object', async () => {
      const response = await badRequest([{ property: 'name' }]);
      expect(response.body).toMatchObject({ status: 400 });
    });

    it('answers 404 for an unknown object', async () => {
      const response = await search({}, 'no_such_object');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'DEFINITION_NOT_FOUND' });
    });

    describe('cursors', () => {
      async function firstCursor(body: Record<string, unknown>): Promise<string> {
        const response = await search({ ...body, limit: 1 }).expect(200);
        const after = (response.body as SearchBody).paging.next?.after;
        expect(after).toEqual(expect.any(String));
        return String(after);
      }

      function forge(cursor: string, change: (content: Record<string, unknown>) => void): string {
        const content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
        change(content);
        return Buffer.from(JSON.stringify(content)).toString('base64url');
      }

      it('refuses a cursor of another order as stale', async () => {
        const after = await firstCursor({ sorts: [{ property: 'amount' }] });
        const response = await badRequest({ sorts: [{ property: 'name' }], after });
        expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
        await badRequest({ sorts: [{ property: 'amount', direction: 'DESCENDING' }], after });
        await search({ sorts: [{ property: 'amount' }], after }).expect(200);
        const ranked = await firstCursor({ query: 'acme' });
        await badRequest({ query: 'renewal', after: ranked });
      });

      it.each([
        ['not base64url', '!!!'],
        ['not JSON', Buffer.from('{nope').toString('base64url')],
        ['JSON of another shape', Buffer.from('[1,2]').toString('base64url')],
      ])('refuses a cursor that is %s', async (_case, after) => {
        const response = await badRequest({ after });
        expect(response.body).toMatchObject({
          code: 'BAD_REQUEST',
          errors: { after: 'malformed or stale cursor' },
        });
      });

      it('refuses a cursor whose values were tampered with, never failing in SQL', async () => {
        const byAmount = await firstCursor({ sorts: [{ property: 'amount' }] });
        const byClosedAt = await firstCursor({ sorts: [{ property: 'closed_at' }] });
        const byDefault = await firstCursor({});
        const forged = [
          forge(byAmount, (c) => (c.k = ['abc', (c.k as string[])[1]])),
          forge(byAmount, (c) => (c.k = ['1', INJECTION])),
          forge(byAmount, (c) => (c.k = [null, null])),
          forge(byAmount, (c) => (c.k = ['1'])),
          forge(byAmount, (c) => (c.v = 99)),
          forge(byClosedAt, (c) => (c.k = ['2026-02-30T00:00:00.000000Z', (c.k as string[])[1]])),
          forge(byDefault, (c) => (c.k = [null, (c.k as string[])[1]])),
          forge(byDefault, (c) => (c.k = ['yesterday', (c.k as string[])[1]])),
        ];
        const bodies = [
          { sorts: [{ property: 'amount' }] },
          { sorts: [{ property: 'amount' }] },
          { sorts: [{ property: 'amount' }] },
          { sorts: [{ property: 'amount' }] },
          { sorts: [{ property: 'amount' }] },
          { sorts: [{ property: 'closed_at' }] },
          {},
          {},
        ];
        for (const [index, after] of forged.entries()) {
          const response = await badRequest({ ...bodies[index], after });
          expect(response.body.errors).toEqual({ after: 'malformed or stale cursor' });
        }
      });
    });
  });
});

describe('POST /api/objects/:object/search paging', () => {
  const COUNT = 120;
  let testApp: TestApp;
  let org: TestOrganization;
  let deals: WireRecord[];

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
    // One batch: every record has the same created_at, so only the id tells them apart.
    const response = await testApp
      .http()
      .post('/api/objects/deal/batch')
      .set(org.headers)
      .send(
        Array.from({ length: COUNT }, (_, i) => ({
          name: `Deal ${String(i).padStart(3, '0')}${i % 7 === 0 ? ' renewal' : ''}`,
          ...(i % 4 === 3 ? {} : { amount: String((i * 7) % 50) }),
          ...(i % 5 === 0 ? {} : { probability: i % 10 }),
          ...(i % 3 === 0
            ? {}
            : { close_date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}` }),
        })),
      )
      .expect(201);
    deals = response.body as WireRecord[];
  });

  afterAll(async () => {
    await testApp.close();
  });

  function search(body: Record<string, unknown>): Test {
    return testApp.http().post('/api/objects/deal/search').set(org.headers).send(body);
  }

  /** Every page of a search, 25 at a time, following the cursors. */
  async function pageThrough(body: Record<string, unknown>): Promise<string[][]> {
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const response = await search({ ...body, limit: 25, ...(after ? { after } : {}) }).expect(
        200,
      );
      const page = response.body as SearchBody;
      pages.push(page.results.map((record) => record.id));
      after = page.paging.next?.after;
      expect(pages.length).toBeLessThan(20);
    } while (after);
    return pages;
  }

  async function oneShot(body: Record<string, unknown>): Promise<string[]> {
    const response = await search({ ...body, limit: 1000, with_total: true }).expect(200);
    const page = response.body as SearchBody;
    expect(page.paging).toEqual({});
    expect(page.total).toBe(page.results.length);
    return page.results.map((record) => record.id);
  }

  /** The ids in the order numbers sort: missing last, ties by id. */
  function expectedOrder(property: string, direction: 1 | -1): string[] {
    return [...deals]
      .sort((a, b) => {
        const [x, y] = [a[property], b[property]];
        if (x === undefined || y === undefined) {
          if (x !== y) {
            return x === undefined ? 1 : -1;
          }
        } else if (Number(x) !== Number(y)) {
          return (Number(x) - Number(y)) * direction;
        }
        return (a.id < b.id ? -1 : 1) * direction;
      })
      .map((deal) => deal.id);
  }

  it.each([
    ['newest first (the default)', {}],
    ['by amount, ascending', { sorts: [{ property: 'amount', direction: 'ASCENDING' }] }],
    ['by amount, descending', { sorts: [{ property: 'amount', direction: 'DESCENDING' }] }],
    [
      'by probability descending then amount ascending',
      {
        sorts: [
          { property: 'probability', direction: 'DESCENDING' },
          { property: 'amount', direction: 'ASCENDING' },
        ],
      },
    ],
    [
      'by close date then name descending',
      { sorts: [{ property: 'close_date' }, { property: 'name', direction: 'DESCENDING' }] },
    ],
    ['by name', { sorts: [{ property: 'name' }] }],
    ['by creation, oldest first', { sorts: [{ property: 'created_at', direction: 'ASCENDING' }] }],
    ['by id, descending', { sorts: [{ property: 'id', direction: 'DESCENDING' }] }],
    ['by rank of a query', { query: 'deal' }],
  ])('pages through %s with no duplicates or gaps', async (_case, body) => {
    const pages = await pageThrough(body);
    const ids = pages.flat();
    expect(pages).toHaveLength(Math.ceil(COUNT / 25));
    expect(pages.slice(0, -1).every((page) => page.length === 25)).toBe(true);
    expect(new Set(ids).size).toBe(COUNT);
    expect(ids).toEqual(await oneShot(body));
  });

  it('orders numbers numerically, missing values last in both directions', async () => {
    expect((await pageThrough({ sorts: [{ property: 'amount' }] })).flat()).toEqual(
      expectedOrder('amount', 1),
    );
    expect(
      (await pageThrough({ sorts: [{ property: 'amount', direction: 'DESCENDING' }] })).flat(),
    ).toEqual(expectedOrder('amount', -1));
  });

  it('pages through a filtered search (any of two groups)', async () => {
    const body = {
      filter_groups: [
        { filters: [{ property: 'amount', operator: 'LT', value: 10 }] },
        { filters: [{ property: 'name', operator: 'CONTAINS_TOKEN', value: 'renewal' }] },
      ],
      sorts: [{ property: 'amount', direction: 'DESCENDING' }],
    };
    const expected = await oneShot(body);
    const matching = deals.filter(
      (deal) =>
        (deal.amount !== undefined && Number(deal.amount) < 10) ||
        String(deal.name).endsWith('renewal'),
    );
    expect(new Set(expected)).toEqual(new Set(matching.map((deal) => deal.id)));
    const response = await search({ ...body, limit: 7 }).expect(200);
    let after = (response.body as SearchBody).paging.next?.after;
    const ids = (response.body as SearchBody).results.map((record) => record.id);
    while (after) {
      const next = await search({ ...body, limit: 7, after }).expect(200);
      ids.push(...(next.body as SearchBody).results.map((record) => record.id));
      after = (next.body as SearchBody).paging.next?.after;
    }
    expect(ids).toEqual(expected);
  });

  it('keeps its place when the record the cursor names is deleted', async () => {
    const own = await testApp.createOrganization();
    await createRecords(
      testApp,
      own,
      'deal',
      Array.from({ length: 6 }, (_, i) => ({ name: `Deal ${i}`, amount: i % 3 })),
    );
    const body = { sorts: [{ property: 'amount' }], limit: 2 };
    const ownSearch = (extra: Record<string, unknown>) =>
      testApp
        .http()
        .post('/api/objects/deal/search')
        .set(own.headers)
        .send({ ...body, ...extra })
        .expect(200);
    const first = (await ownSearch({})).body as SearchBody;
    const second = (await ownSearch({ after: first.paging.next?.after })).body as SearchBody;
    await testApp
      .http()
      .delete(`/api/objects/deal/${first.results[1]?.id}`)
      .set(own.headers)
      .expect(200);
    expect((await ownSearch({ after: first.paging.next?.after })).body).toEqual(second);
  });

  it('pages by relevance through every match: the newest ranked first, then the older ones', async () => {
    const own = await testApp.createOrganization();
    const count = RANK_WINDOW + 150;
    // Older records say "widget" once, the newest ones twice (ranked higher).
    for (let start = 0; start < count; start += 1000) {
      const bodies = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
        name: start + i >= count - 10 ? `Widget widget ${start + i}` : `Widget ${start + i}`,
      }));
      await testApp
        .http()
        .post('/api/objects/deal/batch')
        .set(own.headers)
        .send(bodies)
        .expect(201);
    }
    const ownSearch = (extra: Record<string, unknown>) =>
      testApp
        .http()
        .post('/api/objects/deal/search')
        .set(own.headers)
        .send({ query: 'widget', limit: 400, with_total: true, ...extra })
        .expect(200);
    const first = (await ownSearch({})).body as SearchBody;
    expect(first.total).toBe(count);
    // Best first: the ten that say it twice.
    expect(
      first.results.slice(0, 10).every((record) => String(record.name).startsWith('Widget widget')),
    ).toBe(true);
    const ids = first.results.map((record) => record.id);
    let after = first.paging.next?.after;
    while (after) {
      const next = (await ownSearch({ after })).body as SearchBody;
      ids.push(...next.results.map((record) => record.id));
      after = next.paging.next?.after;
    }
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  });
});
