import { validateDefinition } from './definition.validator';
const base = (props: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'shipment', labels: { singular: 'Shipment', plural: 'Shipments' }, properties: props, ...extra });
const cases: Record<string, unknown> = {
  topExtra: base([], { foo: 1 }),
  labelsExtra: base([], { labels: { singular: 'A', plural: 'B', x: 1 } }),
  labelEmpty: base([], { labels: { singular: '', plural: 'B' } }),
  optExtra: base([{ name: 'x', type: 'enumeration', label: 'X', options: [{ value: 'a', label: 'A', color: 'red' }] }]),
  noType: base([{ name: 'x', label: 'X', max_length: 3 }]),
  noLabel: base([{ name: 'x', type: 'text' }]),
  pdpBad: base([{ name: 'x', type: 'text', label: 'X' }], { primary_display_property: 'X-y' }),
  color: base([], { color: 'red' }),
  group: base([], { group: 'Sales' }),
  propNameNum: base([{ name: 5, type: 'text', label: 'X' }]),
  notObject: 'hello',
  propsNotArray: base({} as unknown as unknown[]),
  precision: base([{ name: 'x', type: 'currency', label: 'X', precision: 9 }]),
  uniqueMulti: base([{ name: 'x', type: 'multi_enumeration', label: 'X', unique: true, options: [{ value: 'a', label: 'A' }] }]),
  multiDefault: base([{ name: 'x', type: 'multi_enumeration', label: 'X', default: ['b'], options: [{ value: 'a', label: 'A' }] }]),
  jsonSchemaBad: base([{ name: 'x', type: 'json', label: 'X', schema: { type: 'strin' } }]),
  jsonSchemaExtra: base([{ name: 'x', type: 'json', label: 'X', schema: { oneOf: [] } }]),
  patternDefault: base([{ name: 'x', type: 'text', label: 'X', pattern: '^[A-Z]+$', default: 'abc' }]),
  zanchor: base([{ name: 'x', type: 'text', label: 'X', pattern: '^a\\Z' }]),
  dateDefault: base([{ name: 'x', type: 'date', label: 'X', default: '2026-02-30' }]),
  nameTooLong: base([{ name: 'a'.repeat(64), type: 'text', label: 'X' }]),
};
it('explore', () => {
  for (const [k, v] of Object.entries(cases)) console.log(k, JSON.stringify(validateDefinition(v), null, 1));
});
