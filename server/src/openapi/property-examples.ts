import { compareDecimal, decimalPlaces, isDecimal } from 'src/common/money';
import type { PropertyDefinition, PropertyType } from 'src/object-definitions/definition.types';

/** Candidate example values of each property type, best first; the property's default leads. */
const CANDIDATES: Record<PropertyType, (property: PropertyDefinition) => unknown[]> = {
  text: (p) => ['Example text', 'x'.repeat(p.min_length ?? 1)],
  long_text: (p) => [
    'A longer text: notes, several sentences long.',
    'x'.repeat(p.min_length ?? 1),
  ],
  email: () => ['ann.lee@example.com'],
  phone: () => ['+1 555 0100'],
  url: () => ['https://example.com/'],
  number: (p) => [42.5, p.minimum, p.maximum],
  integer: (p) => [
    42,
    p.minimum === undefined ? undefined : Math.ceil(p.minimum),
    p.maximum === undefined ? undefined : Math.floor(p.maximum),
  ],
  percent: (p) => [25, p.minimum, p.maximum],
  currency: (p) =>
    [1250, p.minimum, p.maximum].map((n) => (n === undefined ? n : n.toFixed(p.precision ?? 2))),
  boolean: () => [true],
  date: () => ['2026-03-01'],
  datetime: () => ['2026-03-01T10:00:00Z'],
  enumeration: (p) => [firstOption(p)],
  multi_enumeration: (p) => [firstOption(p) === undefined ? undefined : [firstOption(p)]],
  // A json property's structure is the admin's: only its default makes a trustworthy example.
  json: () => [],
};

function firstOption(property: PropertyDefinition): string | undefined {
  const options = (property.options ?? []).map((option, index) => ({ ...option, index }));
  options.sort((a, b) => (a.order ?? a.index) - (b.order ?? b.index));
  return options[0]?.value;
}

function isOption(value: unknown, property: PropertyDefinition): boolean {
  return (property.options ?? []).some((option) => option.value === value);
}

function isWithin(value: number, property: PropertyDefinition): boolean {
  return (
    (property.minimum === undefined || value >= property.minimum) &&
    (property.maximum === undefined || value <= property.maximum)
  );
}

function textFits(value: string, property: PropertyDefinition): boolean {
  return (
    value.length >= (property.min_length ?? 0) &&
    (property.max_length === undefined || value.length <= property.max_length) &&
    (property.pattern === undefined || new RegExp(property.pattern, 'u').test(value))
  );
}

function currencyFits(value: unknown, property: PropertyDefinition): boolean {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  return (
    isDecimal(text) &&
    decimalPlaces(text) <= (property.precision ?? 2) &&
    (property.minimum === undefined || compareDecimal(text, String(property.minimum)) >= 0) &&
    (property.maximum === undefined || compareDecimal(text, String(property.maximum)) <= 0)
  );
}

/** Whether a candidate keeps the property's constraints (the type's own shape is the candidate's). */
function fits(value: unknown, property: PropertyDefinition): boolean {
  switch (property.type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
      return typeof value === 'string' && textFits(value, property);
    case 'number':
    case 'percent':
      return typeof value === 'number' && isWithin(value, property);
    case 'integer':
      return Number.isInteger(value) && isWithin(value as number, property);
    case 'currency':
      return currencyFits(value, property);
    case 'enumeration':
      return isOption(value, property);
    case 'multi_enumeration':
      return (
        Array.isArray(value) &&
        value.length <= (property.max_items ?? value.length) &&
        new Set(value).size === value.length &&
        value.every((item) => isOption(item, property))
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'datetime':
      return (
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)
      );
    case 'json':
      return true;
  }
}

/**
 * An example value of a property, from its type (a deal's amount: "1250.00"), kept within its
 * constraints; undefined when no candidate fits (a text property with a pattern of its own).
 */
export function propertyExample(property: PropertyDefinition): unknown {
  const candidates = [property.default, ...CANDIDATES[property.type](property)];
  return candidates.find((value) => value !== undefined && value !== null && fits(value, property));
}
