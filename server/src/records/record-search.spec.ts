import { AppError } from 'src/common/errors/app-error';
import { createAjv } from 'src/object-definitions/ajv.factory';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import type { LinkContext } from './record-list-query';
import {
  associationFilterNames,
  pickProperties,
  type RecordSearchQuery,
  toSearchQuery,
} from './record-search';
import { encodeCursor } from './record-search-cursor';

function compiled(input: ObjectDefinitionInput): CompiledDefinition {
  const jsonSchema = compileDefinitionSchema(input);
  return {
    ...input,
    id: '00000000-0000-4000-8000-000000000001',
    organizationId: '00000000-0000-4000-8000-000000000002',
    isSystem: false,
    version: 1,
    jsonSchema,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    archivedAt: null,
    propertyByName: new Map(input.properties.map((property) => [property.name, property])),
    validate: createAjv().compile(jsonSchema),
  };
}

const DEAL = compiled({
  name: 'deal',
  labels: { singular: 'Deal', plural: 'Deals' },
  properties: [
    { name: 'name', type: 'text', label: 'Name' },
    { name: 'amount', type: 'currency', label: 'Amount' },
    { name: 'closed_at', type: 'datetime', label: 'Closed at' },
    {
      name: 'stage',
      type: 'enumeration',
      label: 'Stage',
      options: [
        { value: 'won', label: 'Won' },
        { value: 'lost', label: 'Lost' },
      ],
    },
    {
      name: 'tags',
      type: 'multi_enumeration',
      label: 'Tags',
      options: [{ value: 'hot', label: 'Hot' }],
    },
    { name: 'details', type: 'json', label: 'Details' },
  ],
});

const COMPANY = compiled({
  name: 'company',
  labels: { singular: 'Company', plural: 'Companies' },
  properties: [
    { name: 'name', type: 'text', label: 'Name' },
    { name: 'employee_count', type: 'integer', label: 'Employees' },
  ],
});

const LINKS: LinkContext = {
  sides: [
    {
      name: 'company',
      label: 'Company',
      associationType: 'assoc-1',
      selfColumn: 'from',
      otherObject: 'company',
      isToOne: true,
      referenceField: 'company_id',
    },
  ],
  otherDefinitions: new Map([['company', COMPANY]]),
};

const ID = '3f2b8c1e-9d4a-4c7b-8e1f-0a2b3c4d5e6f';

function search(body: Record<string, unknown>): RecordSearchQuery {
  return toSearchQuery(body, DEAL, LINKS);
}

function filterOf(filter: Record<string, unknown>): RecordSearchQuery['groups'][number] {
  const [group] = search({ filter_groups: [{ filters: [filter] }] }).groups;
  if (!group) {
    throw new Error('no group');
  }
  return group;
}

/** The field errors a bad request is refused with. */
function errorsOf(body: unknown): Record<string, string> | undefined {
  try {
    toSearchQuery(body, DEAL, LINKS);
  } catch (error) {
    if (error instanceof AppError) {
      return error.errors ?? {};
    }
    throw error;
  }
  throw new Error('the request was accepted');
}

describe(toSearchQuery.name, () => {
  describe('filters', () => {
    it.each([
      ['EQ', 'eq', { value: 'won' }, ['won']],
      ['NEQ', 'neq', { value: 'won' }, ['won']],
      ['IN', 'in', { values: ['won', 'lost'] }, ['won', 'lost']],
      ['NOT_IN', 'nin', { values: ['won'] }, ['won']],
      ['HAS_PROPERTY', 'exists', {}, [true]],
      ['NOT_HAS_PROPERTY', 'exists', {}, [false]],
    ])('maps %s onto the list filter %s', (operator, expected, operands, values) => {
      const group = filterOf({ property: 'stage', operator, ...operands });
      expect(group.filters).toEqual([
        { property: DEAL.propertyByName.get('stage'), operator: expected, values },
      ]);
    });

    it.each([
      ['LT', 'lt'],
      ['LTE', 'lte'],
      ['GT', 'gt'],
      ['GTE', 'gte'],
    ])('maps %s onto %s, typed', (operator, expected) => {
      const group = filterOf({ property: 'amount', operator, value: '10.50' });
      expect(group.filters.map((f) => [f.operator, f.values])).toEqual([[expected, ['10.50']]]);
    });

    it('maps BETWEEN onto GTE and LTE, both included', () => {
      const group = filterOf({ property: 'amount', operator: 'BETWEEN', value: 1, high_value: 5 });
      expect(group.filters.map((f) => [f.operator, f.values])).toEqual([
        ['gte', [1]],
        ['lte', [5]],
      ]);
    });

    it('maps CONTAINS_TOKEN onto the token operator of text properties', () => {
      const group = filterOf({ property: 'name', operator: 'CONTAINS_TOKEN', value: 'acme*' });
      expect(group.filters.map((f) => [f.operator, f.values])).toEqual([['token', ['acme*']]]);
    });

    it('filters by a reference field as a link, negated for NEQ and NOT_IN', () => {
      const base = { associationType: 'assoc-1', selfColumn: 'from' };
      expect(filterOf({ property: 'company_id', operator: 'EQ', value: ID }).links).toEqual([
        { ...base, otherIds: [ID] },
      ]);
      expect(filterOf({ property: 'company_id', operator: 'NOT_IN', values: [ID] }).links).toEqual([
        { ...base, otherIds: [ID], isNegated: true },
      ]);
      expect(filterOf({ property: 'company_id', operator: 'HAS_PROPERTY' }).links).toEqual([base]);
      expect(filterOf({ property: 'company_id', operator: 'NOT_HAS_PROPERTY' }).links).toEqual([
        { ...base, isNegated: true },
      ]);
    });

    it('filters through an association, BETWEEN on one and the same linked record', () => {
      const group = filterOf({
        property: 'company.employee_count',
        operator: 'BETWEEN',
        value: 10,
        high_value: 100,
      });
      expect(group.related).toEqual([
        {
          associationType: 'assoc-1',
          selfColumn: 'from',
          filters: [
            expect.objectContaining({ operator: 'gte', values: [10] }),
            expect.objectContaining({ operator: 'lte', values: [100] }),
          ],
        },
      ]);
    });

    it('keeps the groups apart (any of them) and the filters of one together', () => {
      const query = search({
        filter_groups: [
          {
            filters: [
              { property: 'stage', operator: 'EQ', value: 'won' },
              { property: 'amount', operator: 'GT', value: 5 },
            ],
          },
          { filters: [{ property: 'company_id', operator: 'HAS_PROPERTY' }] },
        ],
      });
      expect(query.groups.map((g) => [g.filters.length, g.links.length])).toEqual([
        [2, 0],
        [0, 1],
      ]);
    });
  });

  describe('refusals', () => {
    const at = 'filter_groups.0.filters.0';

    it.each([
      [{ property: 'nope', operator: 'EQ', value: 1 }, `${at}.property`],
      [{ property: 'company.nope', operator: 'EQ', value: 1 }, `${at}.property`],
      [{ property: 'nope.name', operator: 'EQ', value: 1 }, `${at}.property`],
      [{ property: "x'; DROP TABLE record; --", operator: 'EQ', value: 1 }, `${at}.property`],
      [{ property: 'amount', operator: 'GT', value: 'abc' }, `${at}.value`],
      [{ property: 'amount', operator: 'GT' }, `${at}.value`],
      [{ property: 'amount', operator: 'BETWEEN', value: 1 }, `${at}.high_value`],
      [{ property: 'amount', operator: 'BETWEEN', value: 1, high_value: 'x' }, `${at}.high_value`],
      [{ property: 'amount', operator: 'EQ', value: 1, values: [1] }, `${at}.values`],
      [{ property: 'amount', operator: 'HAS_PROPERTY', value: 1 }, `${at}.value`],
      [{ property: 'stage', operator: 'IN', values: [] }, `${at}.values`],
      [{ property: 'stage', operator: 'IN', values: 'won' }, `${at}.values`],
      [{ property: 'tags', operator: 'GT', value: 'hot' }, `${at}.operator`],
      [{ property: 'details', operator: 'IN', values: [{}] }, `${at}.operator`],
      [{ property: 'amount', operator: 'CONTAINS_TOKEN', value: '1' }, `${at}.operator`],
      [{ property: 'name', operator: 'CONTAINS_TOKEN', value: '*' }, `${at}.value`],
      [{ property: 'name', operator: 'EQ', value: 'a\u0000' }, `${at}.value`],
      [{ property: 'company_id', operator: 'EQ', value: 'acme' }, `${at}.value`],
      [{ property: 'company_id', operator: 'LT', value: ID }, `${at}.operator`],
    ])('refuses %j, naming %s', (filter, key) => {
      expect(Object.keys(errorsOf({ filter_groups: [{ filters: [filter] }] }) ?? {})).toEqual([
        key,
      ]);
    });

    it('names every problem of the request in one error', () => {
      expect(
        errorsOf({
          filter_groups: [
            { filters: [{ property: 'nope', operator: 'EQ', value: 1 }] },
            {
              filters: [
                { property: 'name', operator: 'HAS_PROPERTY' },
                { property: 'amount', operator: 'LT', value: [] },
              ],
            },
          ],
          sorts: [{ property: 'tags' }, { property: 'nope' }],
          properties: ['name', 'nope'],
          query: 'a\u0000',
        }),
      ).toEqual({
        'filter_groups.0.filters.0.property': '"nope" is not a property of deal',
        'filter_groups.1.filters.1.value': expect.stringContaining('must be a decimal amount'),
        'sorts.0.property': 'cannot sort by a multi_enumeration property',
        'sorts.1.property': '"nope" is not a property of deal',
        'properties.1': '"nope" is not a property of deal',
        query: 'must not contain the character \\u0000',
      });
    });

    it.each([[[]], ['text'], [null]])('refuses a body that is not an object: %j', (body) => {
      expect(() => toSearchQuery(body, DEAL, LINKS)).toThrow('must be a JSON object');
    });

    it.each([0, 1001, 2.5])('refuses the limit %j', (limit) => {
      expect(errorsOf({ limit })).toEqual({ limit: expect.any(String) });
    });
  });

  describe('sorts', () => {
    const keysOf = (query: RecordSearchQuery) =>
      query.keys.map((key) => [
        key.target.kind === 'property'
          ? key.target.property.name
          : key.target.kind === 'field'
            ? key.target.field
            : `rank:${key.target.q}`,
        key.order,
        key.isNullable,
        key.keyType,
      ]);

    it('sorts newest first by default, by rank with a query, then by id', () => {
      expect(keysOf(search({}))).toEqual([
        ['created_at', 'DESC', false, 'timestamptz'],
        ['id', 'DESC', false, 'uuid'],
      ]);
      expect(keysOf(search({ query: '  acme  ' }))).toEqual([
        ['rank:acme', 'DESC', true, 'real'],
        ['id', 'DESC', false, 'uuid'],
      ]);
    });

    it('ends several sorts with the id, in the last sort’s direction', () => {
      expect(
        keysOf(
          search({
            sorts: [
              { property: 'amount', direction: 'DESCENDING' },
              { property: 'name' },
              { property: 'closed_at', direction: 'DESCENDING' },
            ],
          }),
        ),
      ).toEqual([
        ['amount', 'DESC', true, 'numeric'],
        ['name', 'ASC', true, 'text'],
        ['closed_at', 'DESC', true, 'timestamptz'],
        ['id', 'DESC', false, 'uuid'],
      ]);
    });

    it('stops at an explicit id sort: nothing after it could matter', () => {
      expect(
        keysOf(search({ sorts: [{ property: 'id' }, { property: 'amount' }] })).map(([n]) => n),
      ).toEqual(['id']);
    });

    it.each(['constructor', '__proto__', 'toString'])(
      'refuses %s, which only an object lookup would know',
      (property) => {
        expect(errorsOf({ sorts: [{ property }] })).toEqual({
          'sorts.0.property': `"${property}" is not a property of deal`,
        });
        expect(
          Object.keys(
            errorsOf({ filter_groups: [{ filters: [{ property, operator: 'EQ', value: 1 }] }] }) ??
              {},
          ),
        ).toEqual(['filter_groups.0.filters.0.property']);
        expect(errorsOf({ properties: [property] })).toEqual({
          'properties.0': `"${property}" is not a property of deal`,
        });
      },
    );

    it('refuses an operator the DTO would have refused', () => {
      expect(
        errorsOf({ filter_groups: [{ filters: [{ property: 'name', operator: 'toString' }] }] }),
      ).toEqual({
        'filter_groups.0.filters.0.operator': expect.stringContaining('must be one of'),
      });
    });

    it('refuses a property sorted twice', () => {
      expect(errorsOf({ sorts: [{ property: 'name' }, { property: 'name' }] })).toEqual({
        'sorts.1.property': '"name" is sorted by already',
      });
    });
  });

  describe('cursors', () => {
    it('reads back the cursor of the same sorts', () => {
      const { sortSpec } = search({ sorts: [{ property: 'amount' }] });
      const after = encodeCursor(sortSpec, ['12.50', ID]);
      expect(search({ sorts: [{ property: 'amount' }], after }).after).toEqual(['12.50', ID]);
    });

    it.each([
      ['other sorts', { sorts: [{ property: 'name' }] }],
      ['another direction', { sorts: [{ property: 'amount', direction: 'DESCENDING' }] }],
      ['the default order', {}],
    ])('refuses a cursor of %s as stale', (_case, body) => {
      const { sortSpec } = search({ sorts: [{ property: 'amount' }] });
      const after = encodeCursor(sortSpec, ['12.50', ID]);
      expect(errorsOf({ ...body, after })).toEqual({ after: 'malformed or stale cursor' });
    });

    it('refuses a rank cursor with another query', () => {
      const { sortSpec } = search({ query: 'acme' });
      const after = encodeCursor(sortSpec, ['0.5', ID]);
      expect(search({ query: 'acme', after }).after).toEqual(['0.5', ID]);
      expect(errorsOf({ query: 'globex', after })).toEqual({ after: expect.any(String) });
    });
  });

  describe('properties', () => {
    it('keeps the asked-for names, reference fields and record fields included', () => {
      expect(search({ properties: ['name', 'company_id', 'id', 'name'] }).properties).toEqual([
        'name',
        'company_id',
        'id',
      ]);
      expect(search({}).properties).toBeUndefined();
    });
  });
});

describe(associationFilterNames.name, () => {
  it('lists the dotted filter names, whatever else the body holds', () => {
    expect(
      associationFilterNames({
        filter_groups: [
          { filters: [{ property: 'company.name' }, { property: 'name' }, 'junk'] },
          null,
          { filters: 'junk' },
        ],
      }),
    ).toEqual(['company.name']);
    expect(associationFilterNames([])).toEqual([]);
  });
});

describe(pickProperties.name, () => {
  const record = { id: ID, name: 'A', amount: 1, created_at: 'c', updated_at: 'u' };

  it('keeps id, the timestamps and the asked-for properties', () => {
    expect(pickProperties(record, ['amount'])).toEqual({
      id: ID,
      amount: 1,
      created_at: 'c',
      updated_at: 'u',
    });
    expect(pickProperties(record, undefined)).toBe(record);
  });
});
