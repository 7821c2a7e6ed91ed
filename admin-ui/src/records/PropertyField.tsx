import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { propertyTypeUi } from './propertyTypes';
import type { FieldVariant } from './PropertyValues';

export interface PropertyFieldProps {
  property: PropertyDefinition;
  definition: ObjectDefinition;
  /** Lists are compact (one line, chips); show pages show everything. */
  variant?: FieldVariant;
}

/** Renders one property of the current record according to its type (docs/architecture.md). */
export function PropertyField({ property, definition, variant = 'show' }: PropertyFieldProps) {
  return propertyTypeUi(property.type).field({ property, definition, variant });
}
