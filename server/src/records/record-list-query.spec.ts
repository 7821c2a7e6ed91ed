import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type RawListQuery } from 'src/common/http/list-query';
import { createAjv } from 'src/object-definitions/ajv.factory';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type {
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import { FILTER_OPERATORS, toRecordListQuery } from './record-list-query';

const DEAL: ObjectDefinitionInput = {
  name: 'deal',
  labels: { singular: 'Deal', plural: 'Deals' },
  properties: [
    { name: 'name', type: 'text', label: 'Name', max_length: 5 },
    { name: 'notes', type: 'long_text', label: 'Notes' },
    { name: 'amount', type: 'currency', label: 'Amount', minimum: 0 },
    { name: 'quantity', type: 'integer', label: 'Quantity', minimum: 1 },
    { name: 'weight', type: 'number', label: 'Weight' },
    { name: 'probability', type: 'percent', label: 'Probability', minimum: 0, maximum: 100 },
    { name: 'is_closed', type: 'boolean', label: 'Closed' },
    { name: 'close_date', type: 'date', label: 'Close date' },
    { name: 'closed_at', type: 'datetime', label: 'Closed at' },
    {
      name: 'stage',
      type: 'enumeration',
      label: 'Stage',
      options: [
        { value: 'lead', label: 'Lead' },
        { value: 'won', label: 'Won' },
        { value: 'lost', label: 'Lost' },
      ],
    },
    {
      name: 'tags',
      type: 'multi_enumeration',
      label: 'Tags',
      options: [
        { value: 'hot', label: 'Hot' },
        { value: 'cold', label: 'Cold' },
      ],
    },
    { name: 'contact_email', type: 'email', label: 'Email' },
    { name: 'contact_phone', type: 'phone', label: 'Phone' },
    { name: 'website', type: 'url', label: 'Website' },
    { name: 'details', type: 'json', label: 'Details' },
    { name: 'check', type: 'text', label: 'Check' },
    { name: 'check_in', type: 'date', label: 'Check-in' },
  ],
};

function compiled(input: ObjectDefinitionInput): CompiledDefinition {
  const jsonSchema = compileDefinitionSchema(input);
  return {
    ...input,
    id: '00000000-0000-4000-8000-000000000001',
    organizationId: '00000000-0000-4000-8000-000000000002',
    isSystem: true,
    version: 1,
    jsonSchema,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    archivedAt: null,
    propertyByName: new Map(input.properties.map((property) => [property.name, property])),
    validate: createAjv().compile(jsonSchema),
  };
}

const definition = compiled(DEAL);
const ID_1 = '3f2b8c1e-9d4a-4c7b-8e1f-0a2b3c4d5e6f';
const ID_2 = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';

function property(name: string): PropertyDefinition {
  const found = definition.propertyByName.get(name);
  if (!found) {
    throw new Error(`no property ${name}`);
  }
  return found;
}

function query(raw: Partial<RawListQuery>) {
  return toRecordListQuery({ filter: {}, ...raw }, definition);
}

function errorOf(raw: Partial<RawListQuery>): AppError {
  try {
    query(raw);
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

function expectBadFilter(filter: Record<string, unknown>, key: string, message: string): void {
  const error = errorOf({ filter });
  expect(error.code).toBe(ErrorCode.BadRequest);
  expect(error.errors).toEqual({ [`filter.${key}`]: message });
  expect(error.message).toBe(`Invalid filter: ${key} ${message}`);
}

describe(toRecordListQuery.name, () => {
  describe('defaults', () => {
    it('lists the newest first, 25 at a time, from the start, with nothing filtered', () => {
      expect(query({})).toEqual({
        filters: [],
        links: [],
        related: [],
        sort: { target: { kind: 'field', field: 'created_at' }, order: 'DESC' },
        offset: 0,
        limit: DEFAULT_PAGE_SIZE,
      });
      expect(DEFAULT_PAGE_SIZE).toBe(25);
    });

    it('turns an inclusive range into offset and limit', () => {
      expect(query({ range: { start: 50, end: 74 } })).toMatchObject({ offset: 50, limit: 25 });
      expect(query({ range: { start: 3, end: 3 } })).toMatchObject({ offset: 3, limit: 1 });
    });
  });

  describe('sort', () => {
    it.each(['id', 'created_at', 'updated_at'] as const)(
      'sorts by the record field %s',
      (field) => {
        expect(query({ sort: { field, order: 'ASC' } }).sort).toEqual({
          target: { kind: 'field', field },
          order: 'ASC',
        });
      },
    );

    it('sorts by a property of the definition', () => {
      expect(query({ sort: { field: 'amount', order: 'DESC' } }).sort).toEqual({
        target: { kind: 'property', property: property('amount') },
        order: 'DESC',
      });
    });

    it('rejects an unknown sort field as BAD_REQUEST keyed sort', () => {
      const error = errorOf({ sort: { field: 'colour', order: 'ASC' } });
      expect(error.code).toBe(ErrorCode.BadRequest);
      expect(error.message).toBe('Invalid sort: colour is not a property of deal');
      expect(error.errors).toEqual({ sort: 'unknown property "colour"' });
    });

    it('rejects sorting by a record column that is not exposed', () => {
      expect(errorOf({ sort: { field: 'archived_at', order: 'ASC' } }).errors).toEqual({
        sort: 'unknown property "archived_at"',
      });
    });
  });

  describe('ids (getMany)', () => {
    it('limits a getMany without range to the number of ids', () => {
      expect(query({ filter: { id: [ID_1, ID_2] } })).toMatchObject({
        ids: [ID_1, ID_2],
        offset: 0,
        limit: 2,
      });
    });

    it('keeps the range of a getManyReference that also filters by id', () => {
      expect(query({ filter: { id: [ID_1, ID_2] }, range: { start: 0, end: 9 } })).toMatchObject({
        limit: 10,
      });
    });

    it('accepts a single id', () => {
      expect(query({ filter: { id: ID_1 } })).toMatchObject({ ids: [ID_1], limit: 1 });
    });

    it('drops ids that are not UUIDs: they name no record', () => {
      expect(query({ filter: { id: ['42', ID_1, "x' OR 1=1"] } })).toMatchObject({
        ids: [ID_1],
        limit: 1,
      });
    });

    it('matches nothing, one at most, for an empty id list', () => {
      expect(query({ filter: { id: [] } })).toMatchObject({ ids: [], limit: 1 });
    });

    it.each<[string, unknown]>([
      ['a number', 5],
      ['a list with a number', [ID_1, 5]],
      ['a list longer than a page', Array.from({ length: MAX_PAGE_SIZE + 1 }, () => ID_1)],
    ])('rejects an id filter that is %s', (_, id) => {
      expectBadFilter(
        { id },
        'id',
        `must be a record id or a list of at most ${MAX_PAGE_SIZE} ids`,
      );
    });
  });

  describe('q (search)', () => {
    it('trims the search words', () => {
      expect(query({ filter: { q: '  acme  ' } }).q).toBe('acme');
    });

    it('ignores a blank search', () => {
      expect(query({ filter: { q: '   ' } })).not.toHaveProperty('q');
    });

    it('rejects a search that is not a string', () => {
      expectBadFilter({ q: ['acme'] }, 'q', 'must be a string');
    });
  });

  describe('property filters', () => {
    it('reads a bare property name as eq', () => {
      expect(query({ filter: { stage: 'won' } }).filters).toEqual([
        { property: property('stage'), operator: 'eq', values: ['won'] },
      ]);
    });

    it('reads an array on a bare property name as any of its values', () => {
      expect(query({ filter: { stage: ['won', 'lost'] } }).filters).toEqual([
        { property: property('stage'), operator: 'eq', values: ['won', 'lost'] },
      ]);
    });

    it.each<[string, unknown, string, unknown[]]>([
      ['stage_neq', 'lost', 'neq', ['lost']],
      ['stage_neq', ['won', 'lost'], 'neq', ['won', 'lost']],
      ['amount_gt', '10.50', 'gt', ['10.50']],
      ['amount_gte', 10, 'gte', [10]],
      ['close_date_lt', '2026-03-01', 'lt', ['2026-03-01']],
      ['closed_at_lte', '2026-03-01T00:00:00Z', 'lte', ['2026-03-01T00:00:00Z']],
      ['stage_in', ['lead', 'won'], 'in', ['lead', 'won']],
      ['stage_nin', ['lost'], 'nin', ['lost']],
      ['name_contains', 'acme', 'contains', ['acme']],
      ['tags_contains', 'hot', 'contains', ['hot']],
      ['close_date_exists', false, 'exists', [false]],
      ['details_exists', true, 'exists', [true]],
      ['details', { a: 1 }, 'eq', [{ a: 1 }]],
      ['details_neq', [{ a: 1 }, 'x'], 'neq', [{ a: 1 }, 'x']],
      ['tags', 'hot', 'eq', ['hot']],
      ['name_gt', 'm', 'gt', ['m']],
    ])('parses %s = %j as %s', (key, value, operator, values) => {
      const [filter] = query({ filter: { [key]: value } }).filters;
      expect(filter).toEqual({
        property: property(key.replace(/_(neq|gte?|lte?|in|nin|contains|exists)$/, '')),
        operator,
        values,
      });
    });

    it('knows every operator it documents', () => {
      expect(FILTER_OPERATORS).toEqual([
        'eq',
        'neq',
        'gt',
        'gte',
        'lt',
        'lte',
        'in',
        'nin',
        'contains',
        'exists',
        'all',
      ]);
    });

    it('prefers a property whose own name ends like an operator', () => {
      expect(query({ filter: { check_in: '2026-03-01' } }).filters).toEqual([
        { property: property('check_in'), operator: 'eq', values: ['2026-03-01'] },
      ]);
    });

    it('checks values against the type, not the constraints', () => {
      expect(query({ filter: { amount_gt: '-5', name: 'longer than five' } }).filters).toHaveLength(
        2,
      );
    });

    it('keeps filters in the order given', () => {
      const filters = query({ filter: { stage: 'won', amount_gte: 10 } }).filters;
      expect(filters.map((filter) => filter.property.name)).toEqual(['stage', 'amount']);
    });

    it.each<[string, unknown, string]>([
      ['colour', 'red', 'is not a property of deal'],
      ['amount_between', [1, 2], 'is not a property of deal'],
      ['_gt', 1, 'is not a property of deal'],
      ['stage_exists', 'yes', 'must be true or false'],
      ['name_contains', '', 'must be a non-empty string'],
      ['name_contains', 5, 'must be a non-empty string'],
      ['amount_contains', '5', 'cannot be used on a currency property'],
      ['details_contains', 'a', 'cannot be used on a json property'],
      ['is_closed_gt', true, 'cannot compare a boolean property by order'],
      ['tags_lt', 'hot', 'cannot compare a multi_enumeration property by order'],
      ['details_gte', 1, 'cannot compare a json property by order'],
      ['stage_in', 'won', 'must be a list of 1 to 1000 values'],
      ['stage_in', [], 'must be a list of 1 to 1000 values'],
      ['stage', [], 'must be a list of 1 to 1000 values'],
      ['details_in', [{ a: 1 }], 'a json property can only be tested for equality or existence'],
    ])('rejects %s = %j: %s', (key, value, message) => {
      expectBadFilter({ [key]: value }, key, message);
    });

    it('rejects a list of more than 1000 values', () => {
      const values = Array.from({ length: 1001 }, () => 'won');
      expectBadFilter({ stage_nin: values }, 'stage_nin', 'must be a list of 1 to 1000 values');
    });

    it.each<[string, unknown, string]>([
      ['stage', 'closed', 'must be one of: lead, won, lost'],
      ['stage_in', ['won', 'closed'], 'must be one of: lead, won, lost'],
      ['tags', 'warm', 'must be one of: hot, cold'],
      ['amount_gte', 'ten', 'must be a decimal amount such as 1250.00'],
      ['amount', true, 'must be a decimal amount (a number or a string such as "1250.00")'],
      ['quantity', 1.5, 'must be a whole number'],
      ['weight_lt', '5', 'must be a number'],
      ['probability_gt', '50%', 'must be a number'],
      ['is_closed', 'true', 'must be true or false'],
      ['close_date_gte', '2026-02-30', 'must be a date (YYYY-MM-DD)'],
      [
        'closed_at_lt',
        '2026-03-01T10:00:00',
        'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)',
      ],
      ['contact_email', 'nobody', 'must be a valid email address'],
      ['contact_phone', 'call me', 'must be a phone number (digits, spaces, + ( ) . -)'],
      ['website', 'ftp://example.com', 'must start with http:// or https://'],
      ['name', 5, 'must be text'],
      ['notes_contains', ['a'], 'must be a non-empty string'],
      ['name', null, 'must be text'],
    ])('rejects %s = %j by the property type: %s', (key, value, message) => {
      expectBadFilter({ [key]: value }, key, message);
    });
  });
});
