import type { ResolvedMachine } from 'src/object-definitions/status-transitions';
import { advancingStages, exitStages, stageReports } from './pipeline-report.rules';

const machine: ResolvedMachine = {
  property: 'stage',
  pipeline: 'sales',
  stages: [
    { value: 'lead', label: 'Lead', probability: 10 },
    { value: 'qualified', probability: 25 },
    { value: 'won', probability: 100 },
    { value: 'lost', probability: 0 },
  ],
  transitions: {
    initial: ['lead'],
    closed: ['won', 'lost'],
    moves: { lead: ['qualified', 'lost'], qualified: ['won', 'lost'], won: [], lost: [] },
  },
};

describe(stageReports.name, () => {
  it('takes counts and amounts from now, time and conversion from the history', () => {
    const stages = stageReports(
      machine,
      [
        { stage: 'lead', currency: 'USD', count: 2, amount: '10.00' },
        { stage: 'lead', currency: 'EUR', count: 1, amount: '5.00' },
        { stage: 'won', currency: 'USD', count: 1, amount: null },
      ],
      [
        { stage: 'lead', entered: 4, advanced: 1, seconds_in_stage: 2 * 86400 },
        { stage: 'qualified', entered: 1, advanced: 1, seconds_in_stage: 3600 },
        { stage: 'won', entered: 1, advanced: 0, seconds_in_stage: null },
      ],
    );
    expect(stages).toEqual([
      {
        value: 'lead',
        label: 'Lead',
        probability: 10,
        is_closed: false,
        count: 3,
        amounts: [
          { currency: 'USD', amount: '10.00' },
          { currency: 'EUR', amount: '5.00' },
        ],
        entered: 4,
        average_days_in_stage: 2,
        conversion_to_next: 0.25,
      },
      expect.objectContaining({
        value: 'qualified',
        label: null,
        count: 0,
        entered: 1,
        average_days_in_stage: 0.04,
        conversion_to_next: 1,
      }),
      expect.objectContaining({ value: 'won', is_closed: true, conversion_to_next: null }),
      expect.objectContaining({
        value: 'lost',
        entered: 0,
        average_days_in_stage: null,
        conversion_to_next: null,
      }),
    ]);
  });

  it('says nothing of conversion from a stage no record entered', () => {
    const [lead] = stageReports(machine, [], []);
    expect(lead).toMatchObject({ entered: 0, conversion_to_next: null });
  });
});

describe(advancingStages.name, () => {
  it('leaves out the exits: closed at probability 0, or closed after the first closed', () => {
    expect(advancingStages(machine)).toEqual(['lead', 'qualified', 'won']);
    const unweighted: ResolvedMachine = {
      ...machine,
      stages: machine.stages.map(({ value }) => ({ value })),
    };
    expect([...exitStages(unweighted)]).toEqual(['lost']);
  });
});
