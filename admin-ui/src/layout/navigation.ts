import type { ObjectDefinition } from 'src/definitions/types';

export interface NavigationGroup {
  key: string;
  label: string;
}

/** Menu sections in the order a CRM user works through them; `definition.group` picks one. */
export const NAVIGATION_GROUPS: readonly NavigationGroup[] = [
  { key: 'crm', label: 'CRM' },
  { key: 'delivery', label: 'Delivery' },
  { key: 'agreements', label: 'Agreements' },
  { key: 'revenue', label: 'Revenue' },
  { key: 'purchasing', label: 'Purchasing' },
  { key: 'commerce', label: 'Commerce' },
  { key: 'collaboration', label: 'Collaboration' },
  { key: 'other', label: 'Other' },
  { key: 'custom', label: 'Custom objects' },
];

/** Within a section, the shipped objects come in working order; anything else follows by label. */
const SYSTEM_ORDER = [
  'person',
  'company',
  'deal',
  'engagement',
  'project',
  'milestone',
  'task',
  'proposal',
  'contract',
  'invoice',
  'invoice_schedule',
  'payment',
  'vendor',
  'bill',
  'product',
  'order',
  'thread',
  'message',
  'appointment',
  'file',
];

export interface NavigationEntry {
  name: string;
  label: string;
  group?: string;
  isSystem: boolean;
}

/** Custom objects get their own section whatever their group, so admins find what they added. */
export function groupKeyOf(entry: NavigationEntry): string {
  if (!entry.isSystem) {
    return 'custom';
  }
  return NAVIGATION_GROUPS.some((group) => group.key === entry.group)
    ? (entry.group ?? 'other')
    : 'other';
}

function rank(entry: NavigationEntry): number {
  const index = SYSTEM_ORDER.indexOf(entry.name);
  return entry.isSystem && index !== -1 ? index : SYSTEM_ORDER.length;
}

export function groupEntries<T extends NavigationEntry>(
  entries: T[],
): Array<NavigationGroup & { entries: T[] }> {
  return NAVIGATION_GROUPS.map((group) => ({
    ...group,
    entries: entries
      .filter((entry) => groupKeyOf(entry) === group.key)
      .sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label)),
  })).filter((group) => group.entries.length > 0);
}

export const toNavigationEntry = (definition: ObjectDefinition): NavigationEntry => ({
  name: definition.name,
  label: definition.labels.plural,
  group: definition.group,
  isSystem: definition.is_system,
});
