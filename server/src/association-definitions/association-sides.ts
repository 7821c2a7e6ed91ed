import { type AssociationDefinition, isFromSideSingle, isToSideSingle } from './association.types';
import type { LinkSide } from './link-side';

/** The two sides of a definition, as each object sees it. */
export function sidesOf(definition: AssociationDefinition, objectName: string): LinkSide[] {
  const sides: LinkSide[] = [];
  const make = (column: 'from' | 'to'): LinkSide => {
    const own = column === 'from' ? definition.from_side : definition.to_side;
    const isToOne =
      column === 'from'
        ? isFromSideSingle(definition.cardinality)
        : isToSideSingle(definition.cardinality);
    return {
      name: own.name,
      label: own.label,
      associationType: definition.id,
      selfColumn: column,
      otherObject: column === 'from' ? definition.to : definition.from,
      isToOne,
      ...(isToOne ? { referenceField: `${own.name}_id` } : {}),
    };
  };
  if (definition.from === objectName) {
    sides.push(make('from'));
  }
  if (definition.to === objectName) {
    sides.push(make('to'));
  }
  return sides;
}

/** Every object's sides among `definitions`, in the definitions' order. */
export function sidesByObject(definitions: AssociationDefinition[]): Map<string, LinkSide[]> {
  const byObject = new Map<string, LinkSide[]>();
  for (const definition of definitions) {
    for (const objectName of new Set([definition.from, definition.to])) {
      byObject.set(objectName, [
        ...(byObject.get(objectName) ?? []),
        ...sidesOf(definition, objectName),
      ]);
    }
  }
  return byObject;
}
