import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import type { RecordResponse } from 'src/records/records.dto';
import {
  HUBSPOT_RECORD_FIELDS,
  hubSpotNameOf,
  type HubSpotObject,
  plinthNameOf,
  READ_ONLY_FIELDS,
} from './hubspot-names';
import { textOf } from './hubspot-query';

/** HubSpot's record envelope: every value a string (or null). */
export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** When it went to the recycle bin (only on archived records). */
  archivedAt?: string;
  associations?: Record<string, { results: Array<{ id: string; type: string }> }>;
}

/** A value as HubSpot writes it: strings; multi-select options joined by `;`. */
export function toHubSpotString(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.map(textOf).join(';');
  }
  return typeof value === 'object' ? JSON.stringify(value) : textOf(value);
}

/**
 * A Plinth record as HubSpot's envelope. Without `wanted`, every property the record has; with
 * it, those (null when the record has none) plus HubSpot's three always-present fields.
 */
export function toEnvelope(
  object: HubSpotObject,
  record: RecordResponse,
  wanted?: string[],
): HubSpotRecord {
  const properties: Record<string, string | null> = {
    createdate: record.created_at,
    hs_lastmodifieddate: record.updated_at,
    hs_object_id: record.id,
  };
  if (wanted) {
    for (const name of wanted) {
      const plinth = plinthNameOf(object, name);
      if (plinth !== undefined) {
        properties[name] = toHubSpotString(record[plinth]);
      }
    }
  } else {
    for (const property of object.definition.properties) {
      if (record[property.name] !== undefined) {
        properties[hubSpotNameOf(object, property.name)] = toHubSpotString(record[property.name]);
      }
    }
    if (record.owner_id) {
      properties.hubspot_owner_id = record.owner_id;
    }
  }
  return {
    id: record.id,
    properties,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    ...(typeof record.archived_at === 'string'
      ? { archived: true, archivedAt: record.archived_at }
      : { archived: false }),
  };
}

const NUMERIC = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

function epochToIso(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^-?\d{1,15}$/.test(text) ? new Date(Number(text)).toISOString() : undefined;
}

/**
 * A HubSpot input value as the property's type wants it: HubSpot clients send strings, numbers and
 * booleans alike; dates may be epoch milliseconds. What does not convert is passed on as sent, so
 * validation names it. An empty string clears the value (null).
 */
export function coerceValue(property: PropertyDefinition, value: unknown): unknown {
  if (value === '' || value === null) {
    return null;
  }
  switch (property.type) {
    case 'number':
    case 'integer':
    case 'percent':
      return typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : value;
    case 'currency':
      return typeof value === 'number' ? String(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'date': {
      const iso = epochToIso(value);
      if (iso) {
        return iso.slice(0, 10);
      }
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
        ? value.slice(0, 10)
        : value;
    }
    case 'datetime':
      return epochToIso(value) ?? value;
    case 'multi_enumeration':
      return typeof value === 'string' ? value.split(';').filter((part) => part !== '') : value;
    case 'json':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          return value;
        }
      }
      return value;
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
    case 'enumeration':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  }
}

/**
 * A HubSpot `properties` object as a Plinth record body: names mapped, values coerced. Unknown
 * names are a 400 naming each (HubSpot's PROPERTY_DOESNT_EXIST); read-only fields are ignored.
 */
export function toPlinthBody(
  object: HubSpotObject,
  input: unknown,
  key = 'properties',
): Record<string, unknown> {
  if (input === undefined) {
    return {};
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AppError(ErrorCode.BadRequest, `${key} must be an object of property values`, {
      [key]: 'must be an object',
    });
  }
  const body: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    if (READ_ONLY_FIELDS.has(name)) {
      continue;
    }
    const plinth = plinthNameOf(object, name);
    if (plinth === 'owner_id') {
      body.owner_id = value === '' ? null : value;
      continue;
    }
    const property =
      plinth === undefined ? undefined : object.definition.propertyByName.get(plinth);
    if (!property || HUBSPOT_RECORD_FIELDS.has(name)) {
      unknown.push(name);
      continue;
    }
    body[property.name] = coerceValue(property, value);
  }
  if (unknown.length > 0) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      `Property values were not valid: ${unknown.map((name) => `Property "${name}" does not exist`).join('; ')}`,
      Object.fromEntries(unknown.map((name) => [name, 'PROPERTY_DOESNT_EXIST'])),
    );
  }
  return body;
}
