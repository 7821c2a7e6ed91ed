import type { PropertyDefinition } from 'src/object-definitions/definition.types';

/**
 * How record values read and write as CSV cells (README "Import and export"): the same rules
 * both ways, so an exported file imports back. Multi-select values are joined with `;`, JSON
 * values are JSON text, a missing value is an empty cell.
 */
export const MULTI_VALUE_SEPARATOR = ';';

/** One value as a cell. */
export function toCsvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join(MULTI_VALUE_SEPARATOR);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/**
 * A cell as the property's value, or undefined for an empty cell (no value). A cell that cannot
 * be read as the type is passed on as typed text, so validation names the problem the way it
 * does for the API ("must be number").
 */
export function fromCsvCell(property: PropertyDefinition, cell: string): unknown {
  const text = cell.trim();
  if (text === '') {
    return undefined;
  }
  switch (property.type) {
    case 'number':
    case 'integer':
    case 'percent': {
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case 'boolean': {
      const word = text.toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : text;
    }
    case 'multi_enumeration':
      return text
        .split(MULTI_VALUE_SEPARATOR)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    case 'long_text':
      return cell;
    case 'currency':
    case 'date':
    case 'datetime':
    case 'email':
    case 'enumeration':
    case 'phone':
    case 'text':
    case 'url':
      return text;
  }
}
