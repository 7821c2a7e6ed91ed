import { createHash } from 'node:crypto';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import { orderExpression } from 'src/object-definitions/property-expressions';
import { type IndexKind, PROPERTY_TYPE_SPECS } from 'src/object-definitions/property-types';

/** A runtime index of the record table: `(object_definition_id, <expression>, id)`. */
export interface IndexSpec {
  name: string;
  expression: string;
  /** Only records with a value are indexed: others pay nothing on write. */
  predicate: string;
}

export const RUNTIME_INDEX_PREFIX = 'rx_';
const SHORT_KIND: Record<IndexKind, string> = {
  numeric: 'n',
  text: 't',
  date: 'd',
  timestamptz: 'ts',
  boolean: 'b',
};
const MAX_IDENTIFIER = 63;

/**
 * `rx_<kind>_<property>_<hash>`: the hash is of the index's definition, so when the code indexes a
 * property differently, the new index has a new name (built) and the old one is unwanted (dropped).
 */
function indexName(kind: string, property: string, definition: string): string {
  const hash = createHash('sha1').update(definition).digest('hex').slice(0, 6);
  const readable = `${RUNTIME_INDEX_PREFIX}${kind}_${property}`.slice(0, MAX_IDENTIFIER - 7);
  return `${readable}_${hash}`;
}

/**
 * The indexes a definition wants: one per property flagged `indexed`, `unique` or shown as the
 * primary display property. They are shared by every object that has a property of that name and
 * kind (so their number does not grow with organizations), hold only records that have the
 * property, and lead with the object, so one object's filter and sort read only its own entries.
 */
export function indexSpecsOf(
  definition: Pick<ObjectDefinitionInput, 'properties' | 'primary_display_property'>,
): IndexSpec[] {
  return definition.properties
    .filter((p) => p.indexed || p.unique || p.name === definition.primary_display_property)
    .flatMap((p) => {
      const kind = PROPERTY_TYPE_SPECS[p.type].indexKind;
      if (kind === null) {
        return [];
      }
      const expression = orderExpression(p);
      // Implied by every comparison on the expression (strict operators) and by the valued part of
      // a sort, so the planner uses the index without a condition added only for it.
      const predicate = `${expression} IS NOT NULL`;
      return [
        {
          name: indexName(SHORT_KIND[kind], p.name, `${expression} WHERE ${predicate}`),
          expression,
          predicate,
        },
      ];
    });
}
