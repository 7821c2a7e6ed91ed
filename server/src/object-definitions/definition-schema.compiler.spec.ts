import { createAjv } from './ajv.factory';
import { compileDefinitionSchema } from './definition-schema.compiler';
import type { PropertyDefinition } from './definition.types';
import { validateRecordProperties } from 'src/records/record-properties.validator';
const ajv = createAjv();
const v = (p: PropertyDefinition, value: unknown) => {
  const validate = ajv.compile(compileDefinitionSchema({ name: 'thing', labels: { singular: 'T', plural: 'Ts' }, properties: [p] }));
  return validateRecordProperties(validate, 'thing', { [p.name]: value });
};
const cases: Array<[PropertyDefinition, unknown]> = [
  [{ name: 'a', type: 'text', label: 'A' }, 5],
  [{ name: 'a', type: 'text', label: 'A', max_length: 3 }, 'abcd'],
  [{ name: 'a', type: 'text', label: 'A', min_length: 1 }, ''],
  [{ name: 'a', type: 'text', label: 'A', min_length: 2 }, 'a'],
  [{ name: 'a', type: 'text', label: 'A', pattern: '^[A-Z]+$' }, 'abc'],
  [{ name: 'a', type: 'long_text', label: 'A' }, 'x'.repeat(1000001)],
  [{ name: 'a', type: 'number', label: 'A', minimum: 0 }, -1],
  [{ name: 'a', type: 'number', label: 'A' }, '5'],
  [{ name: 'a', type: 'number', label: 'A', maximum: 10 }, 11],
  [{ name: 'a', type: 'integer', label: 'A' }, 1.5],
  [{ name: 'a', type: 'integer', label: 'A' }, 2.0],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, '12.345'],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, 12.345],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, 12.34],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, '12.34'],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, '-5'],
  [{ name: 'a', type: 'currency', label: 'A', precision: 0 }, '5.0'],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, 'abc'],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, '1e3'],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, 1e21],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, 1e-7],
  [{ name: 'a', type: 'currency', label: 'A', precision: 2 }, true],
  [{ name: 'a', type: 'currency', label: 'A', minimum: 0 }, '-0.01'],
  [{ name: 'a', type: 'currency', label: 'A', minimum: 0 }, -0.01],
  [{ name: 'a', type: 'currency', label: 'A', minimum: 0 }, '-0'],
  [{ name: 'a', type: 'currency', label: 'A', maximum: 100 }, '100.01'],
  [{ name: 'a', type: 'currency', label: 'A' }, '12345678901234567890.01'],
  [{ name: 'a', type: 'currency', label: 'A' }, '123456789012345678901'],
  [{ name: 'a', type: 'percent', label: 'A', minimum: 0, maximum: 100 }, 101],
  [{ name: 'a', type: 'percent', label: 'A' }, '50%'],
  [{ name: 'a', type: 'boolean', label: 'A' }, 'true'],
  [{ name: 'a', type: 'date', label: 'A' }, '2026-02-30'],
  [{ name: 'a', type: 'date', label: 'A' }, '01/02/2026'],
  [{ name: 'a', type: 'date', label: 'A' }, '2026-02-28'],
  [{ name: 'a', type: 'date', label: 'A' }, '2026-02-28T00:00:00Z'],
  [{ name: 'a', type: 'datetime', label: 'A' }, '2026-03-01T10:00:00'],
  [{ name: 'a', type: 'datetime', label: 'A' }, '2026-03-01T10:00:00Z'],
  [{ name: 'a', type: 'datetime', label: 'A' }, '2026-03-01T10:00:00+02:00'],
  [{ name: 'a', type: 'datetime', label: 'A' }, '2026-03-01'],
  [{ name: 'a', type: 'enumeration', label: 'A', options: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }] }, 'z'],
  [{ name: 'a', type: 'multi_enumeration', label: 'A', options: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }] }, ['x', 'x']],
  [{ name: 'a', type: 'multi_enumeration', label: 'A', options: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }] }, ['z']],
  [{ name: 'a', type: 'multi_enumeration', label: 'A', max_items: 1, options: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }] }, ['x', 'y']],
  [{ name: 'a', type: 'multi_enumeration', label: 'A', options: [{ value: 'x', label: 'X' }] }, 'x'],
  [{ name: 'a', type: 'email', label: 'A' }, 'not-an-email'],
  [{ name: 'a', type: 'email', label: 'A' }, 'a@b.co'],
  [{ name: 'a', type: 'phone', label: 'A' }, 'call me'],
  [{ name: 'a', type: 'phone', label: 'A' }, '+1 (555) 123-4567'],
  [{ name: 'a', type: 'url', label: 'A' }, 'ftp://example.com'],
  [{ name: 'a', type: 'url', label: 'A' }, 'example.com'],
  [{ name: 'a', type: 'url', label: 'A' }, 'https://example.com/x?y=1'],
  [{ name: 'a', type: 'url', label: 'A' }, 'javascript:alert(1)'],
  [{ name: 'line_items', type: 'json', label: 'A', schema: { type: 'array', items: { type: 'object', required: ['description'], properties: { description: { type: 'string' }, amount: { type: 'number' } } } } }, [{ description: 'a' }, { amount: 5 }]],
  [{ name: 'line_items', type: 'json', label: 'A', schema: { type: 'array', items: { type: 'object', required: ['description'], properties: { description: { type: 'string' }, amount: { type: 'number' } } } } }, [{ description: 'a', amount: 'x' }]],
  [{ name: 'line_items', type: 'json', label: 'A' }, { anything: [1] }],
];
it('explore', () => {
  for (const [p, val] of cases) console.log(p.type, JSON.stringify(val).slice(0, 60), JSON.stringify(v(p, val)));
});
