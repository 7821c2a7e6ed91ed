import type {
  EnumerationOption,
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import { PROPERTY_TYPES, type PropertyType } from 'src/object-definitions/definition.types';

/** A small seeded PRNG (mulberry32): the same seed gives the same definitions on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const integer = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));
const chance = (random: Random, p: number): boolean => random() < p;
function pick<T>(random: Random, items: readonly T[]): T {
  return items[integer(random, 0, items.length - 1)] as T;
}

/** Labels that stress naming: accents, digits, singular = plural, clashes with fixed names. */
const LABELS: ReadonlyArray<{ singular: string; plural: string }> = [
  { singular: 'Shipment', plural: 'Shipments' },
  { singular: 'Warranty claim', plural: 'Warranty claims' },
  { singular: 'Café order', plural: 'Café orders' },
  { singular: '3D model', plural: '3D models' },
  { singular: 'Data', plural: 'Data' },
  { singular: 'Health', plural: 'Health checks' },
  { singular: 'Deal', plural: 'Deals' },
  { singular: 'Object definition', plural: 'Object definitions' },
  { singular: 'Person', plural: 'People' },
  { singular: 'Sheep', plural: 'Sheep' },
  { singular: 'e-mail thread', plural: 'e-mail threads' },
  { singular: 'Deal', plural: 'Deal records' },
];

function options(random: Random): EnumerationOption[] {
  const count = integer(random, 1, 5);
  return Array.from({ length: count }, (_, index) => ({
    value: `option_${index}`,
    label: `Option ${index} “${pick(random, ['A', 'Bé', 'c/d', '$x'])}”`,
    ...(chance(random, 0.5) ? { order: count - index } : {}),
  }));
}

function jsonSchema(random: Random): Record<string, unknown> | undefined {
  return pick(random, [
    undefined,
    { type: 'object', properties: { code: { type: 'string', maxLength: 20 } }, required: ['code'] },
    { type: 'array', items: { type: 'number', minimum: 0 }, maxItems: 10 },
    { type: ['string', 'null'], description: 'free text or nothing' },
  ]);
}

/** The type's own constraints, each present or not at random, always mutually consistent. */
function constraints(random: Random, type: PropertyType): Partial<PropertyDefinition> {
  switch (type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url': {
      const min = chance(random, 0.3) ? integer(random, 0, 3) : undefined;
      const max = chance(random, 0.5) ? integer(random, 40, 300) : undefined;
      const pattern = type === 'text' && chance(random, 0.3) ? '^[A-Z][a-z]+$' : undefined;
      return { min_length: min, max_length: max, pattern };
    }
    case 'number':
    case 'integer':
    case 'percent':
    case 'currency': {
      const minimum = chance(random, 0.5) ? integer(random, -100, 100) : undefined;
      const maximum = chance(random, 0.5) ? (minimum ?? 0) + integer(random, 0, 10000) : undefined;
      const precision =
        type === 'currency' && chance(random, 0.7) ? integer(random, 0, 6) : undefined;
      return { minimum, maximum, precision };
    }
    case 'enumeration':
      return { options: options(random) };
    case 'multi_enumeration':
      return {
        options: options(random),
        max_items: chance(random, 0.5) ? integer(random, 1, 3) : undefined,
      };
    case 'json':
      return { schema: jsonSchema(random) };
    case 'boolean':
    case 'date':
    case 'datetime':
      return {};
  }
}

function defaultFor(random: Random, property: PropertyDefinition): unknown {
  if (!chance(random, 0.3)) {
    return undefined;
  }
  switch (property.type) {
    case 'boolean':
      return chance(random, 0.5);
    case 'enumeration':
      return property.options?.[0]?.value;
    case 'date':
      return '2026-01-31';
    case 'integer':
    case 'number':
    case 'percent':
      return property.minimum ?? property.maximum ?? 7;
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
    case 'currency':
    case 'datetime':
    case 'multi_enumeration':
    case 'json':
      return undefined;
  }
}

function randomProperty(random: Random, type: PropertyType, index: number): PropertyDefinition {
  const property: PropertyDefinition = {
    name: `p${index}_${type}`,
    type,
    label: `${type} ${index}`,
    ...(chance(random, 0.3) ? { description: `About ${type} ${index}` } : {}),
    ...(chance(random, 0.3) ? { required: true } : {}),
    ...(chance(random, 0.15) ? { read_only: true } : {}),
    ...(chance(random, 0.2) && type !== 'json' && type !== 'long_text' ? { indexed: true } : {}),
    ...constraints(random, type),
  };
  const defaultValue = defaultFor(random, property);
  if (defaultValue !== undefined) {
    property.default = defaultValue;
  }
  // Only defined keys: the meta-schema rejects `"pattern": undefined` once it reaches JSON.
  return JSON.parse(JSON.stringify(property)) as PropertyDefinition;
}

/**
 * Custom definitions with every property type in each (constraints, defaults, read-only and
 * required at random), named `custom_<seed>_<n>` and labelled from a list of awkward labels.
 */
export function randomDefinitions(seed: number, count: number): ObjectDefinitionInput[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, n) => {
    const types = [
      ...PROPERTY_TYPES,
      ...Array.from({ length: 3 }, () => pick(random, PROPERTY_TYPES)),
    ];
    const properties = types.map((type, index) => randomProperty(random, type, index));
    const display = properties.find((p) => p.type === 'text' && p.pattern === undefined);
    return {
      name: `custom_${seed}_${n}`,
      labels: pick(random, LABELS),
      ...(chance(random, 0.5) ? { description: `Random object ${n} of seed ${seed}` } : {}),
      ...(display ? { primary_display_property: display.name } : {}),
      properties,
    };
  });
}
