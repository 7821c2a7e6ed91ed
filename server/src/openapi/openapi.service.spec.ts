import type { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import type { LinkSide } from 'src/association-definitions/link-side';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import type { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { systemContext } from 'src/organizations/request-context';
import { parse } from 'yaml';
import { OpenApiService } from './openapi.service';
import type { OpenApiDocument } from './openapi.types';

const FIXED: OpenApiDocument = { openapi: '3.1.0', info: { title: 'Plinth API' }, paths: {} };
const SHIPMENT: ObjectDefinitionInput = {
  name: 'shipment',
  labels: { singular: 'Shipment', plural: 'Shipments' },
  properties: [{ name: 'tracking_number', type: 'text', label: 'Tracking number' }],
};

function compiled(input: ObjectDefinitionInput, version: number): CompiledDefinition {
  return {
    ...input,
    id: `id-${input.name}`,
    organizationId: 'org-1',
    isSystem: false,
    version,
    jsonSchema: compileDefinitionSchema(input),
  } as CompiledDefinition;
}

describe(OpenApiService.name, () => {
  const context = systemContext('org-1');
  let definitions: CompiledDefinition[];
  let sides: LinkSide[];
  let service: OpenApiService;

  beforeEach(() => {
    definitions = [compiled(SHIPMENT, 1)];
    sides = [];
    const objectDefinitions = {
      listDefinitions: () => Promise.resolve(definitions),
    } as unknown as ObjectDefinitionsService;
    const links = {
      sidesOfObject: () => Promise.resolve(sides),
    } as unknown as AssociationDefinitionsService;
    service = new OpenApiService(objectDefinitions, links);
    service.useFixedDocument(FIXED);
  });

  describe('getDocument', () => {
    it('builds once while the definitions keep their versions', async () => {
      const first = await service.getDocument(context);
      expect(first.paths).toHaveProperty(['/api/objects/shipment']);
      expect(await service.getDocument(context)).toBe(first);
    });

    it('rebuilds when a definition gets a new version or a new object appears', async () => {
      const first = await service.getDocument(context);
      const withWeight: ObjectDefinitionInput = {
        ...SHIPMENT,
        properties: [...SHIPMENT.properties, { name: 'weight', type: 'number', label: 'Weight' }],
      };
      definitions = [compiled(withWeight, 2)];
      const second = await service.getDocument(context);
      expect(second).not.toBe(first);
      expect(second.components?.schemas?.Shipment).toHaveProperty(['properties', 'weight']);
      definitions = [
        ...definitions,
        compiled(
          { ...SHIPMENT, name: 'parcel', labels: { singular: 'Parcel', plural: 'Parcels' } },
          1,
        ),
      ];
      expect((await service.getDocument(context)).paths).toHaveProperty(['/api/objects/parcel']);
    });

    it('rebuilds when an association side appears', async () => {
      const first = await service.getDocument(context);
      sides = [
        {
          name: 'carrier',
          label: 'Carrier',
          associationType: 'a-1',
          selfColumn: 'from',
          otherObject: 'company',
          isToOne: true,
          referenceField: 'carrier_id',
        },
      ];
      const second = await service.getDocument(context);
      expect(second).not.toBe(first);
      expect(second.components?.schemas?.Shipment).toHaveProperty(['properties', 'carrier_id']);
    });

    it('shares one document between organizations whose definitions have the same content', async () => {
      const first = await service.getDocument(context);
      // Another organization's copy of the same object: other id, organization and version.
      definitions = [{ ...compiled(SHIPMENT, 7), id: 'id-other', organizationId: 'org-2' }];
      expect(await service.getDocument(systemContext('org-2'))).toBe(first);
      definitions = [compiled({ ...SHIPMENT, description: 'Parcels we send' }, 7)];
      expect(await service.getDocument(systemContext('org-2'))).not.toBe(first);
    });

    it('fails loudly when start-up did not hand it the fixed document', async () => {
      const bare = new OpenApiService(
        { listDefinitions: () => Promise.resolve([]) } as unknown as ObjectDefinitionsService,
        {} as AssociationDefinitionsService,
      );
      await expect(bare.getDocument(context)).rejects.toThrow(/configureOpenApi/);
    });
  });

  describe('getDocument without a credential', () => {
    it('serves the fixed endpoints only, without reading any definition', async () => {
      const anonymous = new OpenApiService(
        {} as ObjectDefinitionsService,
        {} as AssociationDefinitionsService,
      );
      anonymous.useFixedDocument(FIXED);
      const document = await anonymous.getDocument(undefined);
      expect(document.paths).toEqual({});
      expect(document.info).toEqual(FIXED.info);
      expect(await anonymous.getDocument(undefined)).toBe(document);
      expect(parse(await anonymous.getDocumentYaml(undefined))).toEqual(document);
    });
  });

  describe('getDocumentYaml', () => {
    it('is the same document as YAML', async () => {
      expect(parse(await service.getDocumentYaml(context))).toEqual(
        await service.getDocument(context),
      );
    });
  });
});
