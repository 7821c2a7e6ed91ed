import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AssociationsService } from 'src/associations/associations.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { DataModelObjectsService } from 'src/data-model/data-model-objects.service';
import type { RequestContext } from 'src/organizations/request-context';
import { associationTypeId } from './hubspot-association-types';
import { HubSpotLinksService } from './hubspot-links.service';
import type { HubSpotObject } from './hubspot-names';
import { HubSpotNamesService } from './hubspot-names.service';
import { type HubSpotProperty, toHubSpotProperty, toPlinthProperty } from './hubspot-properties';

export interface SchemaAssociation {
  id: string;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  name: string;
}

/** HubSpot's `ObjectSchema`. */
export interface HubSpotSchema {
  id: string;
  name: string;
  objectTypeId: string;
  fullyQualifiedName: string;
  labels: { singular: string; plural: string };
  description?: string;
  primaryDisplayProperty?: string;
  requiredProperties: string[];
  searchableProperties: string[];
  secondaryDisplayProperties: string[];
  properties: HubSpotProperty[];
  associations: SchemaAssociation[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

function invalid(message: string, key: string): AppError {
  return new AppError(ErrorCode.BadRequest, message, { [key]: message });
}

/** A schema name as a Plinth object name (`Car_Model` → `car_model`). */
function objectNameOf(raw: unknown): string {
  const name =
    typeof raw === 'string'
      ? raw
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '_')
      : '';
  if (!IDENTIFIER.test(name)) {
    throw invalid('name must start with a letter (letters, digits, _)', 'name');
  }
  return name;
}

/**
 * HubSpot's custom object schemas (`/crm-object-schemas/v3/schemas`, `/crm/v3/schemas`) over the
 * data model: a schema becomes an ordinary Plinth definition, its associations association
 * definitions.
 */
@Injectable()
export class HubSpotSchemasService {
  constructor(
    private readonly names: HubSpotNamesService,
    private readonly objects: DataModelObjectsService,
    private readonly typed: HubSpotLinksService,
    private readonly definitions: AssociationDefinitionsService,
    private readonly associations: AssociationsService,
  ) {}

  /** The organization's custom objects (HubSpot lists custom schemas only). */
  async listSchemas(context: RequestContext): Promise<HubSpotSchema[]> {
    const objects = await this.names.listObjects(context);
    return Promise.all(
      objects
        .filter((object) => !object.definition.isSystem)
        .map((object) => this.toSchema(context, object)),
    );
  }

  async getSchema(context: RequestContext, objectType: string): Promise<HubSpotSchema> {
    return this.toSchema(context, await this.names.resolve(context, objectType));
  }

  async createSchema(context: RequestContext, body: unknown): Promise<HubSpotSchema> {
    const input = (body ?? {}) as Record<string, unknown>;
    const name = objectNameOf(input.name);
    const labels = input.labels as { singular?: unknown; plural?: unknown } | undefined;
    const required = new Set(
      Array.isArray(input.requiredProperties) ? input.requiredProperties : [],
    );
    const properties = (Array.isArray(input.properties) ? input.properties : []).map((raw) => {
      const property = toPlinthProperty(raw);
      return required.has(property.name) ? { ...property, required: true } : property;
    });
    await this.objects.createObject(context, {
      name,
      labels: { singular: labels?.singular ?? name, plural: labels?.plural ?? `${name}s` },
      ...(typeof input.description === 'string' ? { description: input.description } : {}),
      ...(typeof input.primaryDisplayProperty === 'string'
        ? { primary_display_property: input.primaryDisplayProperty }
        : {}),
      properties,
    });
    const object = await this.names.objectOf(context, name);
    for (const other of Array.isArray(input.associatedObjects) ? input.associatedObjects : []) {
      await this.associate(context, object, String(other));
    }
    return this.toSchema(context, object);
  }

  async updateSchema(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<HubSpotSchema> {
    const object = await this.names.resolve(context, objectType);
    const input = (body ?? {}) as Record<string, unknown>;
    const labels = input.labels as { singular?: string; plural?: string } | undefined;
    await this.objects.updateObject(context, object.definition.name, {
      ...(labels ? { labels: { ...object.definition.labels, ...labels } } : {}),
      ...(typeof input.description === 'string' ? { description: input.description } : {}),
      ...(typeof input.primaryDisplayProperty === 'string'
        ? { primary_display_property: input.primaryDisplayProperty }
        : {}),
    });
    return this.toSchema(context, await this.names.objectOf(context, object.definition.name));
  }

  async archiveSchema(context: RequestContext, objectType: string): Promise<void> {
    const object = await this.names.resolve(context, objectType);
    await this.objects.archiveObject(context, object.definition.name);
  }

  async createAssociation(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<SchemaAssociation> {
    const object = await this.names.resolve(context, objectType);
    const input = (body ?? {}) as Record<string, unknown>;
    const toType = input.toObjectTypeId;
    if (typeof toType !== 'string') {
      throw invalid('toObjectTypeId is required', 'toObjectTypeId');
    }
    return this.associate(
      context,
      object,
      toType,
      typeof input.name === 'string' ? input.name : undefined,
    );
  }

  async deleteAssociation(context: RequestContext, objectType: string, id: string): Promise<void> {
    const object = await this.names.resolve(context, objectType);
    const sides = await this.typed.typedSidesOf(context, object.definition.name);
    const typed = sides.find((side) => String(side.typeId) === id);
    if (!typed) {
      throw new AppError(ErrorCode.AssociationNotFound, `${object.name} has no association ${id}`);
    }
    await this.associations.deleteDefinition(context, typed.definition.name, false);
  }

  /** A many-to-many association with another object (`CONTACT`, `contacts`, `0-1`, `2-…`). */
  private async associate(
    context: RequestContext,
    object: HubSpotObject,
    otherType: string,
    name?: string,
  ): Promise<SchemaAssociation> {
    const other = await this.resolveLoosely(context, otherType);
    const definition = await this.definitions.createDefinition(context, {
      name: objectNameOf(name ?? `${object.definition.name}_${other.definition.name}`),
      from: object.definition.name,
      to: other.definition.name,
      cardinality: 'many_to_many',
      from_side: {
        name: `${other.definition.name}s`.slice(0, 63),
        label: other.definition.labels.plural,
      },
      to_side: {
        name: `${object.definition.name}s`.slice(0, 63),
        label: object.definition.labels.plural,
      },
    });
    return {
      id: String(associationTypeId(definition, 'from')),
      fromObjectTypeId: object.objectTypeId,
      toObjectTypeId: other.objectTypeId,
      name: definition.name,
    };
  }

  /** HubSpot's schemas name objects in capitals and singular (`CONTACT`). */
  private async resolveLoosely(context: RequestContext, raw: string): Promise<HubSpotObject> {
    const lower = raw.toLowerCase();
    for (const candidate of [lower, `${lower}s`, lower.replace(/y$/, 'ies')]) {
      try {
        return await this.names.resolve(context, candidate);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 404) {
          throw error;
        }
      }
    }
    return this.names.resolve(context, raw);
  }

  private async toSchema(context: RequestContext, object: HubSpotObject): Promise<HubSpotSchema> {
    const { definition } = object;
    const sides = await this.typed.typedSidesOf(context, definition.name);
    const others = await this.names.listObjects(context);
    const typeIdOf = new Map(others.map((other) => [other.definition.name, other.objectTypeId]));
    return {
      id: object.objectTypeId.replace(/^\d+-/, ''),
      name: object.name,
      objectTypeId: object.objectTypeId,
      fullyQualifiedName: `p_${object.name}`,
      labels: definition.labels,
      ...(definition.description ? { description: definition.description } : {}),
      ...(definition.primary_display_property
        ? { primaryDisplayProperty: definition.primary_display_property }
        : {}),
      requiredProperties: definition.properties.filter((p) => p.required).map((p) => p.name),
      searchableProperties: definition.properties.filter((p) => p.indexed).map((p) => p.name),
      secondaryDisplayProperties: [],
      properties: definition.properties.map((property, index) =>
        toHubSpotProperty(object, property, index, false),
      ),
      associations: sides.map((typed) => ({
        id: String(typed.typeId),
        fromObjectTypeId: object.objectTypeId,
        toObjectTypeId: typeIdOf.get(typed.side.otherObject) ?? typed.side.otherObject,
        name: typed.definition.name,
      })),
      archived: definition.archivedAt !== null,
      createdAt: definition.createdAt.toISOString(),
      updatedAt: definition.updatedAt.toISOString(),
    };
  }
}
