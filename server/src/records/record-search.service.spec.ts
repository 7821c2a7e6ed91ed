import type { LinkSide } from 'src/association-definitions/link-side';
import { createAjv } from 'src/object-definitions/ajv.factory';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import { systemContext } from 'src/organizations/request-context';
import { decodeCursor } from './record-search-cursor';
import type { RecordSearchRepository, SearchRow } from './record-search.repository';
import { RecordSearchService } from './record-search.service';
import type { RecordResponse } from './records.dto';
import type { RecordsService } from './records.service';

const DEAL: ObjectDefinitionInput = {
  name: 'deal',
  labels: { singular: 'Deal', plural: 'Deals' },
  properties: [
    { name: 'name', type: 'text', label: 'Name' },
    { name: 'amount', type: 'number', label: 'Amount' },
  ],
};

const COMPANY_SIDE: LinkSide = {
  name: 'company',
  label: 'Company',
  associationType: 'assoc-1',
  selfColumn: 'from',
  otherObject: 'company',
  isToOne: true,
  referenceField: 'company_id',
};

function compiled(input: ObjectDefinitionInput): CompiledDefinition {
  const jsonSchema = compileDefinitionSchema(input);
  return {
    ...input,
    id: 'def-1',
    organizationId: 'org-1',
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

function row(index: number): SearchRow {
  const id = `00000000-0000-4000-8000-00000000000${index}`;
  return {
    id,
    properties: { name: `Deal ${index}`, amount: index },
    created_at: new Date(0),
    updated_at: new Date(0),
    version: 1,
    owner_id: null,
    created_by: 'system',
    updated_by: 'system',
    archived_at: null,
    archived_by: null,
    sort_keys: [String(index), id],
  };
}

describe(RecordSearchService.name, () => {
  const context = systemContext('org-1');
  const definition = compiled(DEAL);
  let rows: SearchRow[];
  let repository: { findSearchPage: jest.Mock; countSearch: jest.Mock };
  let respond: jest.Mock;
  let service: RecordSearchService;

  beforeEach(() => {
    rows = [row(1), row(2), row(3)];
    repository = {
      findSearchPage: jest.fn(() => Promise.resolve(rows)),
      countSearch: jest.fn(() => Promise.resolve(42)),
    };
    respond = jest.fn(
      (_context: unknown, _definition: unknown, page: SearchRow[], _include, sides: LinkSide[]) =>
        Promise.resolve(
          page.map((r): RecordResponse => ({
            id: r.id,
            ...r.properties,
            ...(sides.length > 0 ? { company_id: null } : {}),
            owner_id: null,
            created_by: 'system',
            updated_by: 'system',
            created_at: 'c',
            updated_at: 'u',
          })),
        ),
    );
    const records = {
      readable: () =>
        Promise.resolve({ definition, scope: { organizationId: 'org-1', definitionId: 'd' } }),
      linkContext: () => Promise.resolve({ sides: [COMPANY_SIDE], otherDefinitions: new Map() }),
      respond,
      noteIndexUses: () => undefined,
    } as unknown as RecordsService;
    service = new RecordSearchService(repository as unknown as RecordSearchRepository, records);
  });

  describe('searchRecords', () => {
    it('answers limit records and the cursor of the last one when there are more', async () => {
      const body = { sorts: [{ property: 'amount' }], limit: 2 };
      const response = await service.searchRecords(context, 'deal', body);
      expect(response.results.map((r) => r.name)).toEqual(['Deal 1', 'Deal 2']);
      const query = repository.findSearchPage.mock.calls[0]?.[1] as {
        sortSpec: string;
        keys: Parameters<typeof decodeCursor>[2];
      };
      const after = response.paging.next?.after ?? '';
      expect(decodeCursor(after, query.sortSpec, query.keys)).toEqual(['2', row(2).id]);
      expect(response).not.toHaveProperty('total');
      expect(repository.countSearch).not.toHaveBeenCalled();
    });

    it('answers no next page on the last one, and the total when asked', async () => {
      const response = await service.searchRecords(context, 'deal', {
        limit: 3,
        with_total: true,
      });
      expect(response.paging).toEqual({});
      expect(response.total).toBe(42);
      expect(response.results).toHaveLength(3);
    });

    it('reads reference fields only when they are answered', async () => {
      const picked = await service.searchRecords(context, 'deal', { properties: ['name'] });
      expect(respond.mock.calls[0]?.[4]).toEqual([]);
      expect(picked.results[0]).toEqual({
        id: row(1).id,
        name: 'Deal 1',
        owner_id: null,
        created_by: 'system',
        updated_by: 'system',
        created_at: 'c',
        updated_at: 'u',
      });
      await service.searchRecords(context, 'deal', { properties: ['company_id'] });
      expect(respond.mock.calls[1]?.[4]).toEqual([COMPANY_SIDE]);
    });

    it('refuses a bad request before reading anything', async () => {
      await expect(
        service.searchRecords(context, 'deal', { sorts: [{ property: 'nope' }] }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: { 'sorts.0.property': expect.any(String) },
      });
      expect(repository.findSearchPage).not.toHaveBeenCalled();
    });
  });
});
