import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { PropertyDefinition, PropertyType } from 'src/object-definitions/definition.types';
import { hubSpotNameOf, type HubSpotObject } from './hubspot-names';
import { textOf } from './hubspot-query';

/** HubSpot's `type` / `fieldType` of each Plinth property type. */
const HUBSPOT_TYPES: Record<PropertyType, { type: string; fieldType: string }> = {
  text: { type: 'string', fieldType: 'text' },
  long_text: { type: 'string', fieldType: 'textarea' },
  email: { type: 'string', fieldType: 'text' },
  phone: { type: 'phone_number', fieldType: 'phonenumber' },
  url: { type: 'string', fieldType: 'text' },
  json: { type: 'string', fieldType: 'textarea' },
  number: { type: 'number', fieldType: 'number' },
  integer: { type: 'number', fieldType: 'number' },
  currency: { type: 'number', fieldType: 'number' },
  percent: { type: 'number', fieldType: 'number' },
  boolean: { type: 'bool', fieldType: 'booleancheckbox' },
  date: { type: 'date', fieldType: 'date' },
  datetime: { type: 'datetime', fieldType: 'date' },
  enumeration: { type: 'enumeration', fieldType: 'select' },
  multi_enumeration: { type: 'enumeration', fieldType: 'checkbox' },
};

/** The Plinth type of a HubSpot `type` / `fieldType` pair; undefined when there is none. */
export function plinthTypeOf(type: unknown, fieldType: unknown): PropertyType | undefined {
  switch (type) {
    case 'string':
      return fieldType === 'textarea' || fieldType === 'html'
        ? 'long_text'
        : fieldType === 'phonenumber'
          ? 'phone'
          : 'text';
    case 'phone_number':
      return 'phone';
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'enumeration':
      return fieldType === 'checkbox'
        ? 'multi_enumeration'
        : fieldType === 'booleancheckbox'
          ? 'boolean'
          : 'enumeration';
    default:
      return undefined;
  }
}

/** The one property group of an object (Plinth has no property groups). */
export function groupNameOf(object: HubSpotObject): string {
  return `${object.definition.name.replace(/_/g, '')}information`;
}

export interface HubSpotPropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

export function groupOf(object: HubSpotObject): HubSpotPropertyGroup {
  return {
    name: groupNameOf(object),
    label: `${object.definition.labels.singular} information`,
    displayOrder: 0,
    archived: false,
  };
}

export interface HubSpotProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  description: string;
  groupName: string;
  options: Array<{
    label: string;
    value: string;
    displayOrder: number;
    hidden: boolean;
    description?: string;
  }>;
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  archived: boolean;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
  };
  createdAt: string;
  updatedAt: string;
}

/** A Plinth property as HubSpot's `Property`. */
export function toHubSpotProperty(
  object: HubSpotObject,
  property: PropertyDefinition,
  index: number,
  isSystem: boolean,
): HubSpotProperty {
  return {
    name: hubSpotNameOf(object, property.name),
    label: property.label,
    ...HUBSPOT_TYPES[property.type],
    description: property.description ?? '',
    groupName: groupNameOf(object),
    options: (property.options ?? []).map((option, order) => ({
      label: option.label,
      value: option.value,
      displayOrder: option.order ?? order,
      hidden: false,
      ...(option.description ? { description: option.description } : {}),
    })),
    displayOrder: index,
    hasUniqueValue: property.unique === true,
    hidden: false,
    formField: true,
    calculated: false,
    externalOptions: false,
    archived: false,
    modificationMetadata: {
      archivable: !isSystem,
      readOnlyDefinition: isSystem,
      readOnlyValue: property.read_only === true,
    },
    createdAt: object.definition.createdAt.toISOString(),
    updatedAt: object.definition.updatedAt.toISOString(),
  };
}

function invalid(message: string, key: string): AppError {
  return new AppError(ErrorCode.BadRequest, message, { [key]: message });
}

/** HubSpot's option list as Plinth's (`displayOrder` → `order`). */
function optionsOf(raw: unknown): PropertyDefinition['options'] {
  if (!Array.isArray(raw)) {
    return undefined;
  }
  return raw.map(
    (
      option: { label?: unknown; value?: unknown; displayOrder?: unknown; description?: unknown },
      index,
    ) => ({
      value: textOf(option?.value),
      label: textOf(option?.label) || textOf(option?.value),
      order:
        typeof option?.displayOrder === 'number' && option.displayOrder >= 0
          ? option.displayOrder
          : index,
      ...(typeof option?.description === 'string' && option.description !== ''
        ? { description: option.description }
        : {}),
    }),
  );
}

/** A HubSpot `PropertyCreate` as a Plinth property (validated by the data model after). */
export function toPlinthProperty(body: unknown): PropertyDefinition {
  const input = (body ?? {}) as Record<string, unknown>;
  if (typeof input.name !== 'string' || input.name === '') {
    throw invalid('name is required', 'name');
  }
  const type = plinthTypeOf(input.type, input.fieldType);
  if (!type) {
    throw invalid(
      `type ${JSON.stringify(input.type)} with fieldType ${JSON.stringify(input.fieldType)} has no Plinth property type`,
      'type',
    );
  }
  const options = optionsOf(input.options);
  return {
    name: input.name,
    type,
    label: typeof input.label === 'string' && input.label !== '' ? input.label : input.name,
    ...(typeof input.description === 'string' && input.description !== ''
      ? { description: input.description }
      : {}),
    ...(input.hasUniqueValue === true ? { unique: true } : {}),
    ...((type === 'enumeration' || type === 'multi_enumeration') && options ? { options } : {}),
  };
}

/** A HubSpot `PropertyUpdate` as a Plinth property patch (label, description, options). */
export function toPlinthPropertyPatch(body: unknown): Partial<PropertyDefinition> {
  const input = (body ?? {}) as Record<string, unknown>;
  const options = optionsOf(input.options);
  return {
    ...(typeof input.label === 'string' ? { label: input.label } : {}),
    ...(typeof input.description === 'string' ? { description: input.description } : {}),
    ...(options ? { options } : {}),
  };
}
