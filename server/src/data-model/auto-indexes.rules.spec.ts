import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import { autoIndexesBuilt, autoIndexSummary, candidatesOf, isEligible } from './auto-indexes.rules';

const DEAL: ObjectDefinitionInput = {
  name: 'deal',
  labels: { singular: 'Deal', plural: 'Deals' },
  primary_display_property: 'name',
  properties: [
    { name: 'name', type: 'text', label: 'Name' },
    { name: 'amount', type: 'currency', label: 'Amount' },
    { name: 'stage', type: 'enumeration', label: 'Stage', indexed: true, options: [] },
    { name: 'notes', type: 'long_text', label: 'Notes' },
    { name: 'probability', type: 'percent', label: 'Probability', auto_index: 'built' },
    { name: 'close_date', type: 'date', label: 'Close date', auto_index: 'pinned' },
    { name: 'closed_at', type: 'datetime', label: 'Closed at', auto_index: 'dropped' },
  ],
};

function usage(objectName: string, counts: Record<string, [number, number]>) {
  return {
    organizationId: 'org-1',
    definitionId: `def-${objectName}`,
    objectName,
    properties: new Map(
      Object.entries(counts).map(([name, [filter, sort]]) => [name, { filter, sort }]),
    ),
  };
}

describe(candidatesOf.name, () => {
  it('keeps properties used at least the threshold, most used first, ties by object and name', () => {
    const candidates = candidatesOf(
      [
        usage('deal', { amount: [3, 2], probability: [1, 0], closed_at: [0, 9] }),
        usage('company', { revenue: [5, 0], employees: [0, 5] }),
      ],
      5,
    );
    expect(candidates.map((c) => `${c.objectName}.${c.property}`)).toEqual([
      'deal.closed_at',
      'company.employees',
      'company.revenue',
      'deal.amount',
    ]);
  });
});

describe(isEligible.name, () => {
  it('refuses properties already served, without an index kind, automatic, or dropped', () => {
    expect(DEAL.properties.filter((p) => isEligible(DEAL, p.name)).map((p) => p.name)).toEqual([
      'amount',
    ]);
    expect(isEligible(DEAL, 'missing')).toBe(false);
  });
});

describe(autoIndexesBuilt.name, () => {
  it('counts built automatic indexes, not pinned or dropped ones', () => {
    expect(autoIndexesBuilt([DEAL, DEAL])).toBe(2);
  });
});

describe(autoIndexSummary.name, () => {
  it('names the properties and the use that led to their indexes', () => {
    expect(
      autoIndexSummary(
        [
          { ...usage('deal', {}), property: 'amount', uses: { filter: 12, sort: 1 } },
          { ...usage('deal', {}), property: 'probability', uses: { filter: 0, sort: 20 } },
        ],
        600_000,
      ),
    ).toBe(
      'Automatic indexes on amount (filtered 12 times, sorted 1 time), probability (sorted 20 times) in the last 10 min',
    );
  });
});
