import { describe, expect, it } from 'vitest';
import { groupEntries, type NavigationEntry } from './navigation';

const system = (name: string, group: string): NavigationEntry => ({
  name,
  label: name,
  group,
  isSystem: true,
});

describe(groupEntries.name, () => {
  it('groups objects as a CRM user expects, custom objects last', () => {
    const groups = groupEntries([
      system('deal', 'crm'),
      system('invoice', 'revenue'),
      { name: 'shipment', label: 'Shipments', group: 'crm', isSystem: false },
      system('person', 'crm'),
      system('company', 'crm'),
      system('widget', 'unknown'),
    ]);
    expect(groups.map((g) => [g.label, g.entries.map((e) => e.name)])).toEqual([
      ['CRM', ['person', 'company', 'deal']],
      ['Revenue', ['invoice']],
      ['Other', ['widget']],
      ['Custom objects', ['shipment']],
    ]);
  });
});
