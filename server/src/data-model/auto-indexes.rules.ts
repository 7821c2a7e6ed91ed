import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import { PROPERTY_TYPE_SPECS } from 'src/object-definitions/property-types';
import type { ObjectUsage, UsageTotals } from 'src/property-indexes/index-usage';
import { wantsIndex } from 'src/property-indexes/property-indexes';

/** A property used often enough to be indexed, if its object is large enough and budget is left. */
export interface AutoIndexCandidate {
  organizationId: string;
  definitionId: string;
  objectName: string;
  property: string;
  uses: UsageTotals;
}

function total(uses: UsageTotals): number {
  return uses.filter + uses.sort;
}

/**
 * The properties filtered and sorted on at least `minUses` times (together), most used first;
 * ties by object name, then property name, so every process picks the same ones.
 */
export function candidatesOf(usage: ObjectUsage[], minUses: number): AutoIndexCandidate[] {
  return usage
    .flatMap((object) =>
      [...object.properties]
        .filter(([, uses]) => total(uses) >= minUses)
        .map(([property, uses]) => ({
          organizationId: object.organizationId,
          definitionId: object.definitionId,
          objectName: object.objectName,
          property,
          uses,
        })),
    )
    .sort(
      (a, b) =>
        total(b.uses) - total(a.uses) ||
        a.objectName.localeCompare(b.objectName) ||
        a.property.localeCompare(b.property),
    );
}

/** The automatic indexes that count against an organization's budget: built, not pinned. */
export function autoIndexesBuilt(definitions: ObjectDefinitionInput[]): number {
  return definitions.reduce(
    (sum, definition) => sum + definition.properties.filter((p) => p.auto_index === 'built').length,
    0,
  );
}

/**
 * Whether the property may get an automatic index: it exists, can be indexed, no index serves it
 * already (indexed, unique, primary display, or automatic), and no admin dropped its automatic one.
 */
export function isEligible(definition: ObjectDefinitionInput, propertyName: string): boolean {
  const property = definition.properties.find((p) => p.name === propertyName);
  return (
    property !== undefined &&
    property.auto_index === undefined &&
    PROPERTY_TYPE_SPECS[property.type].indexKind !== null &&
    !wantsIndex(property, definition)
  );
}

function times(count: number, verb: string): string {
  return `${verb} ${count} ${count === 1 ? 'time' : 'times'}`;
}

/** The history's summary: which properties, and the use that led to it. */
export function autoIndexSummary(candidates: AutoIndexCandidate[], windowMs: number): string {
  const minutes = Math.max(1, Math.round(windowMs / 60_000));
  const parts = candidates.map(({ property, uses }) => {
    const done = [
      ...(uses.filter > 0 ? [times(uses.filter, 'filtered')] : []),
      ...(uses.sort > 0 ? [times(uses.sort, 'sorted')] : []),
    ];
    return `${property} (${done.join(', ')})`;
  });
  const noun = candidates.length === 1 ? 'index' : 'indexes';
  return `Automatic ${noun} on ${parts.join(', ')} in the last ${minutes} min`;
}
