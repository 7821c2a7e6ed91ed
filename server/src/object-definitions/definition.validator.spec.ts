import type { ObjectDefinitionInput, PropertyDefinition } from './definition.types';
import { RESERVED_PROPERTY_NAMES } from './definition.types';
import { formatProblems, validateDefinition } from './definition.validator';

const SNAKE_CASE =
  'must be snake_case: a lower-case letter, then lower-case letters, digits or _ (at most 63)';

/** The shipment example of the definition format: every kind of rule a property can carry. */
function shipment(): ObjectDefinitionInput {
  return {
    name: 'shipment',
    labels: { singular: 'Shipment', plural: 'Shipments' },
    description: 'A parcel on its way to a customer',
    group: 'logistics',
    icon: 'local_shipping',
    color: '#1E88e5',
    primary_display_property: 'tracking_number',
    properties: [
      {
        name: 'tracking_number',
        type: 'text',
        label: 'Tracking number',
        required: true,
        unique: true,
        max_length: 64,
      },
      {
        name: 'status',
        type: 'enumeration',
        label: 'Status',
        default: 'pending',
        indexed: true,
        options: [
          { value: 'pending', label: 'Pending', order: 0 },
          { value: 'in_transit', label: 'In transit', order: 1 },
          { value: 'delivered', label: 'Delivered', order: 2, description: 'Signed for' },
        ],
      },
      { name: 'weight_kg', type: 'number', label: 'Weight (kg)', minimum: 0 },
    ],
  };
}

/** A minimal definition around the given properties (declared loosely: invalid ones are the point). */
function withProperties(...properties: Array<Record<string, unknown>>): unknown {
  return { name: 'shipment', labels: { singular: 'Shipment', plural: 'Shipments' }, properties };
}

function withTopLevel(overrides: Record<string, unknown>): unknown {
  return { ...shipment(), ...overrides };
}

describe(validateDefinition.name, () => {
  describe('accepts', () => {
    it('accepts a minimal definition with no properties', () => {
      expect(
        validateDefinition({ name: 'a', labels: { singular: 'A', plural: 'As' }, properties: [] }),
      ).toEqual([]);
    });

    it('accepts the full shipment definition', () => {
      expect(validateDefinition(shipment())).toEqual([]);
    });

    it('accepts a name of exactly 63 characters', () => {
      expect(validateDefinition(withTopLevel({ name: `a${'b'.repeat(62)}` }))).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['long_text with lengths', { type: 'long_text', min_length: 1, max_length: 10 }],
      ['email with a default', { type: 'email', default: 'ops@example.com' }],
      ['phone', { type: 'phone', max_length: 20 }],
      ['url with a pattern', { type: 'url', pattern: '^https://' }],
      ['integer with bounds', { type: 'integer', minimum: 1, maximum: 10, default: 5 }],
      ['percent', { type: 'percent', minimum: 0, maximum: 100 }],
      [
        'currency with precision',
        { type: 'currency', precision: 4, minimum: 0, default: '1.2345' },
      ],
      ['boolean with a default', { type: 'boolean', default: false }],
      ['date with a default', { type: 'date', default: '2026-02-28' }],
      ['datetime', { type: 'datetime', read_only: true }],
      [
        'multi_enumeration with max_items',
        {
          type: 'multi_enumeration',
          max_items: 2,
          default: ['a'],
          options: [{ value: 'a', label: 'A' }],
        },
      ],
      [
        'json with a schema',
        {
          type: 'json',
          schema: {
            type: 'array',
            items: {
              type: 'object',
              required: ['description'],
              properties: { description: { type: 'string' } },
            },
          },
        },
      ],
    ])('accepts a %s property', (_, property) => {
      expect(validateDefinition(withProperties({ name: 'x', label: 'X', ...property }))).toEqual(
        [],
      );
    });
  });

  describe('rejects the definition itself', () => {
    it('names every missing required key', () => {
      expect(validateDefinition({})).toEqual([
        { path: 'name', message: 'is required' },
        { path: 'labels', message: 'is required' },
        { path: 'properties', message: 'is required' },
      ]);
    });

    it.each(['name', 'labels', 'properties'])('rejects a definition without %s', (key) => {
      const definition: Record<string, unknown> = { ...shipment() };
      delete definition[key];
      expect(validateDefinition(definition)).toEqual([{ path: key, message: 'is required' }]);
    });

    it('rejects something that is not an object', () => {
      expect(validateDefinition('shipment')).toEqual([
        { path: '(definition)', message: 'must be object' },
      ]);
    });

    it.each([
      ['upper case', 'Shipment'],
      ['a leading digit', '1shipment'],
      ['a dash', 'ship-ment'],
      ['a space', 'ship ment'],
      ['64 characters', 'a'.repeat(64)],
      ['an empty string', ''],
    ])('rejects a definition name with %s', (_, name) => {
      expect(validateDefinition(withTopLevel({ name }))).toEqual([
        { path: 'name', message: SNAKE_CASE },
      ]);
    });

    it('rejects an unknown top-level key at its own path', () => {
      expect(validateDefinition(withTopLevel({ plural: 'Shipments' }))).toEqual([
        { path: 'plural', message: '"plural" is not allowed' },
      ]);
    });

    it('rejects a missing plural label and an empty singular one', () => {
      expect(validateDefinition(withTopLevel({ labels: { singular: '' } }))).toEqual([
        { path: 'labels.plural', message: 'is required' },
        { path: 'labels.singular', message: 'must NOT have fewer than 1 characters' },
      ]);
    });

    it('rejects properties that are not a list', () => {
      expect(validateDefinition(withTopLevel({ properties: {} }))).toEqual([
        { path: 'properties', message: 'must be array' },
      ]);
    });

    it('rejects a color that is not #rrggbb', () => {
      expect(validateDefinition(withTopLevel({ color: 'blue' }))).toEqual([
        { path: 'color', message: 'must match ^#[0-9a-fA-F]{6}$' },
      ]);
    });

    it('rejects a primary_display_property that is not an identifier', () => {
      expect(
        validateDefinition(withTopLevel({ primary_display_property: 'Tracking-Number' })),
      ).toEqual([{ path: 'primary_display_property', message: SNAKE_CASE }]);
    });

    it('rejects a primary_display_property that is not one of the properties', () => {
      expect(validateDefinition(withTopLevel({ primary_display_property: 'carrier' }))).toEqual([
        { path: 'primary_display_property', message: '"carrier" is not one of the properties' },
      ]);
    });

    it('rejects a primary_display_property that is a number property', () => {
      expect(validateDefinition(withTopLevel({ primary_display_property: 'weight_kg' }))).toEqual([
        {
          path: 'primary_display_property',
          message: '"weight_kg" is a number; use a text, email, phone, url or enumeration property',
        },
      ]);
    });
  });

  describe('rejects a property', () => {
    it.each([
      ['upper case', 'Weight'],
      ['a leading digit', '2nd_weight'],
      ['a dash', 'weight-kg'],
      ['64 characters', 'w'.repeat(64)],
    ])('rejects a property name with %s', (_, name) => {
      expect(validateDefinition(withProperties({ name, type: 'number', label: 'W' }))).toEqual([
        { path: `properties.${name}.name`, message: SNAKE_CASE },
      ]);
    });

    it('rejects a property name that is not a string, pointing at its index', () => {
      expect(validateDefinition(withProperties({ name: 7, type: 'number', label: 'W' }))).toEqual([
        { path: 'properties.0.name', message: 'must be string' },
      ]);
    });

    it.each(RESERVED_PROPERTY_NAMES)('rejects the reserved property name %s', (name) => {
      expect(validateDefinition(withProperties({ name, type: 'text', label: 'X' }))).toEqual([
        {
          path: `properties.${name}.name`,
          message: `"${name}" is a reserved name (${RESERVED_PROPERTY_NAMES.join(', ')})`,
        },
      ]);
    });

    it.each(['name', 'type', 'label'])('rejects a property without %s', (key) => {
      const property: Record<string, unknown> = { name: 'weight_kg', type: 'number', label: 'W' };
      delete property[key];
      const problems = validateDefinition(withProperties(property));
      const at = key === 'name' ? 'properties.0' : 'properties.weight_kg';
      expect(problems).toEqual([{ path: `${at}.${key}`, message: 'is required' }]);
    });

    it.each<[string, unknown, string]>([
      ['label', 5, 'must be string'],
      ['label', '', 'must NOT have fewer than 1 characters'],
      ['description', 5, 'must be string'],
      ['required', 'no', 'must be boolean'],
      ['unique', 1, 'must be boolean'],
      ['read_only', 'yes', 'must be boolean'],
      ['indexed', 'y', 'must be boolean'],
    ])('rejects a property %s of %j: %s', (key, value, message) => {
      const property = { name: 'code', type: 'text', label: 'Code', [key]: value };
      expect(validateDefinition(withProperties(property))).toEqual([
        { path: `properties.code.${key}`, message },
      ]);
    });

    it('rejects an unknown type listing the known ones', () => {
      expect(
        validateDefinition(withProperties({ name: 'weight_kg', type: 'float', label: 'W' })),
      ).toEqual([
        {
          path: 'properties.weight_kg.type',
          message:
            'must be one of: text, long_text, number, integer, currency, percent, boolean, date, datetime, ' +
            'enumeration, multi_enumeration, email, phone, url, json',
        },
      ]);
    });

    it.each<[string, string, Record<string, unknown>]>([
      ['options', 'text', { options: [{ value: 'a', label: 'A' }] }],
      ['options', 'number', { options: [{ value: 'a', label: 'A' }] }],
      ['max_length', 'number', { max_length: 10 }],
      ['minimum', 'text', { minimum: 0 }],
      ['maximum', 'boolean', { maximum: 1 }],
      ['precision', 'number', { precision: 2 }],
      ['pattern', 'integer', { pattern: '^1' }],
      ['max_items', 'enumeration', { max_items: 2, options: [{ value: 'a', label: 'A' }] }],
      ['unique', 'multi_enumeration', { unique: true, options: [{ value: 'a', label: 'A' }] }],
      ['unique', 'json', { unique: true }],
      ['schema', 'text', { schema: { type: 'string' } }],
      ['colour', 'date', { colour: 'red' }],
    ])('rejects %s on a property of type %s', (key, type, extra) => {
      expect(
        validateDefinition(withProperties({ name: 'weight_kg', type, label: 'W', ...extra })),
      ).toEqual([
        {
          path: `properties.weight_kg.${key}`,
          message: `"${key}" is not allowed for a property of type ${type}`,
        },
      ]);
    });

    it.each(['enumeration', 'multi_enumeration'])(
      'rejects a property of type %s without options',
      (type) => {
        expect(validateDefinition(withProperties({ name: 'status', type, label: 'S' }))).toEqual([
          { path: 'properties.status.options', message: 'is required' },
        ]);
      },
    );

    it('rejects an enumeration with an empty option list', () => {
      expect(
        validateDefinition(
          withProperties({ name: 'status', type: 'enumeration', label: 'S', options: [] }),
        ),
      ).toEqual([
        { path: 'properties.status.options', message: 'must NOT have fewer than 1 items' },
      ]);
    });

    it('rejects an unknown key inside an option without blaming the property type', () => {
      const options = [{ value: 'a', label: 'A', colour: 'red' }];
      expect(
        validateDefinition(
          withProperties({ name: 'status', type: 'enumeration', label: 'S', options }),
        ),
      ).toEqual([
        { path: 'properties.status.options.0.colour', message: '"colour" is not allowed' },
      ]);
    });

    it('reports only the missing type when a property has none', () => {
      expect(
        validateDefinition(withProperties({ name: 'weight_kg', label: 'W', max_length: 3 })),
      ).toEqual([{ path: 'properties.weight_kg.type', message: 'is required' }]);
    });

    it('rejects a currency precision above 6', () => {
      expect(
        validateDefinition(
          withProperties({ name: 'amount', type: 'currency', label: 'A', precision: 7 }),
        ),
      ).toEqual([{ path: 'properties.amount.precision', message: 'must be <= 6' }]);
    });

    it('rejects a json schema keyword AJV and OpenAPI do not share', () => {
      const property = {
        name: 'data',
        type: 'json',
        label: 'D',
        schema: { oneOf: [{ type: 'string' }] },
      };
      expect(validateDefinition(withProperties(property))).toEqual([
        { path: 'properties.data.schema.oneOf', message: '"oneOf" is not allowed' },
      ]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      [
        'minLength without a type',
        { minLength: 2 },
        'missing type "string" for keyword "minLength"',
      ],
      [
        'pattern on a number',
        { type: 'number', pattern: '^1' },
        'missing type "string" for keyword "pattern"',
      ],
      [
        'a required key it does not declare',
        { type: 'object', required: ['a'] },
        'required property "a" is not defined',
      ],
    ])('rejects a json schema AJV strict mode refuses: %s', (_, schema, reason) => {
      const property = { name: 'data', type: 'json', label: 'D', schema };
      expect(validateDefinition(withProperties(property))).toEqual([
        { path: 'properties.data.schema', message: expect.stringContaining(reason) },
      ]);
      expect(validateDefinition(withProperties({ ...property, default: 5 }))[0]?.message).toMatch(
        /^is not a valid schema: strict mode: /,
      );
    });

    it('rejects an invalid regular expression', () => {
      const property = { name: 'code', type: 'text', label: 'C', pattern: '([a-z' };
      expect(validateDefinition(withProperties(property))).toEqual([
        { path: 'properties.code.pattern', message: 'is not a valid regular expression' },
      ]);
    });

    it('rejects a property defined twice', () => {
      const property = { name: 'weight_kg', type: 'number', label: 'W' };
      expect(
        validateDefinition(withProperties(property, { ...property, type: 'integer' })),
      ).toEqual([
        { path: 'properties.weight_kg', message: 'property "weight_kg" is defined twice' },
      ]);
    });

    it('rejects an option value listed twice', () => {
      const options = [
        { value: 'pending', label: 'Pending' },
        { value: 'pending', label: 'Waiting' },
      ];
      expect(
        validateDefinition(
          withProperties({ name: 'status', type: 'enumeration', label: 'S', options }),
        ),
      ).toEqual([{ path: 'properties.status.options', message: 'option "pending" appears twice' }]);
    });

    it('rejects min_length greater than max_length', () => {
      const property = { name: 'code', type: 'text', label: 'C', min_length: 10, max_length: 5 };
      expect(validateDefinition(withProperties(property))).toEqual([
        { path: 'properties.code.min_length', message: 'must not exceed max_length' },
      ]);
    });

    it.each(['number', 'integer', 'percent', 'currency'])(
      'rejects minimum greater than maximum on a property of type %s',
      (type) => {
        const property = { name: 'weight_kg', type, label: 'W', minimum: 10, maximum: 5 };
        expect(validateDefinition(withProperties(property))).toEqual([
          { path: 'properties.weight_kg.minimum', message: 'must not exceed maximum' },
        ]);
      },
    );

    it('accepts min_length equal to max_length and minimum equal to maximum', () => {
      const definition = withProperties(
        { name: 'code', type: 'text', label: 'C', min_length: 5, max_length: 5 },
        { name: 'weight_kg', type: 'number', label: 'W', minimum: 5, maximum: 5 },
      );
      expect(validateDefinition(definition)).toEqual([]);
    });
  });

  describe('rejects a default that fails its own rule', () => {
    it.each<[string, Partial<PropertyDefinition>, string]>([
      [
        'an enumeration default that is not an option',
        { type: 'enumeration', default: 'lost', options: [{ value: 'pending', label: 'Pending' }] },
        'the default "lost" fails its own rule: must be equal to one of the allowed values',
      ],
      [
        'a multi_enumeration default with an unknown value',
        { type: 'multi_enumeration', default: ['b'], options: [{ value: 'a', label: 'A' }] },
        'the default ["b"] fails its own rule: must be equal to one of the allowed values',
      ],
      [
        'a text default longer than max_length',
        { type: 'text', default: 'ABCDEF', max_length: 3 },
        'the default "ABCDEF" fails its own rule: must NOT have more than 3 characters',
      ],
      [
        'a text default that misses the pattern',
        { type: 'text', default: 'abc', pattern: '^[A-Z]+$' },
        'the default "abc" fails its own rule: must match pattern "^[A-Z]+$"',
      ],
      [
        'a currency default string with too many decimals',
        { type: 'currency', default: '1.234', precision: 2 },
        'the default "1.234" fails its own rule: must have at most 2 decimal places',
      ],
      [
        'a currency default number with too many decimals',
        { type: 'currency', default: 1.234 },
        'the default 1.234 fails its own rule: must have at most 2 decimal places',
      ],
      [
        'a currency default below the minimum',
        { type: 'currency', default: '-1', minimum: 0 },
        'the default "-1" fails its own rule: must be >= 0',
      ],
      [
        'a number default above the maximum',
        { type: 'number', default: 11, maximum: 10 },
        'the default 11 fails its own rule: must be <= 10',
      ],
      [
        'an integer default with a fraction',
        { type: 'integer', default: 1.5 },
        'the default 1.5 fails its own rule: must be integer',
      ],
      [
        'a boolean default given as text',
        { type: 'boolean', default: 'true' },
        'the default "true" fails its own rule: must be boolean',
      ],
      [
        'a date default that does not exist',
        { type: 'date', default: '2026-02-30' },
        'the default "2026-02-30" fails its own rule: must match format "date"',
      ],
      [
        'an email default that is not an address',
        { type: 'email', default: 'nobody' },
        'the default "nobody" fails its own rule: must match format "email"',
      ],
    ])('rejects %s', (_, rule, message) => {
      expect(validateDefinition(withProperties({ name: 'field', label: 'F', ...rule }))).toEqual([
        { path: 'properties.field.default', message },
      ]);
    });
  });

  it('reports problems of several properties together', () => {
    const definition = withProperties(
      { name: 'code', type: 'text', label: 'C', minimum: 1 },
      { name: 'weight_kg', type: 'number', label: 'W', options: [{ value: 'a', label: 'A' }] },
    );
    expect(validateDefinition(definition)).toEqual(
      expect.arrayContaining([
        {
          path: 'properties.code.minimum',
          message: '"minimum" is not allowed for a property of type text',
        },
        {
          path: 'properties.weight_kg.options',
          message: expect.stringContaining('not allowed'),
        },
      ]),
    );
  });
});

describe(formatProblems.name, () => {
  it('writes one "source: path: message" line per problem', () => {
    expect(
      formatProblems('object-definitions/shipment.json', [
        { path: 'name', message: 'is required' },
        { path: 'properties.weight_kg.minimum', message: 'must not exceed maximum' },
      ]),
    ).toBe(
      'object-definitions/shipment.json: name: is required\n' +
        'object-definitions/shipment.json: properties.weight_kg.minimum: must not exceed maximum',
    );
  });
});

describe('validateDefinition: nesting', () => {
  it('refuses a definition nested past 32 levels before the meta-schema recurses into it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) {
      deep = [deep];
    }
    expect(
      validateDefinition({
        name: 'deep',
        labels: { singular: 'Deep', plural: 'Deep' },
        properties: [{ name: 'data', type: 'json', label: 'Data', schema: { enum: deep } }],
      }),
    ).toEqual([
      {
        path: '(definition)',
        message: 'is nested too deeply: at most 32 levels of objects and arrays',
      },
    ]);
  });
});
