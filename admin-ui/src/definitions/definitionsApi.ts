import { API_URL, httpClient } from 'src/dataProvider';
import type {
  JsonSchema,
  ObjectDefinition,
  ObjectDefinitionInput,
  PropertyDefinition,
} from './types';

/** Definitions are read once at load; 999 is far above the 500 objects a tenant may have. */
const LIST_URL = `${API_URL}/object-definitions?range=${encodeURIComponent('[0,999]')}`;

const definitionUrl = (name: string) => `${API_URL}/object-definitions/${encodeURIComponent(name)}`;
const propertyUrl = (name: string, property: string) =>
  `${definitionUrl(name)}/properties/${encodeURIComponent(property)}`;

const send = (method: string, body?: unknown) => ({
  method,
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});

export type ObjectDefinitionChanges = Partial<
  Pick<
    ObjectDefinitionInput,
    | 'labels'
    | 'description'
    | 'primary_display_property'
    | 'icon'
    | 'color'
    | 'title_properties'
    | 'keys'
    | 'duplicate_rules'
  >
>;

export type PropertyChanges = Partial<Omit<PropertyDefinition, 'name'>>;

/**
 * The definition API (issue 3's contract). It is not a record resource: it is read by the app
 * shell and written by the data-model editor, so it gets plain functions, not a data provider.
 */
export const definitionsApi = {
  async list(): Promise<ObjectDefinition[]> {
    return (await httpClient(LIST_URL)).json as ObjectDefinition[];
  },
  async getSchema(name: string): Promise<JsonSchema> {
    return (await httpClient(`${definitionUrl(name)}/schema`)).json as JsonSchema;
  },
  async create(definition: ObjectDefinitionInput): Promise<ObjectDefinition> {
    return (await httpClient(`${API_URL}/object-definitions`, send('POST', definition)))
      .json as ObjectDefinition;
  },
  async update(name: string, changes: ObjectDefinitionChanges): Promise<ObjectDefinition> {
    return (await httpClient(definitionUrl(name), send('PATCH', changes))).json as ObjectDefinition;
  },
  async archive(name: string): Promise<void> {
    await httpClient(definitionUrl(name), send('DELETE'));
  },
  async addProperty(name: string, property: PropertyDefinition): Promise<unknown> {
    return (await httpClient(`${definitionUrl(name)}/properties`, send('POST', property))).json;
  },
  async updateProperty(name: string, property: string, changes: PropertyChanges): Promise<unknown> {
    return (await httpClient(propertyUrl(name, property), send('PATCH', changes))).json;
  },
  async removeProperty(name: string, property: string): Promise<void> {
    await httpClient(propertyUrl(name, property), send('DELETE'));
  },
};
