import { useMemo } from 'react';
import { required, type Validator } from 'react-admin';
import { sortedOptions } from 'src/definitions/properties';
import { isRequiredIn, propertyProblem } from 'src/definitions/schemaValidation';
import type { JsonSchema, ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { propertyTypeUi } from './propertyTypes';

export interface PropertyInputProps {
  property: PropertyDefinition;
  definition: ObjectDefinition;
  /** The object's compiled JSON Schema: validators mirror it (GET …/{name}/schema). */
  schema?: JsonSchema;
}

/** Client-side validators of one property, from the same compiled schema AJV validates with. */
export function validatorsFor(
  property: PropertyDefinition,
  objectSchema: JsonSchema | undefined,
): Validator[] {
  if (property.read_only) {
    return [];
  }
  const validators: Validator[] = [
    (value: unknown) => propertyProblem(objectSchema, property.name, value),
  ];
  const isRequired = objectSchema ? isRequiredIn(objectSchema, property.name) : property.required;
  return isRequired ? [required(), ...validators] : validators;
}

/** The input for one property, chosen by its type (docs/architecture.md: views never name properties). */
export function PropertyInput({ property, definition, schema }: PropertyInputProps) {
  const validate = useMemo(() => validatorsFor(property, schema), [property, schema]);
  const common = {
    source: property.name,
    label: property.label,
    helperText: property.description ?? false,
    validate,
    readOnly: property.read_only === true,
  } as const;
  const choices = useMemo(() => sortedOptions(property), [property]);
  return propertyTypeUi(property.type).input({ common, property, definition, choices });
}
