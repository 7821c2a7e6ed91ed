import type { ObjectDefinitionInput } from './definition.types';
import { PROPERTY_TYPE_SPECS } from './property-types';

/**
 * A record's derived copies of its values, as the definition says: its display name and the text
 * full-text search indexes. Record writes store them, and a property's purge recomputes them so a
 * purged value is not left behind in either.
 */
type DefinitionShape = Pick<
  ObjectDefinitionInput,
  'properties' | 'primary_display_property' | 'title_properties'
>;

/**
 * The record's display name: its title properties' values joined by spaces ("Ann Lee") when any
 * is set, else its primary display property's value.
 */
export function displayName(
  definition: DefinitionShape,
  properties: Record<string, unknown>,
): string | null {
  const title = (definition.title_properties ?? [])
    .map((name) => (Object.hasOwn(properties, name) ? properties[name] : undefined))
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .map((value) => String(value).trim())
    .filter((value) => value !== '')
    .join(' ');
  if (title !== '') {
    return title;
  }
  const name = definition.primary_display_property;
  // Own keys only: a property named `constructor` must not read Object.prototype's.
  const value =
    name === undefined || !Object.hasOwn(properties, name) ? undefined : properties[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

const MAX_SEARCH_TEXT = 100_000;

/**
 * What full-text search indexes for a record: its display name and searchable (text-like)
 * properties, also as plain words, so `example` finds ann@example.com and `inv-3` finds INV-3.
 */
export function searchText(
  definition: DefinitionShape,
  properties: Record<string, unknown>,
): string {
  const parts: string[] = [];
  const display = displayName(definition, properties);
  if (display) {
    parts.push(display);
  }
  for (const property of definition.properties) {
    const value = Object.hasOwn(properties, property.name) ? properties[property.name] : undefined;
    if (typeof value !== 'string' || !PROPERTY_TYPE_SPECS[property.type].isSearchable) {
      continue;
    }
    parts.push(value);
    // Also as plain words: PostgreSQL's parser reads `INV-3` as `inv` and `-3`, an email or URL
    // as one word; the plain form lets `inv 3` and `example` find them.
    const plain = value.replace(/[^\p{L}\p{N}]+/gu, ' ');
    if (plain !== value) {
      parts.push(plain);
    }
  }
  return parts.join(' ').slice(0, MAX_SEARCH_TEXT);
}
