import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { describe, expect, it } from 'vitest';
import {
  boardProperty,
  canMove,
  missingOnEntry,
  pipelineChoices,
  pipelineMachine,
  stampedHistory,
} from './pipelines';

const STAGE: PropertyDefinition = {
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

const DEAL = {
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

describe('pipelines', () => {
  it('finds the status property and the pipelines to choose from', () => {
    expect(boardProperty(DEAL)?.name).toBe('stage');
    expect(pipelineChoices(DEAL, STAGE).map((c) => c.value)).toEqual(['long', 'short']);
  });

  it("gives a pipeline's own stages, else every option", () => {
    expect(pipelineMachine(STAGE, 'short').stages).toEqual([
      { value: 'lead', label: 'Lead' },
      { value: 'won', label: 'Done' },
    ]);
    expect(pipelineMachine(STAGE, 'long').stages.map((s) => s.value)).toEqual([
      'lead',
      'won',
      'lost',
    ]);
  });

  it('marks moves, overrides by role, and what entering a state asks for', () => {
    const { transitions } = pipelineMachine(STAGE, 'long');
    expect(canMove(transitions, 'lead', 'won', 'member')).toBe(true);
    expect(canMove(transitions, 'won', 'lead', 'member')).toBe(false);
    expect(canMove(transitions, 'won', 'lead', 'admin')).toBe(true);
    expect(missingOnEntry(transitions, 'won', { amount: '' })).toEqual(['amount']);
    expect(missingOnEntry(transitions, 'won', { amount: '10.00' })).toEqual([]);
  });

  it('reads the stage history from the stamps, oldest first', () => {
    expect(
      stampedHistory(DEAL, STAGE, { stage: 'won', closed_at: '2026-01-02T00:00:00Z' }),
    ).toEqual([{ state: 'won', label: 'Won', at: '2026-01-02T00:00:00Z', property: 'Closed at' }]);
  });
});
