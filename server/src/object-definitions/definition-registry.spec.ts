import { DefinitionRegistry } from './definition-registry';
import type {
  DefinitionHead,
  ObjectDefinitionRow,
  ObjectDefinitionsRepository,
} from './object-definitions.repository';

const FIRST = '00000000-0000-4000-8000-000000000001';
const SECOND = '00000000-0000-4000-8000-000000000002';
const THIRD = '00000000-0000-4000-8000-000000000003';

/** One object per organization, whose single text property is named after the organization. */
function rowsOf(organizationId: string): ObjectDefinitionRow[] {
  const property = `code_${organizationId.slice(-1)}`;
  return [
    {
      id: `00000000-0000-4000-8000-00000000010${organizationId.slice(-1)}`,
      organizationId,
      name: 'ticket',
      labelSingular: 'Ticket',
      labelPlural: 'Tickets',
      description: null,
      navGroup: null,
      icon: null,
      color: null,
      primaryDisplayProperty: null,
      properties: [{ name: property, type: 'text', label: 'Code' }],
      isSystem: false,
      version: 1,
      jsonSchema: {
        type: 'object',
        properties: { [property]: { type: 'string', maxLength: 3 } },
        additionalProperties: false,
      },
      createdAt: new Date(0),
      updatedAt: new Date(0),
      archivedAt: null,
    } as unknown as ObjectDefinitionRow,
  ];
}

/** The same object in every organization (as a system object is): only ids differ. */
function sameRowsOf(organizationId: string): ObjectDefinitionRow[] {
  return rowsOf(organizationId).map((row) => ({
    ...row,
    properties: [{ name: 'code', type: 'text', label: 'Code' }],
    jsonSchema: {
      type: 'object',
      properties: { code: { type: 'string', maxLength: 3 } },
      additionalProperties: false,
    },
  }));
}

/** Heads as the repository reads them: the content named by its JSON, which stands for a hash. */
function headsOf(rows: ObjectDefinitionRow[]): DefinitionHead[] {
  return rows.map((row) => {
    const { id, organizationId: _organizationId, version, createdAt, updatedAt, archivedAt } = row;
    const { properties, jsonSchema, name, labelSingular, labelPlural, isSystem } = row;
    const content = { properties, jsonSchema, name, labelSingular, labelPlural, isSystem };
    return {
      id,
      name,
      version,
      createdAt,
      updatedAt,
      archivedAt,
      contentHash: JSON.stringify(content),
    };
  });
}

function setUp(organizationCacheSize: number, rows = rowsOf) {
  const repository = {
    findLiveHeads: jest.fn((organizationId: string) =>
      Promise.resolve(headsOf(rows(organizationId))),
    ),
    findByIds: jest.fn((organizationId: string, ids: string[]) =>
      Promise.resolve(rows(organizationId).filter((row) => ids.includes(row.id))),
    ),
  };
  const registry = new DefinitionRegistry(repository as unknown as ObjectDefinitionsRepository, {
    organizationCacheSize,
  });
  return { registry, findAll: repository.findLiveHeads, findByIds: repository.findByIds };
}

describe(DefinitionRegistry.name, () => {
  describe('find', () => {
    it('loads an organization once, then answers from memory', async () => {
      const { registry, findAll } = setUp(10);
      await registry.find(FIRST, 'ticket');
      await registry.find(FIRST, 'ticket');
      expect(findAll).toHaveBeenCalledTimes(1);
    });

    it('drops the least recently used organization beyond organizationCacheSize', async () => {
      const { registry, findAll } = setUp(2);
      await registry.find(FIRST, 'ticket');
      await registry.find(SECOND, 'ticket');
      await registry.find(FIRST, 'ticket');
      await registry.find(THIRD, 'ticket');
      expect(findAll.mock.calls.map(([id]) => id)).toEqual([FIRST, SECOND, THIRD]);
      await registry.find(FIRST, 'ticket');
      await registry.find(THIRD, 'ticket');
      expect(findAll).toHaveBeenCalledTimes(3);
      await registry.find(SECOND, 'ticket');
      expect(findAll).toHaveBeenLastCalledWith(SECOND);
      expect(findAll).toHaveBeenCalledTimes(4);
    });

    it('reloads a dropped organization with its own definitions and a working validator', async () => {
      const { registry } = setUp(1);
      await registry.find(FIRST, 'ticket');
      await registry.find(SECOND, 'ticket');
      const reloaded = await registry.find(FIRST, 'ticket');
      expect(reloaded?.organizationId).toBe(FIRST);
      expect([...(reloaded?.propertyByName.keys() ?? [])]).toEqual(['code_1']);
      expect(reloaded?.validate({ code_1: 'abc' })).toBe(true);
      expect(reloaded?.validate({ code_1: 'abcd' })).toBe(false);
      expect(reloaded?.validate({ code_2: 'abc' })).toBe(false);
    });
  });

  describe('compile', () => {
    it('reads whole rows only of contents it does not hold yet', async () => {
      const { registry, findByIds } = setUp(10, sameRowsOf);
      await registry.find(FIRST, 'ticket');
      await registry.find(SECOND, 'ticket');
      expect(findByIds.mock.calls.map(([organizationId]) => organizationId)).toEqual([FIRST]);
    });

    it('shares the content of identical definitions between organizations, frozen', async () => {
      const { registry } = setUp(10, sameRowsOf);
      const first = await registry.find(FIRST, 'ticket');
      const second = await registry.find(SECOND, 'ticket');
      expect([first?.organizationId, second?.organizationId]).toEqual([FIRST, SECOND]);
      expect(first?.id).not.toBe(second?.id);
      expect(second?.properties).toBe(first?.properties);
      expect(second?.jsonSchema).toBe(first?.jsonSchema);
      expect(second?.propertyByName).toBe(first?.propertyByName);
      expect(second?.validate).toBe(first?.validate);
      expect(Object.isFrozen(first?.properties[0])).toBe(true);
      expect(() => (first?.properties as unknown[]).push({})).toThrow(TypeError);
      expect(second?.validate({ code: 'abc' })).toBe(true);
    });

    it('keeps definitions of different content apart', async () => {
      const { registry } = setUp(10);
      const first = await registry.find(FIRST, 'ticket');
      const second = await registry.find(SECOND, 'ticket');
      expect(second?.properties).not.toBe(first?.properties);
      expect(second?.validate).not.toBe(first?.validate);
    });
  });
});
