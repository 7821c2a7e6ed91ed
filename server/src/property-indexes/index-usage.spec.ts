import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { countsTowardAutoIndex, isServedByIndex, UsageCounter } from './index-usage';

const AMOUNT: PropertyDefinition = { name: 'amount', type: 'currency', label: 'Amount' };
const CLOSE: PropertyDefinition = { name: 'close_date', type: 'date', label: 'Close date' };
const NAME: PropertyDefinition = { name: 'name', type: 'text', label: 'Name' };
const NOTES: PropertyDefinition = { name: 'notes', type: 'long_text', label: 'Notes' };
const DEAL = { id: 'def-1', name: 'deal' };

describe(isServedByIndex.name, () => {
  it('serves a sort on any property with an index kind', () => {
    expect(isServedByIndex({ property: AMOUNT, use: 'sort' })).toBe(true);
    expect(isServedByIndex({ property: NAME, use: 'sort' })).toBe(true);
    expect(isServedByIndex({ property: NOTES, use: 'sort' })).toBe(false);
  });

  it('serves comparisons of numbers and dates, not text equality (the GIN index serves it)', () => {
    expect(isServedByIndex({ property: AMOUNT, use: 'filter', operator: 'gte' })).toBe(true);
    expect(isServedByIndex({ property: CLOSE, use: 'filter', operator: 'in' })).toBe(true);
    expect(isServedByIndex({ property: AMOUNT, use: 'filter', operator: 'exists' })).toBe(false);
    expect(isServedByIndex({ property: NAME, use: 'filter', operator: 'eq' })).toBe(false);
  });
});

describe(countsTowardAutoIndex.name, () => {
  it('ignores properties an index already serves or whose automatic index was dropped', () => {
    const use = (property: PropertyDefinition) => ({ property, use: 'sort' as const });
    expect(countsTowardAutoIndex(use(AMOUNT), {})).toBe(true);
    expect(countsTowardAutoIndex(use({ ...AMOUNT, indexed: true }), {})).toBe(false);
    expect(countsTowardAutoIndex(use(AMOUNT), { primary_display_property: 'amount' })).toBe(false);
    expect(countsTowardAutoIndex(use({ ...AMOUNT, auto_index: 'built' }), {})).toBe(false);
    expect(countsTowardAutoIndex(use({ ...AMOUNT, auto_index: 'dropped' }), {})).toBe(false);
  });
});

describe(UsageCounter.name, () => {
  it('sums the uses of the buckets within the window and forgets older ones', () => {
    const counter = new UsageCounter(10);
    counter.note('org-1', DEAL, 'amount', 'sort');
    counter.note('org-1', DEAL, 'amount', 'filter');
    expect(counter.rollover(1_000, 60_000)[0]?.properties.get('amount')).toEqual({
      filter: 1,
      sort: 1,
    });
    counter.note('org-1', DEAL, 'amount', 'sort');
    expect(counter.rollover(30_000, 60_000)[0]?.properties.get('amount')).toEqual({
      filter: 1,
      sort: 2,
    });
    expect(counter.rollover(61_000, 60_000)[0]?.properties.get('amount')).toEqual({
      filter: 0,
      sort: 1,
    });
    expect(counter.rollover(200_000, 60_000)).toEqual([]);
  });

  it('keeps organizations apart and forgets a property on request', () => {
    const counter = new UsageCounter(10);
    counter.note('org-1', DEAL, 'amount', 'sort');
    counter.note('org-2', DEAL, 'amount', 'sort');
    counter.note('org-2', DEAL, 'close_date', 'sort');
    counter.forget('org-2', DEAL.id, 'amount');
    const totals = counter.rollover(1, 60_000);
    expect(totals.map((t) => [t.organizationId, [...t.properties.keys()]])).toEqual([
      ['org-1', ['amount']],
      ['org-2', ['close_date']],
    ]);
  });

  it('tracks at most the given number of objects per bucket', () => {
    const counter = new UsageCounter(1);
    counter.note('org-1', DEAL, 'amount', 'sort');
    counter.note('org-2', DEAL, 'amount', 'sort');
    expect(counter.rollover(1, 60_000).map((t) => t.organizationId)).toEqual(['org-1']);
  });
});
