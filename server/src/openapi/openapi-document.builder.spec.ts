import { createAjv } from 'src/object-definitions/ajv.factory';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { JsonSchema, ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import { PROPERTY_TYPES } from 'src/object-definitions/definition.types';
import { validateDefinition } from 'src/object-definitions/definition.validator';
/* eslint-disable no-restricted-imports -- unit tests share test/support (docs/architecture.md), which has no src/ alias */
import { standaloneSchema } from '../../../test/support/openapi-response-validator';
import { validateOpenApiDocuments } from '../../../test/support/openapi-tools';
import { randomDefinitions, seededRandom } from '../../../test/support/random-definitions';
/* eslint-enable no-restricted-imports */
import { buildOpenApiDocument } from './openapi-document.builder';
import type {
  OpenApiDefinition,
  OpenApiDocument,
  OpenApiLink,
  OpenApiObject,
} from './openapi.types';
import { propertyExample } from './property-examples';
import { systemOpenApiDefinitions } from './system-openapi-definitions';

/** The shape SwaggerModule.createDocument gives the fixed endpoints (abridged). */
const FIXED: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Plinth API', version: '1.0.0' },
  paths: {
    '/api/health': {
      get: {
        operationId: 'getHealth',
        tags: ['Health'],
        responses: { 200: { description: 'ok' } },
      },
    },
    '/api/object-definitions': {
      get: {
        operationId: 'listObjectDefinitions',
        tags: ['Object definitions'],
        responses: { 200: { description: 'ok' } },
      },
    },
  },
  components: { schemas: { HealthResponseDto: { type: 'object' } } },
  tags: [],
};

const SEEDS = [1, 42, 2026];

/** The sides the system associations give deal, company and person (a part of them). */
const LINKS: Record<string, OpenApiLink[]> = {
  deal: [
    { name: 'company', label: 'Company', otherObject: 'company', referenceField: 'company_id' },
    { name: 'contacts', label: 'Contacts', otherObject: 'person' },
  ],
  company: [{ name: 'deals', label: 'Deals', otherObject: 'deal' }],
  person: [{ name: 'deals', label: 'Deals', otherObject: 'deal' }],
};

function custom(definition: ObjectDefinitionInput): OpenApiDefinition {
  return { ...definition, isSystem: false, jsonSchema: compileDefinitionSchema(definition) };
}

function randomCustomDefinitions(seed: number): OpenApiDefinition[] {
  return randomDefinitions(seed, 8).map(custom);
}

function operations(document: OpenApiDocument): Array<OpenApiObject & { operationId: string }> {
  return Object.values(document.paths).flatMap((pathItem) =>
    ['get', 'post', 'put', 'patch', 'delete'].flatMap((method) =>
      pathItem[method] ? [pathItem[method] as OpenApiObject & { operationId: string }] : [],
    ),
  );
}

function allRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((item) => allRefs(item, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') {
        found.push(item);
      } else {
        allRefs(item, found);
      }
    }
  }
  return found;
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>(
      (target, part) =>
        typeof target === 'object' && target !== null
          ? (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
          : undefined,
      document,
    );
}

describe(buildOpenApiDocument.name, () => {
  const system = systemOpenApiDefinitions();
  const systemDocument = buildOpenApiDocument(FIXED, system);

  it('generates definitions every meta-schema rule accepts (the test data is valid)', () => {
    for (const seed of SEEDS) {
      for (const definition of randomDefinitions(seed, 8)) {
        expect({ name: definition.name, problems: validateDefinition(definition) }).toEqual({
          name: definition.name,
          problems: [],
        });
        expect(new Set(definition.properties.map((p) => p.type))).toEqual(new Set(PROPERTY_TYPES));
      }
    }
  });

  it('produces documents a real OpenAPI 3.1 validator accepts, for system and random objects', async () => {
    const documents = [
      systemDocument,
      ...SEEDS.map((seed) => buildOpenApiDocument(FIXED, randomCustomDefinitions(seed))),
      buildOpenApiDocument(FIXED, [...system, ...randomCustomDefinitions(7)]),
    ];
    // The last one is broken on purpose: the validator must notice.
    const broken = {
      ...systemDocument,
      paths: { '/api/x': { get: { parameters: [{ name: 'x', in: 'body' }] } } },
    };
    const results = await validateOpenApiDocuments([...documents, broken]);
    expect(results.map(({ valid, version, errors }) => ({ valid, version, errors }))).toEqual([
      ...documents.map(() => ({ valid: true, version: '3.1', errors: undefined })),
      { valid: false, version: '3.1', errors: expect.anything() },
    ]);
  });

  it('names operations from the labels, never deriving a plural', () => {
    const ids = operations(systemDocument).map((operation) => operation.operationId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'listDeals',
        'createDeal',
        'getDeal',
        'replaceDeal',
        'updateDeal',
        'deleteDeal',
        'listPeople',
        'getPerson',
        'listInvoiceSchedules',
        'updateInvoiceSchedule',
      ]),
    );
    const deal = systemDocument.paths['/api/objects/deal/{id}'] ?? {};
    expect(
      ['get', 'put', 'patch', 'delete'].map((m) => (deal[m] as OpenApiObject).operationId),
    ).toEqual(['getDeal', 'replaceDeal', 'updateDeal', 'deleteDeal']);
  });

  it.each(SEEDS)('keeps operation ids, schema names and tags unique (seed %i)', (seed) => {
    const document = buildOpenApiDocument(FIXED, [...system, ...randomCustomDefinitions(seed)]);
    const ids = operations(document).map((operation) => operation.operationId);
    expect(ids.length).toBe(new Set(ids).size);
    const tags = (document.tags ?? []).map((tag) => tag.name);
    expect(tags.length).toBe(new Set(tags).size);
    // Per object: the collection, an item, batch, search, export.csv, restore, batch update and
    // delete; upsert and its batch where it has a key; merge and duplicates where it has duplicate
    // rules; 7 schemas.
    const definitions = [...system, ...randomCustomDefinitions(seed)];
    const keyed = definitions.filter(
      (d) => d.properties.some((p) => p.unique) || (d.keys ?? []).length > 0,
    ).length;
    const ruled = definitions.filter((d) => (d.duplicate_rules ?? []).length > 0).length;
    expect(Object.keys(document.paths)).toHaveLength(
      2 + 8 * (system.length + 8) + 2 * keyed + 3 * ruled,
    );
    expect(Object.keys(document.components?.schemas ?? {})).toHaveLength(
      1 + 1 + 7 * (system.length + 8),
    );
  });

  it('gives a custom object whose label clashes the names of its API name instead', () => {
    const clash = custom({
      name: 'deal_v2',
      labels: { singular: 'Deal', plural: 'Deals' },
      properties: [{ name: 'title', type: 'text', label: 'Title' }],
    });
    const health = custom({
      name: 'health_check',
      labels: { singular: 'Health', plural: 'Health' },
      properties: [],
    });
    const document = buildOpenApiDocument(FIXED, [clash, health, ...system]);
    const ids = operations(document).map((operation) => operation.operationId);
    expect(ids).toEqual(
      expect.arrayContaining(['listDeals', 'getDeal', 'listDealV2Records', 'getDealV2']),
    );
    expect(ids).toEqual(expect.arrayContaining(['getHealthCheck', 'listHealth']));
    expect(ids.filter((id) => id === 'getHealth')).toHaveLength(1);
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['Deal', 'DealV2', 'DealV2Create', 'HealthCheck']),
    );
    expect(document.tags?.map((tag) => tag.name)).toEqual(
      expect.arrayContaining(['Deals', 'Deals (deal_v2)', 'Health (health_check)']),
    );
  });

  it('is deterministic: same definitions in any order, byte-identical JSON', () => {
    const definitions = [...system, ...randomCustomDefinitions(42)];
    const random = seededRandom(9);
    const shuffled = [...definitions].sort(() => random() - 0.5);
    const first = JSON.stringify(buildOpenApiDocument(FIXED, definitions));
    expect(JSON.stringify(buildOpenApiDocument(FIXED, shuffled))).toBe(first);
    expect(JSON.stringify(buildOpenApiDocument(FIXED, definitions))).toBe(first);
  });

  it('sorts every object key', () => {
    const isSorted = (value: unknown): boolean => {
      if (Array.isArray(value)) {
        return value.every(isSorted);
      }
      if (typeof value !== 'object' || value === null) {
        return true;
      }
      const keys = Object.keys(value);
      return (
        keys.every((key, i) => i === 0 || (keys[i - 1] ?? '') < key) &&
        Object.values(value).every(isSorted)
      );
    };
    expect(isSorted(systemDocument)).toBe(true);
  });

  it('resolves every $ref and keeps no $schema', () => {
    const document = buildOpenApiDocument(FIXED, [...system, ...randomCustomDefinitions(1)]);
    const unresolved = allRefs(document).filter(
      (ref) => resolvePointer(document, ref) === undefined,
    );
    expect(unresolved).toEqual([]);
    expect(JSON.stringify(document)).not.toContain('"$schema"');
  });

  it('documents the record, its create and update bodies from the compiled schema', () => {
    const schemas = systemDocument.components?.schemas ?? {};
    const deal = schemas.Deal as { properties: Record<string, JsonSchema>; required: string[] };
    expect(deal.required).toEqual([
      'id',
      'currency',
      'stage',
      'pipeline',
      'owner_id',
      'created_by',
      'updated_by',
      'created_at',
      'updated_at',
    ]);
    expect(deal.properties.stage).toMatchObject({
      type: 'string',
      enum: ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'],
      'x-options': expect.arrayContaining([{ value: 'won', label: 'Won', order: 4 }]),
      default: 'lead',
      examples: ['lead'],
    });
    expect(deal.properties.amount).toMatchObject({ examples: ['1250.00'] });
    expect(schemas.DealCreate).toMatchObject({
      required: ['name'],
      properties: { stage: { $ref: '#/components/schemas/Deal/properties/stage' } },
    });
    expect(schemas.DealUpdate).not.toHaveProperty('required');
    expect(schemas.DealUpdate).toMatchObject({
      properties: {
        stage: {
          anyOf: [{ $ref: '#/components/schemas/Deal/properties/stage' }, { type: 'null' }],
        },
      },
    });
  });

  it('documents the list parameters, the filter operators, Content-Range and X-Total-Estimated', () => {
    const list = (systemDocument.paths['/api/objects/deal'] ?? {}).get as {
      parameters: Array<{ name?: string; $ref?: string }>;
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };
    expect(list.parameters.map((p) => p.name ?? p.$ref)).toEqual([
      'sort',
      '#/components/parameters/Range',
      '#/components/parameters/Count',
      'filter',
    ]);
    expect(list.responses['200']?.headers).toHaveProperty('Content-Range');
    expect(list.responses['200']?.headers).toHaveProperty('X-Total-Estimated');
    expect(systemDocument.components?.parameters?.Count).toMatchObject({
      name: 'count',
      in: 'query',
      schema: { enum: ['exact'] },
    });
    const filter = systemDocument.components?.schemas?.DealFilter as {
      properties: Record<string, unknown>;
      patternProperties: Record<string, unknown>;
      description: string;
    };
    expect(Object.keys(filter.properties)).toEqual(expect.arrayContaining(['id', 'q', 'stage']));
    expect(Object.keys(filter.patternProperties)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\|amount\|.*_\(gt\|gte\|lt\|lte\)\$$/)]),
    );
    for (const operator of [
      '_neq',
      '_gt',
      '_gte',
      '_lt',
      '_lte',
      '_in',
      '_nin',
      '_contains',
      '_exists',
    ]) {
      expect(filter.description).toContain(operator.slice(1));
    }
  });

  describe('batch, search and associations', () => {
    const linked = system.map((definition) => ({
      ...definition,
      links: LINKS[definition.name] ?? [],
    }));
    const document = buildOpenApiDocument(FIXED, linked);
    const schemas = document.components?.schemas ?? {};
    const operation = (path: string, method: string) =>
      (document.paths[path] ?? {})[method] as OpenApiObject & {
        operationId: string;
        responses: Record<string, OpenApiObject>;
      };

    it('documents the batch create with the plural, taking a list or {records}', () => {
      const batch = operation('/api/objects/deal/batch', 'post');
      expect(batch.operationId).toBe('createDealsBatch');
      expect(batch.requestBody).toMatchObject({
        content: {
          'application/json': {
            schema: {
              anyOf: [
                { type: 'array', items: { $ref: '#/components/schemas/DealCreate' } },
                { required: ['records'] },
              ],
            },
          },
        },
      });
      expect(Object.keys(batch.responses).sort()).toEqual([
        '201',
        '400',
        '401',
        '403',
        '404',
        '409',
        'default',
      ]);
      expect(operation('/api/objects/person/batch', 'post').operationId).toBe('createPeopleBatch');
    });

    it('documents search: its request from the definition, its response and cursor', () => {
      expect(operation('/api/objects/deal/search', 'post').operationId).toBe('searchDeals');
      const request = schemas.DealSearchRequest as {
        properties: Record<string, { items: { properties: Record<string, JsonSchema> } }>;
      };
      const filter = (request.properties.filter_groups?.items.properties.filters as JsonSchema)
        .items as { properties: Record<string, JsonSchema> };
      expect(filter.properties.property).toMatchObject({
        anyOf: [
          { enum: expect.arrayContaining(['amount', 'stage', 'company_id']) },
          { pattern: '^(company|contacts)\\.[a-z][a-z0-9_]*$' },
        ],
      });
      expect(filter.properties.operator).toMatchObject({
        enum: expect.arrayContaining(['BETWEEN', 'CONTAINS_TOKEN', 'NOT_HAS_PROPERTY']),
      });
      const sortable = request.properties.sorts?.items.properties.property as { enum: string[] };
      expect(sortable.enum).toEqual(expect.arrayContaining(['id', 'created_at', 'amount']));
      expect(schemas.DealSearchResult).toMatchObject({
        required: ['id', 'created_at', 'updated_at', 'owner_id', 'created_by', 'updated_by'],
        properties: {
          amount: { $ref: '#/components/schemas/Deal/properties/amount' },
          company_id: { type: ['string', 'null'] },
        },
      });
      expect(schemas.DealSearchResponse).toMatchObject({ required: ['results', 'paging'] });
      const company = schemas.CompanySearchRequest as typeof request;
      const companySorts = company.properties.sorts?.items.properties.property as {
        enum: string[];
      };
      expect(companySorts.enum).not.toContain('roles');
    });

    it('documents each association side: its records, linking and unlinking', () => {
      const list = operation('/api/objects/deal/{id}/associations/contacts', 'get');
      expect(list.operationId).toBe('listDealContacts');
      expect(list.responses['200']).toMatchObject({
        headers: { 'Content-Range': { required: true } },
        content: {
          'application/json': {
            schema: { type: 'array', items: { $ref: '#/components/schemas/Person' } },
          },
        },
      });
      const link = '/api/objects/deal/{id}/associations/company/{toId}';
      expect(operation(link, 'put').operationId).toBe('associateDealCompany');
      expect(operation(link, 'delete').operationId).toBe('dissociateDealCompany');
      expect(operation(link, 'put').responses['200']).toMatchObject({
        content: { 'application/json': { schema: { required: ['linked'] } } },
      });
      expect(Object.keys(operation(link, 'put').responses).sort()).toEqual([
        '200',
        '400',
        '401',
        '403',
        '404',
        '409',
        'default',
      ]);
      expect(operation('/api/objects/company/{id}/associations/deals', 'get').operationId).toBe(
        'listCompanyDeals',
      );
    });

    it('documents reference fields and dotted association filters in the list filter', () => {
      const filter = schemas.DealFilter as {
        properties: Record<string, JsonSchema>;
        patternProperties: Record<string, JsonSchema>;
      };
      expect(filter.properties.company_id).toMatchObject({
        anyOf: [{ type: 'string' }, { type: 'array' }, { type: 'null' }],
      });
      expect(Object.keys(filter.patternProperties)).toContain(
        '^(company|contacts)\\.[a-z][a-z0-9_]*$',
      );
    });

    it('numbers an association operation id another object holds already', () => {
      const clash = custom({
        name: 'deal_contact',
        labels: { singular: 'Deal contact', plural: 'Deal contacts' },
        properties: [],
      });
      const ids = operations(buildOpenApiDocument(FIXED, [...linked, clash])).map(
        (op) => op.operationId,
      );
      expect(ids).toEqual(expect.arrayContaining(['listDealContacts', 'listDealContacts2']));
      expect(ids.length).toBe(new Set(ids).size);
    });

    it('is a valid OpenAPI 3.1 document', async () => {
      const [result] = await validateOpenApiDocuments([document]);
      expect(result).toMatchObject({ valid: true });
    });
  });

  it('compiles every component schema in the strict AJV the server validates with', () => {
    const document = buildOpenApiDocument(FIXED, [...system, ...randomCustomDefinitions(2026)]);
    const ajv = createAjv();
    for (const name of Object.keys(document.components?.schemas ?? {})) {
      if (name === 'HealthResponseDto') {
        continue;
      }
      expect(() =>
        ajv.compile(standaloneSchema(document, { $ref: `#/components/schemas/${name}` })),
      ).not.toThrow();
    }
  });

  it('gives examples that pass their own property schema', () => {
    const ajv = createAjv();
    const definitions = [...system, ...SEEDS.flatMap(randomCustomDefinitions)];
    let examples = 0;
    for (const definition of definitions) {
      for (const property of definition.properties) {
        const example = propertyExample(property);
        if (example === undefined) {
          continue;
        }
        examples++;
        const schema = (definition.jsonSchema.properties as Record<string, JsonSchema>)[
          property.name
        ];
        const validate = ajv.compile({ ...schema });
        expect({
          property: `${definition.name}.${property.name}`,
          valid: validate(example),
          errors: validate.errors,
        }).toEqual({
          property: `${definition.name}.${property.name}`,
          valid: true,
          errors: null,
        });
      }
    }
    expect(examples).toBeGreaterThan(200);
  });
});
