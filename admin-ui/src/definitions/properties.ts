import type {
  EnumerationOption,
  ObjectDefinition,
  PropertyDefinition,
  PropertyType,
} from './types';

/** Options in display order (`order`, then declaration order), as the compiled schema has them. */
export function sortedOptions(property: PropertyDefinition): EnumerationOption[] {
  return (property.options ?? [])
    .map((option, index) => ({ ...option, order: option.order ?? index }))
    .sort((a, b) => a.order - b.order);
}

export function optionLabel(property: PropertyDefinition, value: unknown): string {
  const option = property.options?.find((candidate) => candidate.value === value);
  return option?.label ?? String(value);
}

/** The property that names a record: the definition's primary display property, else the first. */
export function primaryProperty(definition: ObjectDefinition): PropertyDefinition | undefined {
  return (
    definition.properties.find((p) => p.name === definition.primary_display_property) ??
    definition.properties.find((p) => p.type === 'text') ??
    definition.properties[0]
  );
}

/** Properties in column order: the primary display property first, then the rest as declared. */
export function columnOrder(definition: ObjectDefinition): PropertyDefinition[] {
  const primary = primaryProperty(definition);
  return primary
    ? [primary, ...definition.properties.filter((p) => p !== primary)]
    : definition.properties;
}

/** How many columns a list shows until the user picks others (docs/architecture.md: ~6). */
export const DEFAULT_COLUMN_COUNT = 6;

/** Columns hidden until chosen: long texts and JSON never by default, then beyond the first six. */
export function defaultHiddenColumns(definition: ObjectDefinition): string[] {
  const wide: PropertyType[] = ['long_text', 'json'];
  const candidates = columnOrder(definition);
  const shown = candidates.filter((p) => !wide.includes(p.type)).slice(0, DEFAULT_COLUMN_COUNT);
  return [
    ...candidates.filter((p) => !shown.includes(p)).map((p) => p.name),
    'created_at',
    'updated_at',
  ];
}

/**
 * The record's own currency property (an ISO 4217 enumeration named `currency`, as on deal or
 * invoice) gives amounts their currency; objects without one show USD (docs/domain.md default).
 */
export const DEFAULT_CURRENCY = 'USD';

export function currencySource(definition: ObjectDefinition): string | undefined {
  return definition.properties.some((p) => p.name === 'currency') ? 'currency' : undefined;
}

export function recordTitle(
  definition: ObjectDefinition,
  record: Record<string, unknown> | undefined,
): string {
  if (!record) {
    return definition.labels.singular;
  }
  // A person is "Ann Lee", not their email: the title properties first (server: displayName).
  const title = (definition.title_properties ?? [])
    .map((name) => displayText(record[name]).trim())
    .filter((part) => part !== '')
    .join(' ');
  if (title !== '') {
    return title;
  }
  const primary = primaryProperty(definition);
  const value = primary ? record[primary.name] : undefined;
  return value === undefined || value === null || value === ''
    ? `${definition.labels.singular} ${displayText(record.id)}`.trim()
    : displayText(value);
}

/** A value as plain text: scalars as they are, anything else as JSON. */
export function displayText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

export const NUMERIC_TYPES: readonly PropertyType[] = ['number', 'integer', 'currency', 'percent'];
