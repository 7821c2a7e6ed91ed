import type { AssociationDefinition } from 'src/association-definitions/association.types';
import type { LinkColumn, LinkSide } from 'src/association-definitions/link-side';

/**
 * HubSpot's numbers for the system associations it also has (contact ↔ company, deal ↔ contact,
 * deal ↔ company), per side: integrations that hard-code them keep working.
 */
const STANDARD_TYPE_IDS: ReadonlyMap<string, { from: number; to: number }> = new Map([
  ['person_employer', { from: 1, to: 2 }],
  ['deal_contacts', { from: 3, to: 4 }],
  ['deal_company', { from: 5, to: 6 }],
]);

/** Above HubSpot's own defined type ids (< 1,000) and below int32 (the client sends int32). */
const DERIVED_BASE = 100_000;

/**
 * The association type id of one side: HubSpot's number for the standard ones, else derived from
 * the association definition's id (its last 7 hex digits, times 2, plus 1 for the `to` side), so
 * it is stable for the definition's life and needs no table (docs/architecture.md).
 */
export function associationTypeId(definition: AssociationDefinition, column: LinkColumn): number {
  const standard = STANDARD_TYPE_IDS.get(definition.name);
  if (standard && definition.isSystem) {
    return standard[column];
  }
  const n = Number.parseInt(definition.id.replace(/-/g, '').slice(-7), 16);
  return DERIVED_BASE + n * 2 + (column === 'to' ? 1 : 0);
}

/** One side of an association with its HubSpot type id and category. */
export interface TypedSide {
  side: LinkSide;
  definition: AssociationDefinition;
  typeId: number;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
}

export function typedSides(sides: LinkSide[], definitions: AssociationDefinition[]): TypedSide[] {
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  return sides.flatMap((side) => {
    const definition = byId.get(side.associationType);
    return definition
      ? [
          {
            side,
            definition,
            typeId: associationTypeId(definition, side.selfColumn),
            category: definition.isSystem
              ? ('HUBSPOT_DEFINED' as const)
              : ('USER_DEFINED' as const),
          },
        ]
      : [];
  });
}

/** HubSpot's association type name of a side, e.g. `person_employer` → `contact_to_company`. */
export function typeNameOf(typed: TypedSide, fromName: string, toName: string): string {
  const singular = (name: string): string => name.replace(/ies$/, 'y').replace(/s$/, '');
  return typed.category === 'HUBSPOT_DEFINED' && STANDARD_TYPE_IDS.has(typed.definition.name)
    ? `${singular(fromName)}_to_${singular(toName)}`
    : typed.side.name;
}
