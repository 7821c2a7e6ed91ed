import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { createAjv } from './ajv.factory';
import type { ObjectDefinition, PropertyDefinition } from './definition.types';
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
 * The definitions of each organization, in memory (docs/architecture.md). Validators are compiled once per
 * distinct schema (so once per definition version); `invalidate` drops an organization's entry after a change.
 */
@Injectable()
export class DefinitionRegistry {
  private readonly ajv = createAjv();
  private readonly byOrganization = new Map<string, Promise<Map<string, CompiledDefinition>>>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly repository: ObjectDefinitionsRepository) {}

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

  private load(organizationId: string): Promise<Map<string, CompiledDefinition>> {
    let entry = this.byOrganization.get(organizationId);
    if (!entry) {
      entry = this.repository.findAll(organizationId).then((rows) => {
        return new Map(rows.map((row) => [row.name, this.compile(toObjectDefinition(row))]));
      });
      entry.catch(() => this.byOrganization.delete(organizationId));
      this.byOrganization.set(organizationId, entry);
    }
    return entry;
  }

  private compile(definition: ObjectDefinition): CompiledDefinition {
    // Keyed by content: every organization's copy of a system object shares one validator.
    const key = createHash('sha1').update(JSON.stringify(definition.jsonSchema)).digest('hex');
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(definition.jsonSchema);
      this.validators.set(key, validate);
    }
    return {
      ...definition,
      propertyByName: new Map(definition.properties.map((property) => [property.name, property])),
      validate,
    };
  }
}
