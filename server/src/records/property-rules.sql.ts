import type { PropertyDefinition } from 'src/object-definitions/definition.types';

import { PROPERTY_TYPE_SPECS } from 'src/object-definitions/property-types';
const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const PHONE = '^\\+?[(]?[0-9][0-9 ().\\-]{2,31}$';
const EMAIL = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const DATETIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$';
const DECIMAL = '^-?\\d{1,20}(\\.\\d+)?$';

/** Placeholder factory: every value enters SQL as a bound parameter. */
export type Bind = (value: unknown) => string;

/** The property name as a SQL literal; only names that passed the meta-schema get here. */
export function propertyKey(property: PropertyDefinition): string {
  if (!IDENTIFIER.test(property.name)) {
    throw new Error(
      `refusing a property name that is not an identifier: ${JSON.stringify(property.name)}`,
    );
  }
  return `'${property.name}'`;
}

function textRules(property: PropertyDefinition, text: string, bind: Bind): string[] {
  const rules: string[] = [];
  if (property.min_length !== undefined) {
    rules.push(`char_length(${text}) >= ${bind(property.min_length)}::int`);
  }
  if (property.max_length !== undefined) {
    rules.push(`char_length(${text}) <= ${bind(property.max_length)}::int`);
  }
  if (property.pattern !== undefined) {
    rules.push(`${text} ~ ${bind(property.pattern)}`);
  }
  return rules;
}

function rangeRules(property: PropertyDefinition, number: string, bind: Bind): string[] {
  const rules: string[] = [];
  if (property.minimum !== undefined) {
    rules.push(`${number} >= ${bind(String(property.minimum))}::numeric`);
  }
  if (property.maximum !== undefined) {
    rules.push(`${number} <= ${bind(String(property.maximum))}::numeric`);
  }
  return rules;
}

function all(rules: string[]): string {
  return rules.length === 0 ? 'true' : rules.map((rule) => `(${rule})`).join(' AND ');
}

/** Casts guarded by CASE, since AND does not promise to evaluate its left side first. */
function guarded(condition: string, rules: string[]): string {
  return `CASE WHEN ${condition} THEN ${all(rules)} ELSE false END`;
}

/**
 * SQL that is true when a present value satisfies the property's type and constraints, the same
 * rules the compiled JSON Schema states (json values with a schema are checked by AJV instead).
 */
export function validValueSql(property: PropertyDefinition, bind: Bind): string {
  const key = propertyKey(property);
  const value = `r.properties->${key}`;
  const text = `(r.properties->>${key})`;
  const isString = `jsonb_typeof(${value}) = 'string'`;
  const isNumber = `jsonb_typeof(${value}) = 'number'`;
  const number = `${text}::numeric`;
  switch (property.type) {
    case 'text':
    case 'long_text':
      return guarded(isString, textRules(property, text, bind));
    case 'email':
      return guarded(isString, [`${text} ~ '${EMAIL}'`, ...textRules(property, text, bind)]);
    case 'phone':
      return guarded(isString, [`${text} ~ '${PHONE}'`, ...textRules(property, text, bind)]);
    case 'url':
      return guarded(isString, [`${text} ~ '^https?://'`, ...textRules(property, text, bind)]);
    case 'number':
    case 'percent':
      return guarded(isNumber, rangeRules(property, number, bind));
    case 'integer':
      return guarded(isNumber, [
        `${number} = trunc(${number})`,
        ...rangeRules(property, number, bind),
      ]);
    case 'currency':
      return guarded(`${isNumber} OR (${isString} AND ${text} ~ '${DECIMAL}')`, [
        `scale(trim_scale(${number})) <= ${bind(property.precision ?? 2)}::int`,
        ...rangeRules(property, number, bind),
      ]);
    case 'boolean':
      return `jsonb_typeof(${value}) = 'boolean'`;
    case 'date':
      return guarded(isString, [`${text} ~ '${DATE}'`]);
    case 'datetime':
      return guarded(isString, [`${text} ~ '${DATETIME}'`]);
    case 'enumeration':
      return guarded(isString, [
        `${text} = ANY(${bind((property.options ?? []).map((o) => o.value))}::text[])`,
      ]);
    case 'multi_enumeration': {
      const options = bind(JSON.stringify((property.options ?? []).map((o) => o.value)));
      const rules = [`${value} <@ ${options}::jsonb`];
      if (property.max_items !== undefined) {
        rules.push(`jsonb_array_length(${value}) <= ${bind(property.max_items)}::int`);
      }
      return guarded(`jsonb_typeof(${value}) = 'array'`, rules);
    }
    case 'json':
      return 'true';
  }
}

/** The value unique properties compare by, as SQL (mirrors `uniqueKey`). */
export function uniqueValueSql(property: PropertyDefinition): string {
  const key = propertyKey(property);
  const text = `(r.properties->>${key})`;
  if (PROPERTY_TYPE_SPECS[property.type].isCaseInsensitive) {
    return `lower(btrim(${text}))`;
  }
  return `CASE WHEN jsonb_typeof(r.properties->${key}) = 'string' THEN ${text} ELSE (r.properties->${key})::text END`;
}
