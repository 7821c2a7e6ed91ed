import metaSchema from 'object-definitions/definition.meta-schema.json';
import {
  IDENTIFIER_PATTERN,
  PROPERTY_TYPES,
  RESERVED_PROPERTY_NAMES,
  type PropertyDefinition,
  type PropertyType,
} from 'src/definitions/types';

/** The words the editor uses for each property type. */
export const PROPERTY_TYPE_LABELS: Record<PropertyType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  integer: 'Whole number',
  currency: 'Money (currency)',
  percent: 'Percent',
  boolean: 'Yes / no',
  date: 'Date',
  datetime: 'Date and time',
  enumeration: 'Dropdown (one of)',
  multi_enumeration: 'Multi-select (several of)',
  email: 'Email',
  phone: 'Phone number',
  url: 'URL',
  json: 'JSON',
};

export const PROPERTY_TYPE_CHOICES = PROPERTY_TYPES.map((type) => ({
  id: type,
  name: PROPERTY_TYPE_LABELS[type],
}));

/**
 * A new property's API name, checked with the server's rules (the generated contract) and in the
 * server's words, before the round trip.
 */
export function propertyNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') {
    return undefined;
  }
  if (!IDENTIFIER_PATTERN.test(name)) {
    return `must be ${metaSchema.$defs.identifier.description}`;
  }
  if (RESERVED_PROPERTY_NAMES.includes(name)) {
    return `"${name}" is a reserved name (${RESERVED_PROPERTY_NAMES.join(', ')})`;
  }
  return undefined;
}

interface TypeRule {
  if: { properties: { type: { enum?: string[]; const?: string } } };
  then: { properties: Record<string, unknown> };
}

/**
 * The keys a property of `type` may have, read from definition.meta-schema.json (the file the
 * server validates with), so the editor offers exactly what the server accepts.
 */
export function allowedKeys(type: PropertyType): Set<string> {
  const rules = (metaSchema.$defs.property.allOf as unknown as TypeRule[]).find((rule) => {
    const condition = rule.if.properties.type;
    return condition.const === type || (condition.enum ?? []).includes(type);
  });
  return new Set(Object.keys(rules?.then.properties ?? {}));
}

export const allows = (type: PropertyType, key: keyof PropertyDefinition) =>
  allowedKeys(type).has(key);

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** snake_case identifier from a label ("Tracking number" → tracking_number), as names must be. */
export function toIdentifier(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = /^[a-z]/.test(slug) ? slug : `p_${slug}`;
  return name.slice(0, 63).replace(/_+$/, '');
}

/**
 * The property to send: only the keys its type allows, blanks dropped, options numbered in the
 * order shown (so reordering in the editor is what the server stores).
 */
export function cleanProperty(values: Record<string, unknown>): PropertyDefinition {
  const type = values.type as PropertyType;
  const keys = allowedKeys(type);
  const property: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (
      keys.has(key) &&
      !isBlank(value) &&
      !(typeof value === 'boolean' && !value && key !== 'default')
    ) {
      property[key] = value;
    }
  }
  if (Array.isArray(property.options)) {
    property.options = (property.options as Array<Record<string, unknown>>).map((option, index) => {
      const label = typeof option.label === 'string' ? option.label.trim() : '';
      const value =
        typeof option.value === 'string' && !isBlank(option.value)
          ? option.value.trim()
          : toIdentifier(label);
      return {
        value,
        label,
        order: index,
        ...(isBlank(option.description) ? {} : { description: String(option.description) }),
      };
    });
  }
  return property as unknown as PropertyDefinition;
}

/** What changed between the stored property and the edited one (null removes a key). */
export function propertyChanges(
  before: PropertyDefinition,
  after: PropertyDefinition,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'name') {
      continue;
    }
    const was = (before as unknown as Record<string, unknown>)[key];
    const now = (after as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(was) !== JSON.stringify(now)) {
      changes[key] = now !== undefined ? now : typeof was === 'boolean' ? false : null;
    }
  }
  return changes;
}
