import { Injectable } from '@nestjs/common';
import type { HubSpotNames } from 'src/object-definitions/definition.types';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import {
  hubSpotObjectOf,
  objectNameOf,
  systemNamesOf,
  unknownObjectType,
  type HubSpotObject,
} from './hubspot-names';

/**
 * The HubSpot names of the caller's objects: `{objectType}` → definition, and back. The system
 * objects' names come from the `hubspot` blocks of their shipped files (object-definitions/).
 */
@Injectable()
export class HubSpotNamesService {
  private systemNames?: Map<string, HubSpotNames>;
  private shipped?: Map<string, Set<string>>;

  constructor(private readonly definitions: ObjectDefinitionsService) {}

  private names(): Map<string, HubSpotNames> {
    this.systemNames ??= systemNamesOf(this.definitions.loadSystemDefinitions());
    return this.systemNames;
  }

  /** The object `{objectType}` names (404 naming it when none). */
  async resolve(context: RequestContext, objectType: string): Promise<HubSpotObject> {
    const names = this.names();
    // HubSpot's names and a definition's own name need no list of the organization's objects.
    const known = objectNameOf(objectType, [], names);
    if (known !== undefined) {
      return this.objectOf(context, known);
    }
    const definitions = await this.definitions.listDefinitions(context);
    const name = objectNameOf(objectType, definitions, names);
    if (name === undefined) {
      throw unknownObjectType(objectType);
    }
    return this.objectOf(context, name);
  }

  /** A Plinth object (by its definition name) as the HubSpot surface shows it. */
  async objectOf(context: RequestContext, name: string): Promise<HubSpotObject> {
    const definition = await this.definitions.getDefinition(context, name);
    return hubSpotObjectOf(definition, this.names().get(name));
  }

  /** Whether a property ships with its system object (its definition may not change). */
  isShippedProperty(objectName: string, propertyName: string): boolean {
    this.shipped ??= new Map(
      this.definitions
        .loadSystemDefinitions()
        .map((input) => [input.name, new Set(input.properties.map((p) => p.name))]),
    );
    return this.shipped.get(objectName)?.has(propertyName) === true;
  }

  async listObjects(context: RequestContext): Promise<HubSpotObject[]> {
    const definitions = await this.definitions.listDefinitions(context);
    return definitions.map((definition) =>
      hubSpotObjectOf(definition, this.names().get(definition.name)),
    );
  }
}
