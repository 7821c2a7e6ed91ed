import { createAjv } from '@plinth/common/ajv';
import { validateRecordProperties } from '@plinth/common/ajv-errors';
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from './types';

/**
 * Forms validate with the server's own AJV set-up (options, formats, `x-` keywords) on the
 * compiled schema from GET /api/object-definitions/{name}/schema, and word errors with the
 * server's mapping: a user sees the same message before and after a round trip.
 */
const ajv = createAjv();
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function validatorOf(objectSchema: JsonSchema): ValidateFunction {
  const known = compiled.get(objectSchema);
  if (known) {
    return known;
  }
  // AJV keeps schemas by `$id`; a later version of the same object must not collide with it.
  const { $id: _id, ...anonymous } = objectSchema;
  const validate = ajv.compile(anonymous);
  compiled.set(objectSchema, validate);
  return validate;
}

/**
 * The problem of one property's value under the object's compiled schema, or undefined. An empty
 * value passes: whether it is required is react-admin's `required()`, shown in its own words.
 */
export function propertyProblem(
  objectSchema: JsonSchema | undefined,
  name: string,
  value: unknown,
): string | undefined {
  if (!objectSchema || value === null || value === undefined || value === '') {
    return undefined;
  }
  // A property the schema does not know yet (a definition saved meanwhile): the server decides.
  const properties = objectSchema.properties as Record<string, unknown> | undefined;
  if (properties?.[name] === undefined) {
    return undefined;
  }
  const objectName = typeof objectSchema['x-object'] === 'string' ? objectSchema['x-object'] : '';
  const errors = validateRecordProperties(validatorOf(objectSchema), objectName, {
    [name]: value,
  });
  return errors?.[name];
}

export function isRequiredIn(objectSchema: JsonSchema | undefined, name: string): boolean {
  const required = objectSchema?.required;
  return Array.isArray(required) && required.includes(name);
}
