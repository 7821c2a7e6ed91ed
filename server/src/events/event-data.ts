/** How a sensitive property's value appears in every event. */
export const MASK = '***';

/** One property's change in an `updated` event. */
export interface PropertyChange {
  old: unknown;
  new: unknown;
}

/**
 * The properties with each sensitive one masked: an event never holds a sensitive value in clear
 * (a removed one stays absent, so the event still tells whether it was set).
 */
export function maskProperties(
  properties: Record<string, unknown>,
  sensitive: ReadonlySet<string>,
): Record<string, unknown> {
  if (sensitive.size === 0) {
    return properties;
  }
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(properties)) {
    masked[name] = sensitive.has(name) && value !== null && value !== undefined ? MASK : value;
  }
  return masked;
}

/**
 * The properties whose values differ between two stored versions (a missing property is null),
 * each with its old and new value; sensitive ones masked on both sides. Objects compare with
 * their keys sorted: jsonb keeps its own key order, so a value written back unchanged is no change.
 */
export function propertyChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  sensitive: ReadonlySet<string>,
): Record<string, PropertyChange> {
  const changes: Record<string, PropertyChange> = {};
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const name of [...names].sort()) {
    const old = before[name] ?? null;
    const current = after[name] ?? null;
    if (sameValue(old, current)) {
      continue;
    }
    changes[name] = sensitive.has(name)
      ? { old: old === null ? null : MASK, new: current === null ? null : MASK }
      : { old, new: current };
  }
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Object keys sorted at every depth, so two equal documents print alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
