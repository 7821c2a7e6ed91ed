import { BUILT_IN_PERMISSIONS, type Permissions } from 'src/organizations/permissions';
import { buildOpenApiDocument } from './openapi-document.builder';
import { permissionsKey, readableDefinitions } from './openapi-permissions';
import type { OpenApiDefinition, OpenApiDocument, OpenApiLink } from './openapi.types';
import { systemOpenApiDefinitions } from './system-openapi-definitions';

const FIXED: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Plinth API', version: '1.0.0' },
  paths: {},
  components: { schemas: {} },
  tags: [],
};

const LINKS: Record<string, OpenApiLink[]> = {
  deal: [
    { name: 'company', label: 'Company', otherObject: 'company', referenceField: 'company_id' },
    { name: 'contacts', label: 'Contacts', otherObject: 'person' },
  ],
  company: [{ name: 'deals', label: 'Deals', otherObject: 'deal' }],
  person: [{ name: 'deals', label: 'Deals', otherObject: 'deal' }],
};

const DEFINITIONS: OpenApiDefinition[] = systemOpenApiDefinitions()
  .filter((definition) => ['deal', 'company', 'person'].includes(definition.name))
  .map((definition) => ({ ...definition, links: LINKS[definition.name] ?? [] }));

const SALES: Permissions = {
  objects: {
    deal: { read: 'own', create: 'none', update: 'own', delete: 'none' },
    company: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    person: { read: 'none', create: 'none', update: 'none', delete: 'none' },
  },
  properties: { deal: { amount: 'hidden', probability: 'read_only' } },
  manageDataModel: false,
  manageAccess: false,
};

const schemaOf = (document: OpenApiDocument, name: string) =>
  (document.components?.schemas?.[name] ?? {}) as {
    properties?: Record<string, unknown>;
    patternProperties?: Record<string, unknown>;
  };

describe('openapi-permissions', () => {
  describe(buildOpenApiDocument.name, () => {
    it('builds the same document for an owner as without permissions', () => {
      expect(buildOpenApiDocument(FIXED, DEFINITIONS, BUILT_IN_PERMISSIONS.owner)).toEqual(
        buildOpenApiDocument(FIXED, DEFINITIONS),
      );
    });

    it('leaves out the objects the role may not read, and links to them', () => {
      const document = buildOpenApiDocument(FIXED, DEFINITIONS, SALES);
      const paths = Object.keys(document.paths);
      expect(paths.some((path) => path.startsWith('/api/objects/person'))).toBe(false);
      expect(document.components?.schemas).not.toHaveProperty('Person');
      expect(paths).not.toContain('/api/objects/deal/{id}/associations/contacts');
      expect(paths).toContain('/api/objects/deal/{id}/associations/company');
    });

    it('leaves out the operations the role may not call', () => {
      const { paths } = buildOpenApiDocument(FIXED, DEFINITIONS, SALES);
      expect(Object.keys(paths['/api/objects/deal'] ?? {})).toEqual(['get', 'parameters']);
      expect(paths).not.toHaveProperty(['/api/objects/deal/batch']);
      expect(Object.keys(paths['/api/objects/deal/{id}'] ?? {}).sort()).toEqual([
        'get',
        'parameters',
        'patch',
        'put',
      ]);
      expect(paths['/api/objects/deal/search']).toHaveProperty('post');
      expect(paths['/api/objects/company/{id}']).toHaveProperty('delete');
      const viewer = buildOpenApiDocument(FIXED, DEFINITIONS, BUILT_IN_PERMISSIONS.viewer);
      expect(
        Object.keys(viewer.paths['/api/objects/deal/{id}/associations/company/{toId}'] ?? {}),
      ).not.toContain('put');
      expect(viewer.paths['/api/objects/deal']).not.toHaveProperty('post');
    });

    it('leaves hidden properties out of schemas and filters, and keeps read-only ones', () => {
      const document = buildOpenApiDocument(FIXED, DEFINITIONS, SALES);
      expect(schemaOf(document, 'Deal').properties).not.toHaveProperty('amount');
      expect(schemaOf(document, 'Deal').properties).toHaveProperty('probability');
      expect(schemaOf(document, 'Deal').properties).toHaveProperty('owner_id');
      expect(schemaOf(document, 'DealUpdate').properties).not.toHaveProperty('amount');
      const filter = schemaOf(document, 'DealFilter');
      expect(filter.properties).not.toHaveProperty('amount');
      expect(Object.keys(filter.patternProperties ?? {}).join()).not.toMatch(/[(|]amount[|)]/);
      expect(JSON.stringify(schemaOf(document, 'DealSearchRequest'))).not.toContain('"amount"');
    });
  });

  describe(readableDefinitions.name, () => {
    it('returns the definitions untouched when nothing is hidden or unreadable', () => {
      const readable = readableDefinitions(DEFINITIONS, BUILT_IN_PERMISSIONS.member);
      readable.forEach((definition, index) => expect(definition).toBe(DEFINITIONS[index]));
    });
  });

  describe(permissionsKey.name, () => {
    it('is equal for equal permissions whatever their key order, and differs otherwise', () => {
      const reordered: Permissions = {
        manageAccess: false,
        manageDataModel: false,
        properties: SALES.properties,
        objects: {
          person: SALES.objects.person as Permissions['objects'][string],
          company: SALES.objects.company as Permissions['objects'][string],
          deal: SALES.objects.deal as Permissions['objects'][string],
        },
      };
      expect(permissionsKey(reordered)).toBe(permissionsKey(SALES));
      expect(permissionsKey(BUILT_IN_PERMISSIONS.member)).not.toBe(
        permissionsKey(BUILT_IN_PERMISSIONS.viewer),
      );
    });
  });
});
