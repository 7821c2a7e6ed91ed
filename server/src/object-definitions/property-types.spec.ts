import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectDefinitionsDir } from './definition-files';
import { PROPERTY_TYPES, type PropertyDefinition, type PropertyType } from './definition.types';
import {
  PROPERTY_OPERATORS,
  PROPERTY_TYPE_SPECS,
  type PropertyTypeSpec,
  takesOperator,
} from './property-types';

/** The type names the meta-schema accepts: what an admin can declare. */
function metaSchemaTypes(): string[] {
  const file = join(objectDefinitionsDir(), 'definition.meta-schema.json');
  const metaSchema = JSON.parse(readFileSync(file, 'utf8')) as {
    $defs: { property: { properties: { type: { enum: string[] } } } };
  };
  return metaSchema.$defs.property.properties.type.enum;
}

const FACETS: Array<keyof PropertyTypeSpec> = [
  'sqlKind',
  'indexKind',
  'isCaseInsensitive',
  'isSearchable',
  'valueSchema',
  'constraints',
  'operators',
  'example',
];

const propertyOf = (type: PropertyType): PropertyDefinition => ({
  name: 'field',
  type,
  label: 'Field',
  options: [{ value: 'a', label: 'A' }],
});

describe('PROPERTY_TYPE_SPECS', () => {
  it('has an entry for every type of the meta-schema, and no other', () => {
    expect(Object.keys(PROPERTY_TYPE_SPECS).sort()).toEqual([...metaSchemaTypes()].sort());
    expect([...PROPERTY_TYPES].sort()).toEqual([...metaSchemaTypes()].sort());
  });

  it.each(metaSchemaTypes())('gives %s every facet', (type) => {
    const spec = PROPERTY_TYPE_SPECS[type as PropertyType];
    for (const facet of FACETS) {
      expect(spec).toHaveProperty(facet);
    }
    expect(typeof spec.sqlKind).toBe('string');
    expect(typeof spec.isCaseInsensitive).toBe('boolean');
    expect(typeof spec.isSearchable).toBe('boolean');
    expect(typeof spec.valueSchema(propertyOf(type as PropertyType))).toBe('object');
    expect(typeof spec.constraints(propertyOf(type as PropertyType))).toBe('object');
    expect(typeof spec.example.candidates).toBe('function');
    expect(typeof spec.example.fits).toBe('function');
    // Every type can be tested for equality and existence; the rest depend on the type.
    expect(spec.operators).toEqual(expect.arrayContaining(['eq', 'neq', 'exists']));
    for (const operator of spec.operators) {
      expect(PROPERTY_OPERATORS).toContain(operator);
    }
  });

  it('indexes a type by the kind of its value expression, or not at all', () => {
    for (const spec of Object.values(PROPERTY_TYPE_SPECS)) {
      expect([null, spec.sqlKind]).toContain(spec.indexKind);
    }
    const unindexed = PROPERTY_TYPES.filter((type) => PROPERTY_TYPE_SPECS[type].indexKind === null);
    expect(unindexed.sort()).toEqual(['json', 'long_text', 'multi_enumeration']);
  });

  it('compares only emails ignoring case', () => {
    const folded = PROPERTY_TYPES.filter((type) => PROPERTY_TYPE_SPECS[type].isCaseInsensitive);
    expect(folded).toEqual(['email']);
  });

  it('takes the operators its values support', () => {
    const takes = (type: PropertyType) =>
      PROPERTY_OPERATORS.filter((operator) => takesOperator(propertyOf(type), operator));
    expect(takes('text')).toEqual([
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'in',
      'nin',
      'contains',
      'exists',
      'token',
    ]);
    expect(takes('currency')).toEqual([
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'in',
      'nin',
      'exists',
    ]);
    expect(takes('boolean')).toEqual(['eq', 'neq', 'in', 'nin', 'exists']);
    expect(takes('multi_enumeration')).toEqual([
      'eq',
      'neq',
      'in',
      'nin',
      'contains',
      'exists',
      'all',
    ]);
    expect(takes('json')).toEqual(['eq', 'neq', 'exists']);
  });
});
