import type { AssociationDefinition } from 'src/association-definitions/association.types';
import { AppError } from 'src/common/errors/app-error';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import type { RecordResponse } from 'src/records/records.dto';
import { associationTypeId } from './hubspot-association-types';
import { toHubSpotError } from './hubspot-exception.filter';
import { customObjectTypeId, hubSpotObjectOf, objectNameOf, plinthNameOf } from './hubspot-names';
import { toHubSpotPipelines } from './hubspot-pipelines';
import { plinthTypeOf, toHubSpotProperty } from './hubspot-properties';
import { arrayParam } from './hubspot-query';
import { toPlinthSearch } from './hubspot-search';
import { coerceValue, toEnvelope, toPlinthBody } from './hubspot-values';

const PROPERTIES: PropertyDefinition[] = [
  { name: 'name', type: 'text', label: 'Deal name' },
  { name: 'amount', type: 'currency', label: 'Amount' },
  {
    name: 'stage',
    type: 'enumeration',
    label: 'Stage',
    options: [{ value: 'lead', label: 'Lead' }],
  },
  { name: 'close_date', type: 'date', label: 'Close date' },
  { name: 'probability', type: 'percent', label: 'Probability' },
  { name: 'is_hot', type: 'boolean', label: 'Hot' },
  { name: 'tags', type: 'multi_enumeration', label: 'Tags' },
  { name: 'closed_at', type: 'datetime', label: 'Closed at' },
];

const DEAL = {
  id: '0190f1a2-0000-7000-8000-00000000abcd',
  name: 'deal',
  isSystem: true,
  labels: { singular: 'Deal', plural: 'Deals' },
  properties: PROPERTIES,
  propertyByName: new Map(PROPERTIES.map((p) => [p.name, p])),
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-02T00:00:00Z'),
} as unknown as CompiledDefinition;

const NAMES = {
  name: 'deals',
  object_type_id: '0-3',
  properties: { dealname: 'name', dealstage: 'stage', closedate: 'close_date' },
};
const deals = hubSpotObjectOf(DEAL, NAMES);

describe('HubSpot names', () => {
  it('resolves HubSpot names and ids, object names and custom 2-<n> ids', () => {
    const system = new Map([['deal', NAMES]]);
    const custom = { ...DEAL, name: 'car', id: '0190f1a2-0000-7000-8000-0000000000ff' };
    const all = [DEAL, custom];
    expect(objectNameOf('deals', all, system)).toBe('deal');
    expect(objectNameOf('0-3', all, system)).toBe('deal');
    expect(objectNameOf('DEALS', all, system)).toBe('deal');
    expect(objectNameOf('car', all, system)).toBe('car');
    expect(customObjectTypeId(custom.id)).toBe('2-255');
    expect(objectNameOf('2-255', all, system)).toBe('car');
    expect(objectNameOf('spaceships', all, system)).toBeUndefined();
  });

  it('maps property names both ways, record fields included', () => {
    expect(plinthNameOf(deals, 'dealname')).toBe('name');
    expect(plinthNameOf(deals, 'amount')).toBe('amount');
    expect(plinthNameOf(deals, 'hs_object_id')).toBe('id');
    expect(plinthNameOf(deals, 'hs_lastmodifieddate')).toBe('updated_at');
    expect(plinthNameOf(deals, 'nope')).toBeUndefined();
  });
});

describe('HubSpot values', () => {
  const property = (name: string) => DEAL.propertyByName.get(name) as PropertyDefinition;

  it('coerces inputs by the property type; an empty string clears', () => {
    expect(coerceValue(property('probability'), '12.5')).toBe(12.5);
    expect(coerceValue(property('amount'), 10)).toBe('10');
    expect(coerceValue(property('is_hot'), 'true')).toBe(true);
    expect(coerceValue(property('close_date'), String(Date.UTC(2026, 0, 31)))).toBe('2026-01-31');
    expect(coerceValue(property('close_date'), '2026-01-31T00:00:00.000Z')).toBe('2026-01-31');
    expect(coerceValue(property('closed_at'), 0)).toBe('1970-01-01T00:00:00.000Z');
    expect(coerceValue(property('tags'), 'a;b')).toEqual(['a', 'b']);
    expect(coerceValue(property('name'), '')).toBeNull();
    expect(coerceValue(property('probability'), 'lots')).toBe('lots');
  });

  it('writes every value as a string in the envelope, under HubSpot names', () => {
    const record = {
      id: 'r1',
      name: 'Big',
      amount: '10.50',
      is_hot: true,
      tags: ['a', 'b'],
      owner_id: null,
      created_by: 'system',
      updated_by: 'system',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-02T00:00:00.000Z',
    } as RecordResponse;
    expect(toEnvelope(deals, record)).toEqual({
      id: 'r1',
      properties: {
        dealname: 'Big',
        amount: '10.50',
        is_hot: 'true',
        tags: 'a;b',
        createdate: '2026-01-01T00:00:00.000Z',
        hs_lastmodifieddate: '2026-01-02T00:00:00.000Z',
        hs_object_id: 'r1',
      },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      archived: false,
    });
    expect(toEnvelope(deals, record, ['dealname', 'dealstage']).properties).toMatchObject({
      dealname: 'Big',
      dealstage: null,
    });
  });

  it('refuses unknown property names, naming each; ignores read-only fields', () => {
    expect(toPlinthBody(deals, { dealname: 'X', hs_object_id: '1' })).toEqual({ name: 'X' });
    expect(() => toPlinthBody(deals, { warp: 9, speed: 1 })).toThrow(
      'Property "warp" does not exist; Property "speed" does not exist',
    );
  });
});

describe('HubSpot search translation', () => {
  it('maps names, operators, typed values, sorts and the paging cursor', () => {
    const translated = toPlinthSearch(
      deals,
      {
        filterGroups: [
          {
            filters: [
              { propertyName: 'probability', operator: 'BETWEEN', value: '10', highValue: '20' },
            ],
          },
          {
            filters: [
              { propertyName: 'closedate', operator: 'GT', value: String(Date.UTC(2026, 0, 1)) },
            ],
          },
        ],
        sorts: ['-closedate', { propertyName: 'dealname', direction: 'ASCENDING' }],
        query: 'acme',
        limit: 50,
        after: '100.cursor',
      },
      true,
    );
    expect(translated).toEqual({
      offset: 100,
      limit: 50,
      request: {
        filter_groups: [
          {
            filters: [{ property: 'probability', operator: 'BETWEEN', value: 10, high_value: 20 }],
          },
          { filters: [{ property: 'close_date', operator: 'GT', value: '2026-01-01' }] },
        ],
        sorts: [
          { property: 'close_date', direction: 'DESCENDING' },
          { property: 'name', direction: 'ASCENDING' },
        ],
        query: 'acme',
        limit: 50,
        after: 'cursor',
        with_total: true,
      },
    });
  });

  it('applies HubSpot’s caps unless they are lifted', () => {
    const group = { filters: [{ propertyName: 'dealname', operator: 'HAS_PROPERTY' }] };
    const sevenFilters = { filters: Array.from({ length: 7 }, () => group.filters[0]) };
    expect(() => toPlinthSearch(deals, { filterGroups: [sevenFilters] }, true)).toThrow(AppError);
    expect(
      toPlinthSearch(deals, { filterGroups: [sevenFilters] }, false).request.filter_groups,
    ).toHaveLength(1);
    expect(() => toPlinthSearch(deals, { limit: 201 }, true)).toThrow('limit');
    expect(() => toPlinthSearch(deals, { after: '10000.c' }, true)).toThrow('10000');
    expect(toPlinthSearch(deals, { after: '10000.c' }, false).offset).toBe(10000);
  });

  it('names an unknown property', () => {
    expect(() =>
      toPlinthSearch(
        deals,
        { filterGroups: [{ filters: [{ propertyName: 'warp', operator: 'EQ', value: 1 }] }] },
        true,
      ),
    ).toThrow('"warp" is not a property of deals');
  });
});

describe('HubSpot wire helpers', () => {
  it('reads array query parameters repeated, comma-separated or both', () => {
    expect(arrayParam('a,b')).toEqual(['a', 'b']);
    expect(arrayParam(['a', 'b,c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(arrayParam(undefined)).toBeUndefined();
  });

  it('maps property types both ways', () => {
    expect(plinthTypeOf('string', 'textarea')).toBe('long_text');
    expect(plinthTypeOf('enumeration', 'checkbox')).toBe('multi_enumeration');
    expect(plinthTypeOf('bool', 'booleancheckbox')).toBe('boolean');
    expect(plinthTypeOf('object', 'text')).toBeUndefined();
    expect(toHubSpotProperty(deals, property('closed_at'), 7, true)).toMatchObject({
      name: 'closed_at',
      type: 'datetime',
      fieldType: 'date',
      groupName: 'dealinformation',
      modificationMetadata: { archivable: false, readOnlyDefinition: true },
    });
    function property(name: string) {
      return DEAL.propertyByName.get(name) as PropertyDefinition;
    }
  });

  it('gives standard associations HubSpot’s ids and others stable derived ones', () => {
    const definition = (name: string, id: string, isSystem = true) =>
      ({ name, id, isSystem }) as AssociationDefinition;
    expect(associationTypeId(definition('person_employer', 'x'), 'from')).toBe(1);
    expect(associationTypeId(definition('deal_company', 'x'), 'to')).toBe(6);
    const custom = definition('car_owner', '0190f1a2-0000-7000-8000-000000000010', false);
    expect(associationTypeId(custom, 'from')).toBe(100_032);
    expect(associationTypeId(custom, 'to')).toBe(100_033);
  });

  it('renders an error in HubSpot’s body', () => {
    expect(
      toHubSpotError({
        type: '',
        title: '',
        status: 400,
        code: 'VALIDATION_FAILED' as never,
        message: 'bad',
        detail: 'bad',
        errors: { warp: 'PROPERTY_DOESNT_EXIST' },
        request_id: 'req-1',
      }),
    ).toEqual({
      status: 'error',
      message: 'bad',
      correlationId: 'req-1',
      category: 'VALIDATION_ERROR',
      subCategory: 'VALIDATION_FAILED',
      errors: [
        {
          message: 'Property "warp" does not exist',
          code: 'PROPERTY_DOESNT_EXIST',
          context: { propertyName: ['warp'] },
        },
      ],
    });
  });
});

describe('HubSpot pipelines', () => {
  const stage: PropertyDefinition = {
    name: 'stage',
    type: 'enumeration',
    label: 'Stage',
    options: [
      { value: 'open', label: 'Open' },
      { value: 'old', label: 'Old' },
      { value: 'done', label: 'Done' },
    ],
    transitions: {
      initial: ['open'],
      closed: ['done'],
      moves: { open: ['done'], old: ['done'], done: [] },
    },
    pipelines: {
      property: 'pipeline',
      items: [
        {
          name: 'main',
          stages: [
            { value: 'open', probability: 12.5 },
            { value: 'old', label: 'Legacy', retired: true },
            { value: 'done', probability: 100 },
          ],
        },
      ],
    },
  };
  const withPipelines = (properties: PropertyDefinition[]) =>
    hubSpotObjectOf(
      {
        ...DEAL,
        properties,
        propertyByName: new Map(properties.map((p) => [p.name, p])),
      },
      NAMES,
    );

  it('names pipelines and stages by their values, in order, with HubSpot’s string metadata', () => {
    const [main, ...more] = toHubSpotPipelines(withPipelines([stage]));
    expect(more).toEqual([]);
    expect(main).toMatchObject({ id: 'main', label: 'main', displayOrder: 0, archived: false });
    expect(main!.stages).toEqual([
      expect.objectContaining({
        id: 'open',
        label: 'Open',
        displayOrder: 0,
        archived: false,
        metadata: { isClosed: 'false', probability: '0.125' },
      }),
      expect.objectContaining({
        id: 'old',
        label: 'Legacy',
        archived: true,
        metadata: { isClosed: 'false' },
      }),
      expect.objectContaining({ id: 'done', metadata: { isClosed: 'true', probability: '1' } }),
    ]);
    expect(main!.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('has none for an object whose status property has no pipelines', () => {
    expect(toHubSpotPipelines(withPipelines([{ ...stage, pipelines: undefined }]))).toEqual([]);
    expect(toHubSpotPipelines(deals)).toEqual([]);
  });
});
