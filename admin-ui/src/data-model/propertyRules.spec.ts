import { describe, expect, it } from 'vitest';
import {
  allowedKeys,
  cleanProperty,
  propertyChanges,
  propertyNameProblem,
  toIdentifier,
} from './propertyRules';

describe(propertyNameProblem.name, () => {
  it('refuses every name the server reserves, associations included', () => {
    expect(propertyNameProblem('associations')).toMatch(
      /^"associations" is a reserved name \(id, /,
    );
    expect(propertyNameProblem('created_at')).toMatch(/is a reserved name/);
  });

  it('refuses a name that is not snake_case and accepts one that is', () => {
    expect(propertyNameProblem('Tracking')).toMatch(/^must be snake_case/);
    expect(propertyNameProblem('tracking_number')).toBeUndefined();
  });
});

describe(allowedKeys.name, () => {
  it('reads what each type allows from the meta-schema', () => {
    expect(allowedKeys('text').has('max_length')).toBe(true);
    expect(allowedKeys('currency').has('precision')).toBe(true);
    expect(allowedKeys('multi_enumeration').has('unique')).toBe(false);
    expect(allowedKeys('json').has('schema')).toBe(true);
  });
});

describe(toIdentifier.name, () => {
  it.each([
    ['Tracking number', 'tracking_number'],
    ['Délai (jours)', 'delai_jours'],
    ['2nd address', 'p_2nd_address'],
  ])('turns %s into %s', (label, name) => {
    expect(toIdentifier(label)).toBe(name);
  });
});

describe(cleanProperty.name, () => {
  it('keeps only the keys the type allows and numbers the options in order', () => {
    expect(
      cleanProperty({
        name: 'status',
        type: 'enumeration',
        label: 'Status',
        max_length: 10,
        required: false,
        description: '',
        options: [
          { label: 'In transit', value: '' },
          { label: 'Delivered', value: 'done', order: 7 },
        ],
      }),
    ).toEqual({
      name: 'status',
      type: 'enumeration',
      label: 'Status',
      options: [
        { value: 'in_transit', label: 'In transit', order: 0 },
        { value: 'done', label: 'Delivered', order: 1 },
      ],
    });
  });
});

describe(propertyChanges.name, () => {
  it('sends what changed, false for a cleared flag and null for a removed rule', () => {
    expect(
      propertyChanges(
        { name: 'code', type: 'text', label: 'Code', required: true, max_length: 5 },
        { name: 'code', type: 'text', label: 'Short code' },
      ),
    ).toEqual({ label: 'Short code', required: false, max_length: null });
  });
});
