import { createHash } from 'node:crypto';
import type {
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
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

/** Whether a definition wants a runtime index on the property (whatever its type). */
export function wantsIndex(
  property: PropertyDefinition,
  definition: Pick<ObjectDefinitionInput, 'primary_display_property'>,
): boolean {
  return (
    property.indexed === true ||
    property.unique === true ||
    property.name === definition.primary_display_property ||
    property.auto_index === 'built' ||
    property.auto_index === 'pinned'
  );
}

/** What a definition's runtime indexes depend on (nothing else of it: see `indexSpecsOf`). */
export type IndexedDefinition = Pick<
  ObjectDefinitionInput,
  'properties' | 'primary_display_property'
>;

/**
 * The indexes a definition wants: one per property flagged `indexed`, `unique`, shown as the
 * primary display property, or with an automatic index built or pinned. They are shared by every object that has a property of that name and
 * kind (so their number does not grow with organizations), hold only records that have the
 * property, and lead with the object, so one object's filter and sort read only its own entries.
 */
export function indexSpecsOf(definition: IndexedDefinition): IndexSpec[] {
  return definition.properties
    .filter((p) => wantsIndex(p, definition))
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
