import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { type AppConfig, DEFAULT_ORGANIZATION_CACHE_SIZE } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import { createAjv } from './ajv.factory';
import { identityFields, type ObjectDefinition, type PropertyDefinition } from './definition.types';
import {
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

type Definitions = Map<string, CompiledDefinition>;

/**
 * The definitions of each organization, in memory (docs/architecture.md), for at most
 * `organizationCacheSize` organizations: the least recently used one is dropped beyond it and
 * reloaded from the database on its next request, so memory does not grow with organizations.
 * Validators are compiled once per distinct schema (so once per definition version), at most
 * `MAX_CACHED_VALIDATORS` of them; `invalidate` drops an organization's entry after a change.
 */
@Injectable()
export class DefinitionRegistry {
  private readonly ajv = createAjv();
  private readonly byOrganization: LRUCache<string, Promise<Definitions>>;
  private readonly validators = new LRUCache<string, ValidateFunction>({
    max: MAX_CACHED_VALIDATORS,
  });

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

  private load(organizationId: string): Promise<Definitions> {
    let entry = this.byOrganization.get(organizationId);
    if (!entry) {
      const loading = this.repository.findAll(organizationId).then((rows) => {
        return new Map(rows.map((row) => [row.name, this.compile(toObjectDefinition(row))]));
      });
      loading.catch(() => {
        // A failed load is not kept; a newer entry stays.
        if (this.byOrganization.peek(organizationId) === loading) {
          this.byOrganization.delete(organizationId);
        }
      });
      this.byOrganization.set(organizationId, loading);
      entry = loading;
    }
    return entry;
  }

  private compile(definition: ObjectDefinition): CompiledDefinition {
    // Keyed by content: every organization's copy of a system object shares one validator.
    const key = createHash('sha1').update(JSON.stringify(definition.jsonSchema)).digest('hex');
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(definition.jsonSchema);
      // AJV keeps every compiled schema in a cache of its own; the validator works without it,
      // and only this bounded cache may keep validators alive.
      this.ajv.removeSchema(definition.jsonSchema);
      this.validators.set(key, validate);
    }
    return {
      ...definition,
      propertyByName: new Map(definition.properties.map((property) => [property.name, property])),
      validate,
    };
  }
}
