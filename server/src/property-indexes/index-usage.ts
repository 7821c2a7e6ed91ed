import type {
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import { kindOf } from 'src/object-definitions/property-expressions';
import { PROPERTY_TYPE_SPECS, type SqlKind } from 'src/object-definitions/property-types';
import { wantsIndex } from './property-indexes';

/** How a list or search used a property: filtered on it, or sorted by it. */
export type IndexUseKind = 'filter' | 'sort';

export interface IndexUse {
  property: PropertyDefinition;
  use: IndexUseKind;
  /** A filter's operator (`eq`, `gte`, …). */
  operator?: string;
}

export interface UsageTotals {
  filter: number;
  sort: number;
}

/** An object's counted uses, by property name. */
export interface ObjectUsage {
  organizationId: string;
  definitionId: string;
  objectName: string;
  properties: Map<string, UsageTotals>;
}

/** Operators whose condition compares the property's value expression (record-sql.ts). */
const COMPARED_OPERATORS = new Set(['eq', 'in', 'gt', 'gte', 'lt', 'lte']);
/**
 * Kinds whose comparisons read the very expression a runtime index holds (`orderExpression`);
 * text and boolean equality use containment (the GIN index on properties), and text ranges compare
 * the whole value, not the index's first characters.
 */
const COMPARED_KINDS: ReadonlySet<SqlKind> = new Set(['numeric', 'date', 'timestamptz']);

/** Whether a runtime index of the property (property-indexes.ts) can serve this use. */
export function isServedByIndex(use: IndexUse): boolean {
  if (PROPERTY_TYPE_SPECS[use.property.type].indexKind === null) {
    return false;
  }
  if (use.use === 'sort') {
    return true;
  }
  return (
    use.operator !== undefined &&
    COMPARED_OPERATORS.has(use.operator) &&
    COMPARED_KINDS.has(kindOf(use.property))
  );
}

/**
 * Whether a use may lead to an automatic index: one an index would serve, of a property the
 * definition does not index already and whose automatic index an admin did not drop.
 */
export function countsTowardAutoIndex(
  use: IndexUse,
  definition: Pick<ObjectDefinitionInput, 'primary_display_property'>,
): boolean {
  return (
    use.property.auto_index === undefined &&
    !wantsIndex(use.property, definition) &&
    isServedByIndex(use)
  );
}

function keyOf(organizationId: string, definitionId: string): string {
  return `${organizationId}:${definitionId}`;
}

function addTo(target: Map<string, ObjectUsage>, usage: ObjectUsage): void {
  const key = keyOf(usage.organizationId, usage.definitionId);
  const into = target.get(key) ?? { ...usage, properties: new Map<string, UsageTotals>() };
  target.set(key, into);
  for (const [name, totals] of usage.properties) {
    const sum = into.properties.get(name) ?? { filter: 0, sort: 0 };
    into.properties.set(name, { filter: sum.filter + totals.filter, sort: sum.sort + totals.sort });
  }
}

/**
 * Uses counted in memory over a sliding window: the current bucket takes every use (a map lookup
 * and an increment, no I/O), and each `rollover` closes it and forgets buckets older than the
 * window. At most `maxObjects` objects are tracked per bucket; uses of further ones are ignored.
 */
export class UsageCounter {
  private current = new Map<string, ObjectUsage>();
  private buckets: Array<{ closedAt: number; usage: Map<string, ObjectUsage> }> = [];

  constructor(private readonly maxObjects: number) {}

  note(
    organizationId: string,
    definition: { id: string; name: string },
    property: string,
    use: IndexUseKind,
  ): void {
    const key = keyOf(organizationId, definition.id);
    let usage = this.current.get(key);
    if (!usage) {
      if (this.current.size >= this.maxObjects) {
        return;
      }
      usage = {
        organizationId,
        definitionId: definition.id,
        objectName: definition.name,
        properties: new Map(),
      };
      this.current.set(key, usage);
    }
    const totals = usage.properties.get(property) ?? { filter: 0, sort: 0 };
    totals[use] += 1;
    usage.properties.set(property, totals);
  }

  /** Closes the current bucket at `now` and returns the totals of the last `windowMs`. */
  rollover(now: number, windowMs: number): ObjectUsage[] {
    this.buckets.push({ closedAt: now, usage: this.current });
    this.current = new Map();
    this.buckets = this.buckets.filter((bucket) => bucket.closedAt > now - windowMs);
    const totals = new Map<string, ObjectUsage>();
    for (const bucket of this.buckets) {
      for (const usage of bucket.usage.values()) {
        addTo(totals, usage);
      }
    }
    return [...totals.values()];
  }

  /** Forgets an object's counted uses of a property (once it is indexed, or dropped). */
  forget(organizationId: string, definitionId: string, property: string): void {
    const key = keyOf(organizationId, definitionId);
    for (const usage of [this.current, ...this.buckets.map((b) => b.usage)]) {
      usage.get(key)?.properties.delete(property);
    }
  }
}
