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
import { PipelineReportRepository } from './pipeline-report.repository';
import { advancingStages, type StageReport, stageReports } from './pipeline-report.rules';
import { RecordsService } from './records.service';

/** The pipeline name of an object whose status property has transitions but no pipelines. */
export const DEFAULT_PIPELINE = 'default';

export interface PipelineReport {
  object: string;
  property: string;
  pipeline: string;
  from: string | null;
  to: string | null;
  /** Where time in stage and conversion come from: `events`, the event log. */
  history_source: 'events';
  total: number;
  stages: StageReport[];
}

/**
 * `GET /api/objects/{object}/pipelines/{pipeline}/report`: per stage the count, the amounts by
 * currency, the average time in stage and the conversion to the next stage, for the live records
 * created in the period (README "Pipelines"). Counts and amounts are where the records are now;
 * time in stage and conversion come from their stage history in the event log (`created` and
 * `status_changed` events): a stay lasts from entering a stage to the next move (a current one:
 * up to now, whatever the period's end, since the period picks the records, not the time), a
 * record's visits to a stage add up, and a record went on from a stage when it later entered a
 * stage further along the pipeline's order (an exit such as lost is not further along).
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
    const from = this.instant('from', period.from);
    const to = this.instant('to', period.to);
    const query = {
      scope,
      stageProperty: property.name,
      pipeline:
        property.pipelines && pipelineName !== DEFAULT_PIPELINE
          ? { property: property.pipelines.property, value: pipelineName }
          : null,
      amountProperty: definition.properties.find((p) => p.type === 'currency')?.name ?? null,
      currencyProperty: definition.propertyByName.has('currency') ? 'currency' : null,
      from,
      to,
    };
    const [totals, history] = await Promise.all([
      this.repository.stageTotals(query),
      this.repository.stageHistory(query, advancingStages(machine)),
    ]);
    const stages = stageReports(machine, totals, history);
    return {
      object: definition.name,
      property: property.name,
      pipeline: pipelineName,
      from,
      to,
      history_source: 'events',
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
}
