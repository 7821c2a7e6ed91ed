import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type {
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import { uniqueKey } from 'src/object-definitions/property-types';
import type { UniqueClaim } from './records.repository';

/**
 * Normalised forms of identity values (README "People and companies"): what matching compares,
 * never what is shown. Emails trimmed and lower case; phones in E.164 (a number typed without
 * `+country` is read in the configured country, PLINTH_PHONE_COUNTRY); URLs, emails and domains
 * reduced to their domain (lower case, no `www.`).
 */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** E.164 (`+14155550100`) when the number parses; else its digits (and a leading +), so it still matches itself. */
export function normalizePhone(value: string, country: string): string {
  const parsed = parsePhoneNumberFromString(value.trim(), country as CountryCode);
  if (parsed?.isPossible()) {
    return parsed.number;
  }
  const digits = value.replace(/[^\d+]/g, '');
  return digits.startsWith('+')
    ? `+${digits.slice(1).replace(/\+/g, '')}`
    : digits.replace(/\+/g, '');
}

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** The domain of a URL (`https://www.Acme.com/x` → `acme.com`), an email or a bare domain; undefined when none. */
export function domainOf(value: string): string | undefined {
  let text = value.trim().toLowerCase();
  if (text.includes('@') && !text.includes('://')) {
    text = text.slice(text.lastIndexOf('@') + 1);
  } else {
    text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
    text = text.replace(/^[^/?#]*@/, '');
    text = text.split(/[/?#]/)[0] ?? '';
    text = text.replace(/:\d+$/, '');
  }
  text = text.replace(/\.$/, '').replace(/^www\./, '');
  return DOMAIN.test(text) ? text : undefined;
}

/** A value as an exact duplicate rule compares it, by the property's type. */
export function matchValue(
  property: PropertyDefinition,
  value: unknown,
  phoneCountry: string,
): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (property.type === 'email') {
    return normalizeEmail(text);
  }
  if (property.type === 'phone') {
    return normalizePhone(text, phoneCountry) || undefined;
  }
  if (property.type === 'url' || property.domain_of) {
    return domainOf(text) ?? text.trim().toLowerCase();
  }
  return text.trim().toLowerCase();
}

type Shape = Pick<ObjectDefinitionInput, 'properties' | 'duplicate_rules' | 'keys'>;

/**
 * The record's match keys: one `<rule>:<values>` per exact duplicate rule whose properties all
 * have a value (stored in `record.match_keys`, GIN-indexed); null when none.
 */
export function matchKeys(
  definition: Shape,
  properties: Record<string, unknown>,
  phoneCountry: string,
): string[] | null {
  const keys: string[] = [];
  for (const rule of definition.duplicate_rules ?? []) {
    if (rule.match !== 'exact') {
      continue;
    }
    const parts = (rule.properties ?? []).map((name) => {
      const property = definition.properties.find((p) => p.name === name);
      return property && Object.hasOwn(properties, name)
        ? matchValue(property, properties[name], phoneCountry)
        : undefined;
    });
    if (parts.length > 0 && parts.every((part) => part !== undefined)) {
      keys.push(`${rule.name}:${parts.join('\u001f')}`);
    }
  }
  return keys.length > 0 ? keys : null;
}

/** The guard-row name of a composite key (no property name has a colon). */
export function keyClaimName(keyName: string): string {
  return `key:${keyName}`;
}

/**
 * The claims of the definition's composite keys whose properties all have a value: one guard row
 * per key in `record_unique_value`, like a unique property's, so the database refuses a repeat.
 */
export function compositeKeyClaims(
  definition: Shape,
  properties: Record<string, unknown>,
): UniqueClaim[] {
  const claims: UniqueClaim[] = [];
  for (const key of definition.keys ?? []) {
    const parts = key.properties.map((name) => {
      const property = definition.properties.find((p) => p.name === name);
      const value = Object.hasOwn(properties, name) ? properties[name] : undefined;
      return property && value !== undefined && value !== null
        ? uniqueKey(property, value)
        : undefined;
    });
    if (parts.every((part) => part !== undefined)) {
      claims.push({ property: keyClaimName(key.name), value: JSON.stringify(parts) });
    }
  }
  return claims;
}

/**
 * Properties declared `domain_of` other properties, filled in when missing (from the first source
 * with a domain), and a given one reduced to its domain (`WWW.Acme.com` → `acme.com`).
 */
export function withDerivedDomains(
  definition: Pick<ObjectDefinitionInput, 'properties'>,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  let result = properties;
  for (const property of definition.properties) {
    if (!property.domain_of) {
      continue;
    }
    const own = Object.hasOwn(result, property.name) ? result[property.name] : undefined;
    let derived: string | undefined;
    if (typeof own === 'string' && own !== '') {
      derived = domainOf(own);
    } else if (own === undefined || own === null) {
      for (const source of property.domain_of) {
        const value = Object.hasOwn(result, source) ? result[source] : undefined;
        derived = typeof value === 'string' ? domainOf(value) : undefined;
        if (derived) {
          break;
        }
      }
    }
    if (derived !== undefined && derived !== own) {
      result = { ...result, [property.name]: derived };
    }
  }
  return result;
}
