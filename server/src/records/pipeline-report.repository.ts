import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RecordScope } from './records.repository';

/** What the report reads of a pipeline's records; names are checked against the definition. */
export interface PipelineReportQuery {
  scope: RecordScope;
  stageProperty: string;
  /** The selector property and the pipeline's value; null: every record of the object. */
  pipeline: { property: string; value: string } | null;
  amountProperty: string | null;
  currencyProperty: string | null;
  /** A datetime property stamped on entering each stage (the stage-history source). */
  enteredAtProperty: string | null;
  from: string | null;
  to: string | null;
}

/** One group of the report: the records of a stage in one currency. */
export interface PipelineReportRow {
  stage: string | null;
  currency: string | null;
  count: number;
  amount: string | null;
  /** Average seconds since entering the stage, over the records that have the stamp. */
  seconds_in_stage: number | null;
}

/** The report's one aggregate query over the pipeline's records (created in the period). */
@Injectable()
export class PipelineReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async stageTotals(query: PipelineReportQuery): Promise<PipelineReportRow[]> {
    const params: unknown[] = [query.scope.organizationId, query.scope.definitionId];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const text = (name: string | null): string =>
      name === null ? 'NULL' : `r.properties ->> ${bind(name)}`;
    const where = ['r.organization_id = $1', 'r.object_definition_id = $2'];
    if (query.scope.ownerId !== undefined) {
      where.push(
        query.scope.ownerId === null
          ? 'r.owner_id IS NULL'
          : `r.owner_id = ${bind(query.scope.ownerId)}`,
      );
    }
    if (query.pipeline) {
      where.push(`${text(query.pipeline.property)} = ${bind(query.pipeline.value)}`);
    }
    if (query.from) {
      where.push(`r.created_at >= ${bind(query.from)}::timestamptz`);
    }
    if (query.to) {
      where.push(`r.created_at < ${bind(query.to)}::timestamptz`);
    }
    const amount =
      query.amountProperty === null
        ? 'NULL'
        : `sum((${text(query.amountProperty)})::numeric)::text`;
    const entered =
      query.enteredAtProperty === null
        ? 'NULL'
        : `avg(extract(epoch FROM now() - (${text(query.enteredAtProperty)})::timestamptz))::float8`;
    const stage = text(query.stageProperty);
    const currency = text(query.currencyProperty);
    return this.dataSource.query<PipelineReportRow[]>(
      `SELECT ${stage} AS stage, ${currency} AS currency, count(*)::int AS count,
              ${amount} AS amount, ${entered} AS seconds_in_stage
         FROM record r WHERE ${where.join(' AND ')}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
  }
}
