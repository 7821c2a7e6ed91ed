import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { cachedPromise } from 'src/common/promise-cache';
import { type AppConfig, DEFAULT_ORGANIZATION_CACHE_SIZE } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import { createAjv } from './ajv.factory';
import { identityFields, type ObjectDefinition, type PropertyDefinition } from './definition.types';
import {
  type DefinitionHead,
  type ObjectDefinitionRow,
  ObjectDefinitionsRepository,
} from './object-definitions.repository';

/** A definition as records use it: properties by name and its compiled validator. */
export interface CompiledDefinition extends ObjectDefinition {
  readonly propertyByName: ReadonlyMap<string, PropertyDefinition>;
  readonly validate: ValidateFunction;
}

export function toObjectDefinition(row: ObjectDefinitionRow): ObjectDefinition {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    labels: { singular: row.labelSingular, plural: row.labelPlural },
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.navGroup !== null ? { group: row.navGroup } : {}),
    ...(row.icon !== null ? { icon: row.icon } : {}),
    ...(row.color !== null ? { color: row.color } : {}),
    ...(row.primaryDisplayProperty !== null
      ? { primary_display_property: row.primaryDisplayProperty }
      : {}),
    ...identityFields(row.identity),
    properties: row.properties as PropertyDefinition[],
    isSystem: row.isSystem,
    version: row.version,
    jsonSchema: row.jsonSchema,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    archivedAt: row.archivedAt,
  };
}

/**
 * Distinct compiled record schemas kept (one per definition version in use): a system object's
 * schema is shared by every organization, so this covers many organizations' custom objects.
 */
export const MAX_CACHED_VALIDATORS = 10_000;

/**
 * Distinct definition contents kept for sharing (the declaration, its properties by name and its
 * validator): every organization's copy of an unchanged system object is one of them, used at each
 * organization's load, so they stay; an organization's entry holds only its ids, versions and dates
 * besides pointers to shared content. A content dropped here lives on in the organizations holding
 * it (only the next load of another organization with the same content makes a copy), so a bound
 * smaller than the distinct contents of the cached organizations costs no memory.
 */
export const MAX_CACHED_CONTENTS = 1_000;

/** What differs between organizations holding a definition of the same content. */
type OwnFields = 'id' | 'organizationId' | 'version' | 'createdAt' | 'updatedAt' | 'archivedAt';

type SharedContent = Omit<CompiledDefinition, OwnFields>;

type Definitions = Map<string, CompiledDefinition>;

/**
 * The definitions of each organization, in memory (docs/architecture.md), for at most
 * `organizationCacheSize` organizations: the least recently used one is dropped beyond it and
 * reloaded from the database on its next request, so memory does not grow with organizations.
 * Definitions of the same content share one frozen object graph (declaration, properties, JSON
 * Schema, `propertyByName`, validator; at most `MAX_CACHED_CONTENTS`), validators are compiled
 * once per distinct schema (at most `MAX_CACHED_VALIDATORS`); `invalidate` drops an
 * organization's entry after a change.
 */
@Injectable()
export class DefinitionRegistry {
  private readonly ajv = createAjv();
  private readonly byOrganization: LRUCache<string, Promise<Definitions>>;
  private readonly validators = new LRUCache<string, ValidateFunction>({
    max: MAX_CACHED_VALIDATORS,
  });
  private readonly contents = new LRUCache<string, SharedContent>({ max: MAX_CACHED_CONTENTS });

  constructor(
    private readonly repository: ObjectDefinitionsRepository,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'organizationCacheSize'>,
  ) {
    this.byOrganization = new LRUCache({
      max: config?.organizationCacheSize ?? DEFAULT_ORGANIZATION_CACHE_SIZE,
    });
  }

  async find(organizationId: string, name: string): Promise<CompiledDefinition | undefined> {
    return (await this.load(organizationId)).get(name);
  }

  async list(organizationId: string): Promise<CompiledDefinition[]> {
    return [...(await this.load(organizationId)).values()];
  }

  /** Forgets every organization's definitions (notifications may have been missed). */
  invalidateAll(): void {
    this.byOrganization.clear();
  }

  invalidate(organizationId: string): void {
    this.byOrganization.delete(organizationId);
  }

  /**
   * Reads the organization's definitions without their content first (ids, versions, dates and a
   * hash of the content); only contents this process does not hold yet are read whole, so an
   * organization of system objects costs one small query and no JSON to parse.
   */
  private load(organizationId: string): Promise<Definitions> {
    return cachedPromise(this.byOrganization, organizationId, async () => {
      const heads = await this.repository.findLiveHeads(organizationId);
      // Taken now: a content dropped from the cache while the rows are read is kept here.
      const known = heads.map((head) => this.contents.get(head.contentHash));
      const missing = heads.filter((_, index) => !known[index]).map(({ id }) => id);
      const rows =
        missing.length > 0 ? await this.repository.findByIds(organizationId, missing) : [];
      const rowById = new Map(rows.map((row) => [row.id, row]));
      const definitions: Definitions = new Map();
      for (const [index, head] of heads.entries()) {
        const definition = this.definitionOf(
          organizationId,
          head,
          known[index],
          rowById.get(head.id),
        );
        if (definition) {
          definitions.set(head.name, definition);
        }
      }
      return definitions;
    });
  }

  /**
   * A definition from shared content, or compiled from its row. A row changed since its head was
   * read (another version) is used as it is and not shared under the head's hash; one deleted
   * meanwhile is left out. Either change notifies, which drops this entry.
   */
  private definitionOf(
    organizationId: string,
    head: DefinitionHead,
    known: SharedContent | undefined,
    row: ObjectDefinitionRow | undefined,
  ): CompiledDefinition | undefined {
    if (known) {
      const { id, version, createdAt, updatedAt, archivedAt } = head;
      return { ...known, id, organizationId, version, createdAt, updatedAt, archivedAt };
    }
    if (!row) {
      return undefined;
    }
    const { id, version, createdAt, updatedAt, archivedAt, ...stored } = toObjectDefinition(row);
    const { organizationId: _organizationId, ...content } = stored;
    const shared = this.compile(content);
    if (version === head.version) {
      this.contents.set(head.contentHash, shared);
    }
    return { ...shared, id, organizationId, version, createdAt, updatedAt, archivedAt };
  }

  private compile(content: Omit<ObjectDefinition, OwnFields>): SharedContent {
    return deepFreeze({
      ...content,
      propertyByName: new Map(content.properties.map((property) => [property.name, property])),
      validate: this.validatorFor(content.jsonSchema),
    });
  }

  private validatorFor(jsonSchema: ObjectDefinition['jsonSchema']): ValidateFunction {
    const key = createHash('sha1').update(JSON.stringify(jsonSchema)).digest('hex');
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(jsonSchema);
      // AJV keeps every compiled schema in a cache of its own; the validator works without it,
      // and only this bounded cache may keep validators alive.
      this.ajv.removeSchema(jsonSchema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * Shared content is read by many organizations' requests: freezing it makes a mutation through one
 * of them throw (strict mode) instead of changing the others'. The validator function is left as is.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (!(value instanceof Map)) {
      for (const child of Object.values(value)) {
        deepFreeze(child);
      }
    }
  }
  return value;
}
