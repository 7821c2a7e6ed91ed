import type { ObjectDefinitionInput, PropertyDefinition } from './definition.types';
import {
  allowedNext,
  pathTo,
  resolveMachine,
  retiredStages,
  transitionProblems,
} from './status-transitions';

const STAGE: PropertyDefinition = {
  name: 'stage',
  type: 'enumeration',
  label: 'Stage',
  options: ['open', 'doing', 'done', 'dropped'].map((value, order) => ({
    value,
    label: value,
    order,
  })),
  transitions: {
    initial: ['open'],
    closed: ['done', 'dropped'],
    moves: { open: ['doing', 'dropped'], doing: ['open', 'done', 'dropped'] },
    on_enter: { done: { required: ['amount'], stamp: ['closed_at'] } },
    overrides: [{ from: ['done'], to: ['doing'], roles: ['admin'] }],
  },
  pipelines: {
    property: 'track',
    items: [{ name: 'fast', stages: [{ value: 'doing' }, { value: 'done' }] }],
  },
};

const DEFINITION: ObjectDefinitionInput = {
  name: 'job',
  labels: { singular: 'Job', plural: 'Jobs' },
  properties: [
    STAGE,
    {
      name: 'track',
      type: 'enumeration',
      label: 'Track',
      options: [
        { value: 'fast', label: 'Fast' },
        { value: 'slow', label: 'Slow' },
      ],
    },
    { name: 'amount', type: 'currency', label: 'Amount' },
    { name: 'closed_at', type: 'datetime', label: 'Closed at' },
  ],
};

describe('status transitions', () => {
  describe(allowedNext.name, () => {
    it('gives the moves of a state, and the overrides only to their roles', () => {
      const transitions = STAGE.transitions!;
      expect(allowedNext(transitions, 'doing', 'member')).toEqual(['open', 'done', 'dropped']);
      expect(allowedNext(transitions, 'done', 'member')).toEqual([]);
      expect(allowedNext(transitions, 'done', 'admin')).toEqual(['doing']);
      expect(allowedNext(transitions, undefined, 'member')).toEqual(['open']);
    });
  });

  describe(resolveMachine.name, () => {
    it("takes the record's pipeline, else the property's own machine over every option", () => {
      expect(resolveMachine(STAGE, { track: 'fast' }).stages.map((s) => s.value)).toEqual([
        'doing',
        'done',
      ]);
      const slow = resolveMachine(STAGE, { track: 'slow' });
      expect(slow).toMatchObject({ pipeline: 'slow', transitions: STAGE.transitions });
      expect(slow.stages).toHaveLength(4);
    });
  });

  describe(pathTo.name, () => {
    it('finds the shortest allowed way from an initial state', () => {
      expect(pathTo(STAGE.transitions!, 'done')).toEqual(['open', 'doing', 'done']);
      expect(pathTo({ initial: ['open'], moves: {} }, 'done')).toBeUndefined();
    });
  });

  describe(retiredStages.name, () => {
    it('names the live stages a change retires or drops, per pipeline', () => {
      const after: PropertyDefinition = {
        ...STAGE,
        pipelines: {
          property: 'track',
          items: [{ name: 'fast', stages: [{ value: 'doing', retired: true }] }],
        },
      };
      expect(retiredStages(STAGE, after)).toEqual([
        { pipeline: 'fast', stages: ['doing', 'done'] },
      ]);
      expect(retiredStages(STAGE, STAGE)).toEqual([]);
    });
  });

  describe(transitionProblems.name, () => {
    it('accepts a consistent machine', () => {
      expect(transitionProblems(DEFINITION)).toEqual([]);
    });

    it('names each unknown state, property, closed state with moves and foreign pipeline', () => {
      const broken: PropertyDefinition = {
        ...STAGE,
        transitions: {
          initial: ['nope'],
          closed: ['done'],
          moves: { open: ['gone'], done: ['open'] },
          on_enter: { done: { required: ['budget'], stamp: ['amount'] } },
        },
        pipelines: { property: 'amount', items: [{ name: 'x', stages: [{ value: 'y' }] }] },
      };
      const problems = transitionProblems({
        ...DEFINITION,
        properties: [broken, ...DEFINITION.properties.slice(1)],
      });
      expect(problems.map((p) => p.path)).toEqual([
        'properties.stage.transitions.initial',
        'properties.stage.transitions.moves.open',
        'properties.stage.transitions.moves.done',
        'properties.stage.transitions.on_enter.done.required',
        'properties.stage.transitions.on_enter.done.stamp',
        'properties.stage.pipelines.property',
        'properties.stage.pipelines.x.stages.y',
      ]);
    });
  });
});
