import type { ResolvedMachine } from 'src/object-definitions/status-transitions';
import type { PipelineReportRow, StageHistoryRow } from './pipeline-report.repository';

export interface StageReport {
  value: string;
  label: string | null;
  probability: number | null;
  is_closed: boolean;
  count: number;
  /** Sums of the amount property, by currency, as exact decimal strings. */
  amounts: Array<{ currency: string | null; amount: string }>;
  /** Records that entered the stage, from the event log. */
  entered: number;
  /** Average days a record that entered the stage spent in it (a current stay: up to now). */
  average_days_in_stage: number | null;
  /** Of the records that entered this stage, the share that went on to the next one (0..1). */
  conversion_to_next: number | null;
}

/**
 * The stages that leave the pipeline rather than advance it: closed ones of probability 0, or
 * (without probabilities) every closed stage after the first (won before lost).
 */
export function exitStages(machine: ResolvedMachine): Set<string> {
  const closed = machine.transitions?.closed ?? [];
  const firstClosed = machine.stages.find((s) => closed.includes(s.value))?.value;
  return new Set(
    machine.stages
      .filter(
        (s) =>
          closed.includes(s.value) &&
          (s.probability === 0 || (s.probability === undefined && s.value !== firstClosed)),
      )
      .map((s) => s.value),
  );
}

/** The pipeline's stages in order without its exits: "going on" is entering a later one. */
export function advancingStages(machine: ResolvedMachine): string[] {
  const exits = exitStages(machine);
  return machine.stages.filter((s) => !exits.has(s.value)).map((s) => s.value);
}

/**
 * Each stage of the pipeline: the records now in it and their amounts (`totals`), and from the
 * event log (`history`) how many entered it, their average days in it and the share that went on
 * to a later stage (none for closed stages, exits and the last stage).
 */
export function stageReports(
  machine: ResolvedMachine,
  totals: PipelineReportRow[],
  history: StageHistoryRow[],
): StageReport[] {
  const closed = machine.transitions?.closed ?? [];
  const exits = exitStages(machine);
  const advancing = advancingStages(machine);
  return machine.stages.map((stage) => {
    const here = totals.filter((row) => row.stage === stage.value);
    const past = history.find((row) => row.stage === stage.value);
    const entered = past?.entered ?? 0;
    const hasNext = advancing.indexOf(stage.value) < advancing.length - 1;
    const isLast = !hasNext || exits.has(stage.value) || closed.includes(stage.value);
    return {
      value: stage.value,
      label: stage.label ?? null,
      probability: stage.probability ?? null,
      is_closed: closed.includes(stage.value),
      count: here.reduce((sum, row) => sum + row.count, 0),
      amounts: here.flatMap((row) =>
        row.amount === null ? [] : [{ currency: row.currency, amount: row.amount }],
      ),
      entered,
      average_days_in_stage:
        past?.seconds_in_stage === null || past === undefined
          ? null
          : Math.round((past.seconds_in_stage / 86400) * 100) / 100,
      conversion_to_next:
        isLast || entered === 0
          ? null
          : Math.round(((past?.advanced ?? 0) / entered) * 10000) / 10000,
    };
  });
}
