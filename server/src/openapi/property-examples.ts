import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { PROPERTY_TYPE_SPECS } from 'src/object-definitions/property-types';

/**
 * An example value of a property, from its type (a deal's amount: "1250.00"), kept within its
 * constraints; undefined when no candidate fits (a text property with a pattern of its own).
 */
export function propertyExample(property: PropertyDefinition): unknown {
  const { example } = PROPERTY_TYPE_SPECS[property.type];
  const candidates = [property.default, ...example.candidates(property)];
  return candidates.find(
    (value) => value !== undefined && value !== null && example.fits(value, property),
  );
}
