import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';

/** A status property with transitions, a stamp on closing, and a second pipeline. */
export const STAGE: PropertyDefinition = {
  name: 'stage',
  type: 'enumeration',
  label: 'Stage',
  options: [
    { value: 'lead', label: 'Lead', order: 0 },
    { value: 'won', label: 'Won', order: 1 },
    { value: 'lost', label: 'Lost', order: 2 },
  ],
  transitions: {
    initial: ['lead'],
    closed: ['won', 'lost'],
    moves: { lead: ['won', 'lost'] },
    on_enter: {
      won: { required: ['amount'], stamp: ['closed_at'] },
      lost: { stamp: ['closed_at'] },
    },
    overrides: [{ from: ['won'], to: ['lead'], roles: ['admin'] }],
  },
  pipelines: {
    property: 'pipeline',
    items: [{ name: 'short', stages: [{ value: 'lead' }, { value: 'won', label: 'Done' }] }],
  },
};

/** A deal-like object around {@link STAGE}. */
export const DEAL = {
  name: 'deal',
  labels: { singular: 'Deal', plural: 'Deals' },
  properties: [
    STAGE,
    {
      name: 'pipeline',
      type: 'enumeration',
      label: 'Pipeline',
      options: [
        { value: 'long', label: 'Long', order: 0 },
        { value: 'short', label: 'Short', order: 1 },
      ],
    },
    { name: 'amount', type: 'currency', label: 'Amount' },
    { name: 'closed_at', type: 'datetime', label: 'Closed at' },
  ],
} as unknown as ObjectDefinition;
