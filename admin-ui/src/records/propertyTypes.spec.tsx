import metaSchema from 'object-definitions/definition.meta-schema.json';
import { specimen } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import { exportRow, propertyTypeUi, TYPES_WITH_UI } from './propertyTypes';

const propertyOfType = (type: string) => {
  const property = specimen.properties.find((p) => p.type === type);
  if (!property) {
    throw new Error(`The specimen has no ${type} property`);
  }
  return property;
};

describe('PROPERTY_TYPE_UI', () => {
  it('has one entry for every property type of the meta-schema, and no other', () => {
    const catalogue = metaSchema.$defs.property.properties.type.enum;
    expect([...TYPES_WITH_UI].sort()).toEqual([...catalogue].sort());
  });

  it('filters numbers by range, options by value, and leaves text to the search box', () => {
    const sources = (type: string) =>
      propertyTypeUi(propertyOfType(type).type)
        .filters(propertyOfType(type))
        .map((filter) => (filter.props as { source: string }).source);
    const weight = propertyOfType('number').name;
    expect(sources('number')).toEqual([`${weight}_gte`, `${weight}_lte`]);
    expect(sources('enumeration')).toEqual([propertyOfType('enumeration').name]);
    expect(sources('text')).toEqual([]);
  });

  it('aligns exactly the numeric types right', () => {
    const numeric = TYPES_WITH_UI.filter((type) => propertyTypeUi(type).isNumeric);
    expect(numeric.sort()).toEqual(['currency', 'integer', 'number', 'percent']);
  });
});

describe(exportRow.name, () => {
  it("puts each property in one CSV cell by its type's rule and keeps other fields", () => {
    const row = exportRow(specimen, {
      id: 'r1',
      [propertyOfType('multi_enumeration').name]: ['cold', 'urgent'],
      [propertyOfType('json').name]: { width: 1 },
      [propertyOfType('currency').name]: 12.5,
      [propertyOfType('text').name]: 'Lamp',
    });
    expect(row).toEqual({
      id: 'r1',
      [propertyOfType('multi_enumeration').name]: 'cold; urgent',
      [propertyOfType('json').name]: '{"width":1}',
      [propertyOfType('currency').name]: '12.5',
      [propertyOfType('text').name]: 'Lamp',
    });
  });
});
