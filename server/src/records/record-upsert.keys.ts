import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { uniqueKey } from 'src/object-definitions/property-types';
import { keyClaimName } from './record-match-keys';

/** The key an upsert finds records by: a unique property or a composite key, and its properties. */
export interface UpsertKey {
  /** The property or composite key's name (what the caller names). */
  name: string;
  /** Its guard-row name in record_unique_value. */
  claim: string;
  properties: string[];
}

/** The keys a definition offers: its unique properties, then its composite keys. */
export function upsertKeys(definition: CompiledDefinition): UpsertKey[] {
  return [
    ...definition.properties
      .filter((p) => p.unique)
      .map((p) => ({ name: p.name, claim: p.name, properties: [p.name] })),
    ...(definition.keys ?? []).map((key) => ({
      name: key.name,
      claim: keyClaimName(key.name),
      properties: key.properties,
    })),
  ];
}

/**
 * The key named by the caller, or (none named) the first key whose properties the first body all
 * has. 400 when there is none: an upsert without a key could only create.
 */
export function resolveUpsertKey(
  definition: CompiledDefinition,
  bodies: unknown[],
  name: string | undefined,
): UpsertKey {
  const keys = upsertKeys(definition);
  const offered = keys.map((key) => key.name).join(', ') || 'none';
  if (name !== undefined) {
    const key = keys.find((k) => k.name === name);
    if (!key) {
      throw new AppError(
        ErrorCode.BadRequest,
        `${name} is not a key of ${definition.name}: use a unique property or a composite key (${offered})`,
        { key: `must be one of: ${offered}` },
      );
    }
    return key;
  }
  const first = fieldsOf(bodies[0]);
  const key = keys.find((k) => k.properties.every((p) => present(first[p])));
  if (!key) {
    throw new AppError(
      ErrorCode.BadRequest,
      `An upsert of ${definition.name} needs a key: give the value of one of ${offered}`,
      { key: `give one of: ${offered}` },
    );
  }
  return key;
}

/** The body's value of the key, normalised as guard rows hold it; undefined when incomplete. */
export function keyValueOf(
  definition: CompiledDefinition,
  key: UpsertKey,
  body: unknown,
): string | undefined {
  const fields = fieldsOf(body);
  const parts: string[] = [];
  for (const name of key.properties) {
    const property = definition.propertyByName.get(name);
    if (!property || !present(fields[name])) {
      return undefined;
    }
    parts.push(uniqueKey(property, fields[name]));
  }
  return key.claim === key.name ? parts[0] : JSON.stringify(parts);
}

/**
 * The body an upsert's update writes: without the key's own properties, so a stored value keeps
 * the form it was typed in (`Ann@Example.com` finds `ann@example.com` and leaves it).
 */
export function updateBodyOf(key: UpsertKey, body: unknown): Record<string, unknown> {
  const fields = { ...fieldsOf(body) };
  for (const name of key.properties) {
    delete fields[name];
  }
  return fields;
}

export function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

function present(value: unknown): boolean {
  return (
    value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')
  );
}
