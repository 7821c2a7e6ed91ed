import { Injectable } from '@nestjs/common';
import { canonicalDateTime } from 'src/common/date-time';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import {
  pipelineOf,
  type ResolvedMachine,
  resolveMachine,
  statusProperties,
} from 'src/object-definitions/status-transitions';
import type { RequestContext } from 'src/organizations/request-context';
import { PipelineReportRepository, type PipelineReportRow } from './pipeline-report.repository';
import { RecordsService } from './records.service';

/** The pipeline name of an object whose status property has transitions but no pipelines. */
export const DEFAULT_PIPELINE = 'default';

export interface StageReport {
  value: string;
  label: string | null;
  probability: number | null;
  is_closed: boolean;
  count: number;
  /** Sums of the amount property, by currency, as exact decimal strings. */
  amounts: Array<{ currency: string | null; amount: string }>;
  /** Average days the records now in the stage have been in it; null without a history source. */
  average_days_in_stage: number | null;
  /** Of the records that reached this stage, the share that reached the next one (0..1). */
  conversion_to_next: number | null;
}

export interface PipelineReport {
  object: string;
  property: string;
  pipeline: string;
  from: string | null;
  to: string | null;
  /** Where time in stage comes from: a stamped property (`stamp:<name>`), or none. */
  history_source: string;
  total: number;
  stages: StageReport[];
}

/**
 * `GET /api/objects/{object}/pipelines/{pipeline}/report`: per stage the count, the amounts by
 * currency, the average time in stage and the conversion to the next stage, for the records
 * created in the period (README "Pipelines"). Until the event log gives each record's stage
 * history, time in stage comes from a property every stage stamps on entry (deal:
 * `stage_entered_at`) and conversion from where records are now: a record in a stage has reached
 * every earlier open stage of the pipeline's order; one in a closed stage with probability 0 (or
 * a closed stage after the first closed one) left from the first stage.
 */
@Injectable()
export class PipelineReportService {
  constructor(
    private readonly records: RecordsService,
    private readonly repository: PipelineReportRepository,
  ) {}

  async report(
    context: RequestContext,
    objectName: string,
    pipelineName: string,
    period: { from?: string; to?: string },
  ): Promise<PipelineReport> {
    const { definition, scope } = await this.records.readable(context, objectName);
    const property = this.statusProperty(definition);
    const machine = this.machine(definition, property, pipelineName);
    const enteredAt = this.enteredAtProperty(definition, machine);
    const from = this.instant('from', period.from);
    const to = this.instant('to', period.to);
    const rows = await this.repository.stageTotals({
      scope,
      stageProperty: property.name,
      pipeline:
        property.pipelines && pipelineName !== DEFAULT_PIPELINE
          ? { property: property.pipelines.property, value: pipelineName }
          : null,
      amountProperty: definition.properties.find((p) => p.type === 'currency')?.name ?? null,
      currencyProperty: definition.propertyByName.has('currency') ? 'currency' : null,
      enteredAtProperty: enteredAt,
      from,
      to,
    });
    const stages = this.stages(machine, rows);
    return {
      object: definition.name,
      property: property.name,
      pipeline: pipelineName,
      from,
      to,
      history_source: enteredAt ? `stamp:${enteredAt}` : 'none',
      total: stages.reduce((sum, stage) => sum + stage.count, 0),
      stages,
    };
  }

  private statusProperty(definition: CompiledDefinition): PropertyDefinition {
    const candidates = statusProperties(definition);
    const property = candidates.find((p) => p.pipelines) ?? candidates[0];
    if (!property) {
      throw new AppError(
        ErrorCode.NotFound,
        `${definition.name} has no pipeline: none of its properties has transitions`,
      );
    }
    return property;
  }

  private machine(
    definition: CompiledDefinition,
    property: PropertyDefinition,
    name: string,
  ): ResolvedMachine {
    const selector = property.pipelines
      ? definition.propertyByName.get(property.pipelines.property)
      : undefined;
    const isKnown =
      pipelineOf(property, name) !== undefined ||
      (selector?.options ?? []).some((o) => o.value === name) ||
      (!property.pipelines && name === DEFAULT_PIPELINE);
    if (!isKnown) {
      const names = selector ? (selector.options ?? []).map((o) => o.value) : [DEFAULT_PIPELINE];
      throw new AppError(
        ErrorCode.NotFound,
        `${definition.name} has no pipeline "${name}" (${names.join(', ')})`,
      );
    }
    return resolveMachine(property, selector ? { [selector.name]: name } : {});
  }

  /** The datetime property every stage stamps on entry, if one does. */
  private enteredAtProperty(
    definition: CompiledDefinition,
    machine: ResolvedMachine,
  ): string | null {
    const onEnter = machine.transitions?.on_enter ?? {};
    const [first, ...rest] = machine.stages.map((stage) => onEnter[stage.value]?.stamp ?? []);
    const everywhere = (first ?? []).filter(
      (name) =>
        rest.every((stamps) => stamps.includes(name)) &&
        definition.propertyByName.get(name)?.type === 'datetime',
    );
    return everywhere[0] ?? null;
  }

  private instant(name: string, value: string | undefined): string | null {
    if (value === undefined || value === '') {
      return null;
    }
    const canonical = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${value}T00:00:00Z`
      : canonicalDateTime(value);
    if (Number.isNaN(Date.parse(canonical))) {
      throw new AppError(ErrorCode.BadRequest, `${name} must be a date or date-time`, {
        [name]: 'must be a date (2026-01-31) or a date-time (2026-01-31T00:00:00Z)',
      });
    }
    return canonical;
  }

  private stages(machine: ResolvedMachine, rows: PipelineReportRow[]): StageReport[] {
    const closed = machine.transitions?.closed ?? [];
    const firstClosed = machine.stages.find((s) => closed.includes(s.value))?.value;
    const isExit = (value: string, probability: number | undefined): boolean =>
      closed.includes(value) &&
      (probability === 0 || (probability === undefined && value !== firstClosed));
    const stages = machine.stages.length > 0 ? machine.stages : [];
    const counts = stages.map((stage) =>
      rows.filter((row) => row.stage === stage.value).reduce((sum, row) => sum + row.count, 0),
    );
    // How many reached each stage: those in it or in a later non-exit stage; exits count at the first.
    const reached = stages.map((stage, index) =>
      stages.reduce((sum, later, laterIndex) => {
        const exit = isExit(later.value, later.probability);
        const counts_ = counts[laterIndex] ?? 0;
        if (exit) {
          return index === 0 ? sum + counts_ : sum;
        }
        return laterIndex >= index ? sum + counts_ : sum;
      }, 0),
    );
    return stages.map((stage, index) => {
      const here = rows.filter((row) => row.stage === stage.value);
      const withTime = here.filter((row) => row.seconds_in_stage !== null);
      const weight = withTime.reduce((sum, row) => sum + row.count, 0);
      const seconds = withTime.reduce(
        (sum, row) => sum + (row.seconds_in_stage ?? 0) * row.count,
        0,
      );
      const next = stages.slice(index + 1).findIndex((s) => !isExit(s.value, s.probability));
      const nextIndex = next === -1 ? -1 : index + 1 + next;
      const reachedHere = reached[index] ?? 0;
      const isLast =
        nextIndex === -1 || isExit(stage.value, stage.probability) || closed.includes(stage.value);
      return {
        value: stage.value,
        label: stage.label ?? null,
        probability: stage.probability ?? null,
        is_closed: closed.includes(stage.value),
        count: counts[index] ?? 0,
        amounts: here
          .filter((row) => row.amount !== null)
          .map((row) => ({ currency: row.currency, amount: row.amount as string })),
        average_days_in_stage:
          weight > 0 ? Math.round((seconds / weight / 86400) * 100) / 100 : null,
        conversion_to_next:
          isLast || reachedHere === 0
            ? null
            : Math.round(((reached[nextIndex] ?? 0) / reachedHere) * 10000) / 10000,
      };
    });
  }
}
