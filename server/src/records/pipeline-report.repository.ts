import { Injectable } from '@nestjs/common';
import { statusSpansSql } from 'src/events/event-sql';
import { DataSource } from 'typeorm';
import { archivedCondition } from './record-sql';
import type { RecordScope } from './records.repository';

/** What the report reads of a pipeline's records; names are checked against the definition. */
export interface PipelineReportQuery {
  scope: RecordScope;
  stageProperty: string;
  /** The selector property and the pipeline's value; null: every record of the object. */
  pipeline: { property: string; value: string } | null;
  amountProperty: string | null;
  currencyProperty: string | null;
  from: string | null;
  to: string | null;
}

/** One group of the report: the records now in a stage, in one currency. */
export interface PipelineReportRow {
  stage: string | null;
  currency: string | null;
  count: number;
  amount: string | null;
}

/** One stage of the records' history (from the event log): who entered it, for how long. */
export interface StageHistoryRow {
  stage: string;
  /** Records that entered the stage. */
  entered: number;
  /** Of those, the records that later entered a stage further along `advancing`. */
  advanced: number;
  /** Average seconds per record in the stage (its visits added up; a current one up to now). */
  seconds_in_stage: number | null;
}

/** The report's queries over the pipeline's live records created in the period. */
@Injectable()
export class PipelineReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async stageTotals(query: PipelineReportQuery): Promise<PipelineReportRow[]> {
    const { params, where, text } = cohort(query);
    const amount =
      query.amountProperty === null
        ? 'NULL'
        : `sum((${text(query.amountProperty)})::numeric)::text`;
    const stage = text(query.stageProperty);
    const currency = text(query.currencyProperty);
    return this.dataSource.query<PipelineReportRow[]>(
      `SELECT ${stage} AS stage, ${currency} AS currency, count(*)::int AS count, ${amount} AS amount
         FROM record r WHERE ${where}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
  }

  /**
   * Per stage, from the `created` and `status_changed` events of the records: how many entered
   * it, how many of them later reached a stage further along `advancing` (the pipeline's stages
   * in order, without the ones that leave it, such as lost), and the average time in it. One
   * statement; the events are read by the record index.
   */
  async stageHistory(
    query: PipelineReportQuery,
    advancing: readonly string[],
  ): Promise<StageHistoryRow[]> {
    const { params, where, bind } = cohort(query);
    const order = `${bind(advancing)}::text[]`;
    const spans = statusSpansSql('cohort', '$1', bind(query.stageProperty));
    return this.dataSource.query<StageHistoryRow[]>(
      `WITH cohort AS MATERIALIZED (SELECT r.id FROM record r WHERE ${where}),
            spans AS (${spans}),
            placed AS (
              SELECT s.*, array_position(${order}, s.stage) AS position,
                     max(array_position(${order}, s.stage)) OVER (
                       PARTITION BY s.record_id ORDER BY s.id
                       ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS furthest_after
                FROM spans s),
            per_record AS (
              SELECT stage, record_id,
                     sum(extract(epoch FROM coalesce(left_at, now()) - entered_at)) AS seconds,
                     coalesce(bool_or(furthest_after > position), false) AS advanced
                FROM placed WHERE stage IS NOT NULL GROUP BY stage, record_id)
       SELECT stage, count(*)::int AS entered, count(*) FILTER (WHERE advanced)::int AS advanced,
              avg(seconds)::float8 AS seconds_in_stage
         FROM per_record GROUP BY stage ORDER BY stage`,
      params,
    );
  }
}

/** The WHERE of the report's records, with its parameters ($1: the organization). */
function cohort(query: PipelineReportQuery): {
  params: unknown[];
  where: string;
  bind: (value: unknown) => string;
  text: (name: string | null) => string;
} {
  const params: unknown[] = [query.scope.organizationId, query.scope.definitionId];
  const bind = (value: unknown): string => `$${params.push(value)}`;
  const text = (name: string | null): string =>
    name === null ? 'NULL' : `r.properties ->> ${bind(name)}`;
  const where = [
    'r.organization_id = $1',
    'r.object_definition_id = $2',
    ...archivedCondition(query.scope.archived),
  ];
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
  return { params, where: where.join(' AND '), bind, text };
}
