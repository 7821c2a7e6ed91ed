import { DEAL, STAGE } from 'src/test/pipelineFixtures';
import { describe, expect, it } from 'vitest';
import {
  boardProperty,
  canMove,
  missingOnEntry,
  pipelineChoices,
  pipelineMachine,
  stampedHistory,
} from './pipelines';

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
