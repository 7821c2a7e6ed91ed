import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { PropertiesService } from 'src/data-model/properties.service';
import type { RequestContext } from 'src/organizations/request-context';
import { type BatchResult, eachInput } from './hubspot-batch.service';
import { type HubSpotObject, plinthNameOf } from './hubspot-names';
import { HubSpotNamesService } from './hubspot-names.service';
import {
  groupNameOf,
  groupOf,
  type HubSpotProperty,
  type HubSpotPropertyGroup,
  toHubSpotProperty,
  toPlinthProperty,
  toPlinthPropertyPatch,
} from './hubspot-properties';
import { batchInputs } from './hubspot-query';

/**
 * HubSpot's properties API (`/crm/v3/properties/{objectType}`) over the data model's
 * PropertiesService: the same checks of existing data, history and events as Plinth's own.
 */
@Injectable()
export class HubSpotPropertiesService {
  constructor(
    private readonly names: HubSpotNamesService,
    private readonly properties: PropertiesService,
  ) {}

  async listProperties(context: RequestContext, objectType: string): Promise<HubSpotProperty[]> {
    const object = await this.names.resolve(context, objectType);
    return object.definition.properties.map((property, index) =>
      this.toWire(object, property.name, index),
    );
  }

  async getProperty(
    context: RequestContext,
    objectType: string,
    name: string,
  ): Promise<HubSpotProperty> {
    const object = await this.names.resolve(context, objectType);
    return this.toWire(object, this.plinthName(object, name));
  }

  async createProperty(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<HubSpotProperty> {
    const object = await this.names.resolve(context, objectType);
    const property = toPlinthProperty(body);
    if (plinthNameOf(object, property.name) !== undefined) {
      throw new AppError(
        ErrorCode.Conflict,
        `A property named ${property.name} already exists on ${object.name}`,
        { name: 'is taken' },
      );
    }
    await this.properties.addProperty(context, object.definition.name, property, false);
    return this.toWire(await this.names.objectOf(context, object.definition.name), property.name);
  }

  async updateProperty(
    context: RequestContext,
    objectType: string,
    name: string,
    body: unknown,
  ): Promise<HubSpotProperty> {
    const object = await this.names.resolve(context, objectType);
    const plinth = this.plinthName(object, name);
    await this.properties.updateProperty(
      context,
      object.definition.name,
      plinth,
      toPlinthPropertyPatch(body),
      false,
    );
    return this.toWire(await this.names.objectOf(context, object.definition.name), plinth);
  }

  async archiveProperty(context: RequestContext, objectType: string, name: string): Promise<void> {
    const object = await this.names.resolve(context, objectType);
    await this.properties.deleteProperty(
      context,
      object.definition.name,
      this.plinthName(object, name),
    );
  }

  async createProperties(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<BatchResult<HubSpotProperty>> {
    return eachInput(
      new Date().toISOString(),
      batchInputs<{ name?: unknown }>(body),
      (input) => [String(input.name)],
      (input) => this.createProperty(context, objectType, input),
    );
  }

  async readProperties(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<BatchResult<HubSpotProperty>> {
    const startedAt = new Date().toISOString();
    const object = await this.names.resolve(context, objectType);
    return eachInput(
      startedAt,
      batchInputs<{ name?: unknown }>(body),
      (input) => [String(input.name)],
      (input) => this.toWire(object, this.plinthName(object, String(input.name))),
    );
  }

  async archiveProperties(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<void> {
    for (const input of batchInputs<{ name?: unknown }>(body)) {
      await this.archiveProperty(context, objectType, String(input.name));
    }
  }

  async listGroups(context: RequestContext, objectType: string): Promise<HubSpotPropertyGroup[]> {
    return [groupOf(await this.names.resolve(context, objectType))];
  }

  async getGroup(
    context: RequestContext,
    objectType: string,
    name: string,
  ): Promise<HubSpotPropertyGroup> {
    const object = await this.names.resolve(context, objectType);
    if (name !== groupNameOf(object)) {
      throw new AppError(
        ErrorCode.NotFound,
        `${object.name} has no property group ${name}; its one group is ${groupNameOf(object)}`,
      );
    }
    return groupOf(object);
  }

  /** Plinth has one property group per object: groups are read-only here. */
  groupsAreFixed(): never {
    throw new AppError(
      ErrorCode.BadRequest,
      'Plinth keeps one property group per object; groups cannot be created, changed or archived',
      { groupName: 'groups are read-only' },
    );
  }

  private plinthName(object: HubSpotObject, name: string): string {
    const plinth = plinthNameOf(object, name);
    if (plinth === undefined || !object.definition.propertyByName.has(plinth)) {
      throw new AppError(ErrorCode.NotFound, `Property ${name} does not exist on ${object.name}`, {
        propertyName: `unknown property "${name}"`,
      });
    }
    return plinth;
  }

  private toWire(object: HubSpotObject, plinthName: string, index?: number): HubSpotProperty {
    const properties = object.definition.properties;
    const position = index ?? properties.findIndex((property) => property.name === plinthName);
    const property = properties[position];
    if (!property) {
      throw new AppError(
        ErrorCode.NotFound,
        `Property ${plinthName} does not exist on ${object.name}`,
      );
    }
    const isShipped = this.names.isShippedProperty(object.definition.name, property.name);
    return toHubSpotProperty(object, property, position, object.definition.isSystem && isShipped);
  }
}
