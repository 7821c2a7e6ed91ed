import { describe, expect, it } from 'vitest';
import { sidesOf, type AssociationDefinition } from './associations';

const association = (overrides: Partial<AssociationDefinition>): AssociationDefinition => ({
  id: 'deal_company',
  name: 'deal_company',
  from: 'deal',
  to: 'company',
  cardinality: 'many_to_one',
  from_side: { name: 'company', label: 'Company' },
  to_side: { name: 'deals', label: 'Deals' },
  is_system: true,
  ...overrides,
});

describe(sidesOf.name, () => {
  it('makes the to-one side a reference field and the other side a list of records', () => {
    const dealCompany = association({});
    expect(sidesOf('deal', [dealCompany])).toMatchObject([
      {
        name: 'company',
        otherObject: 'company',
        referenceField: 'company_id',
        otherSide: { name: 'deals' },
      },
    ]);
    const [companySide] = sidesOf('company', [dealCompany]);
    expect(companySide).toMatchObject({
      name: 'deals',
      otherObject: 'deal',
      otherSide: { referenceField: 'company_id' },
    });
    expect(companySide?.referenceField).toBeUndefined();
  });

  it('gives many-to-many sides no reference field', () => {
    const contacts = association({
      cardinality: 'many_to_many',
      to: 'person',
      from_side: { name: 'contacts', label: 'Contacts' },
    });
    expect(sidesOf('deal', [contacts])[0]?.referenceField).toBeUndefined();
    expect(sidesOf('person', [contacts])[0]?.otherSide.referenceField).toBeUndefined();
  });

  it('gives a self-association both sides', () => {
    const parent = association({
      from: 'company',
      to: 'company',
      from_side: { name: 'parent', label: 'Parent company' },
      to_side: { name: 'subsidiaries', label: 'Subsidiaries' },
    });
    expect(sidesOf('company', [parent]).map((side) => side.name)).toEqual([
      'parent',
      'subsidiaries',
    ]);
  });
});
