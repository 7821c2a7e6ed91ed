import { validateRecordProperties } from 'src/records/record-properties.validator';
import { createAjv } from './ajv.factory';
import {
  compileDefinitionSchema,
  compilePropertySchema,
  JSON_SCHEMA_DIALECT,
} from './definition-schema.compiler';
import type { ObjectDefinitionInput, PropertyDefinition, PropertyType } from './definition.types';
import { PROPERTY_TYPES } from './definition.types';

/** One property of every type, most with constraints, so each rule can be seen failing. */
const PROPERTIES: PropertyDefinition[] = [
  {
    name: 'tracking_number',
    type: 'text',
    label: 'Tracking number',
    required: true,
    unique: true,
    max_length: 12,
    min_length: 2,
  },
  { name: 'sku', type: 'text', label: 'SKU', pattern: '^[A-Z]{3}-\\d+$' },
  { name: 'notes', type: 'long_text', label: 'Notes' },
  { name: 'weight_kg', type: 'number', label: 'Weight (kg)', minimum: 0, maximum: 1000 },
  { name: 'quantity', type: 'integer', label: 'Quantity', minimum: 1 },
  { name: 'amount', type: 'currency', label: 'Amount', precision: 2, minimum: 0, maximum: 1000000 },
  { name: 'balance', type: 'currency', label: 'Balance' },
  { name: 'yen', type: 'currency', label: 'Yen', precision: 0 },
  { name: 'discount', type: 'percent', label: 'Discount', minimum: 0, maximum: 100 },
  { name: 'is_fragile', type: 'boolean', label: 'Fragile', default: false },
  { name: 'ship_date', type: 'date', label: 'Ship date' },
  { name: 'delivered_at', type: 'datetime', label: 'Delivered at', read_only: true },
  {
    name: 'status',
    type: 'enumeration',
    label: 'Status',
    default: 'pending',
    indexed: true,
    options: [
      { value: 'delivered', label: 'Delivered', order: 2 },
      { value: 'pending', label: 'Pending', order: 0 },
      { value: 'in_transit', label: 'In transit', order: 1 },
    ],
  },
  {
    name: 'tags',
    type: 'multi_enumeration',
    label: 'Tags',
    max_items: 2,
    options: [
      { value: 'fragile', label: 'Fragile' },
      { value: 'urgent', label: 'Urgent' },
      { value: 'gift', label: 'Gift' },
    ],
  },
  { name: 'contact_email', type: 'email', label: 'Contact email', description: 'Who to notify' },
  { name: 'contact_phone', type: 'phone', label: 'Contact phone' },
  { name: 'tracking_url', type: 'url', label: 'Tracking page' },
  {
    name: 'line_items',
    type: 'json',
    label: 'Line items',
    schema: {
      type: 'array',
      items: {
        type: 'object',
        required: ['description'],
        additionalProperties: false,
        properties: {
          description: { type: 'string', minLength: 1 },
          quantity: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
];

const SHIPMENT: ObjectDefinitionInput = {
  name: 'shipment',
  labels: { singular: 'Shipment', plural: 'Shipments' },
  description: 'A parcel on its way',
  primary_display_property: 'tracking_number',
  properties: PROPERTIES,
};

const schema = compileDefinitionSchema(SHIPMENT);
const validate = createAjv().compile(schema);
const REQUIRED = { tracking_number: 'SHP-1' };

function errorsOf(properties: Record<string, unknown>) {
  return validateRecordProperties(validate, 'shipment', properties);
}

function typeOf(name: string): PropertyType | undefined {
  return PROPERTIES.find((property) => property.name === name)?.type;
}

const VALID: Array<[string, unknown]> = [
  ['tracking_number', 'AB'],
  ['tracking_number', 'SHP-12345678'],
  ['sku', 'ABC-42'],
  ['weight_kg', 0],
  ['weight_kg', 12.75],
  ['weight_kg', 1000],
  ['quantity', 1],
  ['quantity', 2.0],
  ['amount', 12.34],
  ['amount', '12.34'],
  ['amount', '1250.00'],
  ['amount', 0],
  ['amount', '-0'],
  ['amount', '1000000.00'],
  ['balance', '-5'],
  ['balance', -5.5],
  ['balance', '12345678901234567890.01'],
  ['yen', '1500'],
  ['yen', 1500],
  ['discount', 0],
  ['discount', 12.5],
  ['discount', 100],
  ['is_fragile', true],
  ['is_fragile', false],
  ['ship_date', '2026-02-28'],
  ['ship_date', '2024-02-29'],
  ['delivered_at', '2026-03-01T10:00:00Z'],
  ['delivered_at', '2026-03-01T10:00:00.123+02:00'],
  ['status', 'in_transit'],
  ['tags', []],
  ['tags', ['fragile', 'urgent']],
  ['contact_email', 'ops@example.com'],
  ['contact_phone', '+1 (555) 123-4567'],
  ['contact_phone', '020 7946 0958'],
  ['tracking_url', 'https://example.com/track?id=1'],
  ['tracking_url', 'http://localhost:3000/x'],
  ['line_items', []],
  ['line_items', [{ description: 'Box', quantity: 2 }, { description: 'Tape' }]],
];

const INVALID: Array<[string, unknown, string]> = [
  ['tracking_number', 5, 'must be text'],
  ['tracking_number', 'A', 'must be at least 2 characters'],
  ['tracking_number', 'SHP-1234567890', 'must be at most 12 characters'],
  ['sku', 'abc-42', 'must match the pattern ^[A-Z]{3}-\\d+$'],
  ['notes', ['a'], 'must be text'],
  ['weight_kg', -0.5, 'must be >= 0'],
  ['weight_kg', 1000.1, 'must be <= 1000'],
  ['weight_kg', '5', 'must be a number'],
  ['quantity', 1.5, 'must be a whole number'],
  ['quantity', '3', 'must be a whole number'],
  ['quantity', 0, 'must be >= 1'],
  ['amount', '12.345', 'must have at most 2 decimal places'],
  ['amount', 12.345, 'must have at most 2 decimal places'],
  ['amount', '-0.01', 'must be >= 0'],
  ['amount', -1, 'must be >= 0'],
  ['amount', '1000000.01', 'must be <= 1000000'],
  ['amount', 1000000.01, 'must be <= 1000000'],
  ['balance', 'abc', 'must be a decimal amount such as 1250.00'],
  ['balance', '1,250.00', 'must be a decimal amount such as 1250.00'],
  ['balance', '1e3', 'must be a decimal amount such as 1250.00'],
  ['balance', '12.', 'must be a decimal amount such as 1250.00'],
  ['balance', ' 12', 'must be a decimal amount such as 1250.00'],
  ['balance', '123456789012345678901', 'must be a decimal amount such as 1250.00'],
  ['balance', true, 'must be a decimal amount (a number or a string such as "1250.00")'],
  ['yen', '5.0', 'must have at most 0 decimal places'],
  ['yen', 5.5, 'must have at most 0 decimal places'],
  ['discount', 100.5, 'must be <= 100'],
  ['discount', -1, 'must be >= 0'],
  ['discount', '50%', 'must be a number'],
  ['is_fragile', 'true', 'must be true or false'],
  ['is_fragile', 1, 'must be true or false'],
  ['ship_date', '2026-02-30', 'must be a date (YYYY-MM-DD)'],
  ['ship_date', '2025-02-29', 'must be a date (YYYY-MM-DD)'],
  ['ship_date', '01/02/2026', 'must be a date (YYYY-MM-DD)'],
  ['ship_date', '2026-02-28T00:00:00Z', 'must be a date (YYYY-MM-DD)'],
  [
    'delivered_at',
    '2026-03-01T10:00:00',
    'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)',
  ],
  [
    'delivered_at',
    '2026-03-01',
    'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)',
  ],
  [
    'delivered_at',
    '2026-13-01T10:00:00Z',
    'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)',
  ],
  ['status', 'lost', 'must be one of: delivered, pending, in_transit'],
  ['status', 'Pending', 'must be one of: delivered, pending, in_transit'],
  ['tags', ['fragile', 'fragile'], 'must not list a value twice'],
  ['tags', ['lost'], '0 must be one of: fragile, urgent, gift'],
  ['tags', ['fragile', 'urgent', 'gift'], 'must have at most 2 items'],
  ['tags', 'fragile', 'must be a list'],
  ['contact_email', 'not-an-email', 'must be a valid email address'],
  ['contact_email', 'ops@', 'must be a valid email address'],
  ['contact_phone', 'call me', 'must be a phone number (digits, spaces, + ( ) . -)'],
  ['contact_phone', '12', 'must be a phone number (digits, spaces, + ( ) . -)'],
  ['tracking_url', 'ftp://example.com/file', 'must start with http:// or https://'],
  ['tracking_url', 'example.com', 'must start with http:// or https://'],
  ['tracking_url', 'javascript:alert(1)', 'must start with http:// or https://'],
  ['line_items', [{ quantity: 2 }], '0.description is required'],
  [
    'line_items',
    [{ description: 'Box' }, { description: 'Tape', quantity: 0 }],
    '1.quantity must be >= 1',
  ],
  ['line_items', [{ description: '' }], '0.description must not be empty'],
  ['line_items', [{ description: 'Box', colour: 'red' }], '0.colour is not allowed'],
  ['line_items', { description: 'Box' }, 'must be a list'],
];

describe(compileDefinitionSchema.name, () => {
  it('covers every property type in these tables', () => {
    const tested = new Set([...VALID, ...INVALID].map(([name]) => typeOf(name)));
    expect([...tested].sort()).toEqual([...PROPERTY_TYPES].sort());
  });

  it.each(VALID)('accepts %s = %j', (name, value) => {
    expect(errorsOf({ ...REQUIRED, [name]: value })).toBeUndefined();
  });

  it.each(INVALID)('rejects %s = %j with "%s"', (name, value, message) => {
    expect(errorsOf({ ...REQUIRED, [name]: value })).toEqual({ [name]: message });
  });

  it('accepts a long_text of 100000 characters and rejects one beyond its default 1000000', () => {
    expect(errorsOf({ ...REQUIRED, notes: 'x'.repeat(100000) })).toBeUndefined();
    expect(errorsOf({ ...REQUIRED, notes: 'x'.repeat(1000001) })).toEqual({
      notes: 'must be at most 1000000 characters',
    });
  });

  it('rejects an email beyond its default 254 characters', () => {
    expect(errorsOf({ ...REQUIRED, contact_email: `${'a'.repeat(250)}@example.com` })).toEqual({
      contact_email: 'must be at most 254 characters',
    });
  });

  it('requires the required properties', () => {
    expect(errorsOf({ status: 'pending' })).toEqual({ tracking_number: 'is required' });
  });

  it('rejects a property the definition does not have, naming the object', () => {
    expect(errorsOf({ ...REQUIRED, colour: 'red' })).toEqual({
      colour: 'is not a property of shipment',
    });
  });

  it('reports every failing property together, one message each', () => {
    expect(
      errorsOf({
        quantity: 1.5,
        amount: '12.345',
        status: 'lost',
        contact_email: 'nobody',
        extra: 1,
      }),
    ).toEqual({
      tracking_number: 'is required',
      quantity: 'must be a whole number',
      amount: 'must have at most 2 decimal places',
      status: 'must be one of: delivered, pending, in_transit',
      contact_email: 'must be a valid email address',
      extra: 'is not a property of shipment',
    });
  });

  it('produces a draft 2020-12 object schema that forbids unknown properties', () => {
    expect(schema).toMatchObject({
      $schema: JSON_SCHEMA_DIALECT,
      title: 'Shipment',
      description: 'A parcel on its way',
      type: 'object',
      additionalProperties: false,
      required: ['tracking_number'],
      'x-object': 'shipment',
      'x-primary-display-property': 'tracking_number',
    });
    expect(JSON_SCHEMA_DIALECT).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties as object)).toEqual(
      PROPERTIES.map((property) => property.name),
    );
  });

  it('leaves out required when no property is required', () => {
    const compiled = compileDefinitionSchema({
      name: 'note',
      labels: { singular: 'Note', plural: 'Notes' },
      properties: [{ name: 'body', type: 'long_text', label: 'Body' }],
    });
    expect(compiled).not.toHaveProperty('required');
    expect(compiled).not.toHaveProperty('x-primary-display-property');
  });

  it('annotates each property with title, description, default, readOnly and x-type', () => {
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.contact_email).toEqual({
      type: 'string',
      format: 'email',
      maxLength: 254,
      title: 'Contact email',
      description: 'Who to notify',
      'x-type': 'email',
    });
    expect(properties.is_fragile).toMatchObject({
      type: 'boolean',
      default: false,
      title: 'Fragile',
    });
    expect(properties.delivered_at).toMatchObject({ format: 'date-time', readOnly: true });
    expect(properties.tracking_number).toMatchObject({
      'x-unique': true,
      minLength: 2,
      maxLength: 12,
    });
    expect(properties.status).toMatchObject({ default: 'pending', 'x-indexed': true });
    expect(properties.weight_kg).not.toHaveProperty('readOnly');
  });
});

describe(compilePropertySchema.name, () => {
  it('orders x-options by their order, numbering unordered options by position', () => {
    const compiled = compilePropertySchema({
      name: 'stage',
      type: 'enumeration',
      label: 'Stage',
      options: [
        { value: 'won', label: 'Won', order: 5 },
        { value: 'lead', label: 'Lead' },
        { value: 'qualified', label: 'Qualified' },
        { value: 'new', label: 'New', order: 0 },
      ],
    });
    expect(compiled['x-options']).toEqual([
      { value: 'new', label: 'New', order: 0 },
      { value: 'lead', label: 'Lead', order: 1 },
      { value: 'qualified', label: 'Qualified', order: 2 },
      { value: 'won', label: 'Won', order: 5 },
    ]);
    expect(compiled.enum).toEqual(['won', 'lead', 'qualified', 'new']);
  });

  it('keeps the money rules of a currency in x-decimal, defaulting to 2 decimal places', () => {
    expect(
      compilePropertySchema({ name: 'total', type: 'currency', label: 'Total', minimum: 0 }),
    ).toMatchObject({
      type: ['string', 'number'],
      'x-decimal': { precision: 2, minimum: 0 },
    });
  });

  it('applies a multi_enumeration max_items and forbids duplicates', () => {
    expect(
      compilePropertySchema(PROPERTIES.find((p) => p.name === 'tags') as PropertyDefinition),
    ).toMatchObject({
      type: 'array',
      uniqueItems: true,
      maxItems: 2,
      items: { type: 'string', enum: ['fragile', 'urgent', 'gift'] },
    });
  });

  it('uses a json property schema as its value schema, and accepts anything without one', () => {
    const free = createAjv().compile(
      compilePropertySchema({ name: 'data', type: 'json', label: 'Data' }),
    );
    expect([{ a: [1] }, 'text', 3, null].every((value) => free(value))).toBe(true);
  });
});
