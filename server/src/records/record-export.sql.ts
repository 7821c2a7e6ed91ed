import type { LinkSide } from 'src/association-definitions/link-side';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { jsonKey, kindOf } from 'src/object-definitions/property-expressions';
import { MULTI_VALUE_SEPARATOR } from './record-csv';
import type { RecordListQuery } from './record-list-query';
import {
  listConditions,
  liveLinksSql,
  type ReadScope,
  sortExpression,
  SqlParams,
  type SqlQuery,
} from './record-sql';

/** The record columns every export ends with, after the properties and the reference fields. */
export const TRAILING_FIELDS = [
  'owner_id',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
] as const;

/** What one export writes: the properties a caller may read, and its to-one reference fields. */
export interface ExportColumns {
  properties: PropertyDefinition[];
  /** To-one sides whose `referenceField` the caller may read. */
  references: LinkSide[];
}

/** The header row's names, in the order of the cells. */
export function exportHeader(columns: ExportColumns): string[] {
  return [
    'id',
    ...columns.properties.map((property) => property.name),
    ...columns.references.map((side) => side.referenceField as string),
    ...TRAILING_FIELDS,
  ];
}

/**
 * Every match of a list, in the list's order, with no page, as CSV lines built by PostgreSQL: one
 * text column `line` per record (no line break), read through a cursor. The cells follow
 * record-csv.ts `toCsvCell` for the values the API answers (README "Import and export"): text as
 * typed, numbers and booleans as their JSON text, multi-select values joined with `;`, JSON values
 * as JSON text, instants in ISO 8601 UTC with milliseconds, a missing value an empty cell; a
 * required property with a default shows the default, as a read does. A reference field is the
 * oldest link of its side to a live record, as in a read. Cells are quoted as csv-stringify quotes
 * (a comma, a quote or a line break). Sorted on a property, the records without a value come last
 * in both directions, as in the list; a full-text sort ranks every match.
 */
export function exportLinesQuery(
  scope: ReadScope,
  query: RecordListQuery,
  columns: ExportColumns,
): SqlQuery {
  const params = new SqlParams();
  const references = columns.references.map((side, index) => referenceJoin(side, index, params));
  const cells = [
    'r.id::text',
    ...columns.properties.map((property) => propertyCell(property, params)),
    ...references.map((reference) => reference.cell),
    'r.owner_id::text',
    'r.created_by::text',
    'r.updated_by::text',
    instantCell('r.created_at'),
    instantCell('r.updated_at'),
  ];
  // Property cells may hold what CSV quotes; ids, instants and reference ids never do.
  const firstProperty = 1;
  const lastProperty = columns.properties.length;
  const line = cells.map((_, index) =>
    index >= firstProperty && index <= lastProperty ? quoted(`c${index}`) : `c${index}`,
  );
  const where = listConditions(scope, query, params);
  const { order, target } = query.sort;
  const sort = sortExpression(target, params);
  const nulls = target.kind === 'property' ? ' NULLS LAST' : '';
  // The cells are computed once in the inner query (OFFSET 0 keeps it from being merged into the
  // outer one, which would compute each quoted cell up to three times); its order is kept.
  return {
    sql: `SELECT array_to_string(ARRAY[${line.join(', ')}], ',', '') AS line FROM (
            SELECT ${cells.map((cell, index) => `${cell} AS c${index}`).join(',\n                   ')}
              FROM record r${references.map((reference) => reference.join).join('')}
             WHERE ${where} ORDER BY ${sort} ${order}${nulls}, r.id ${order} OFFSET 0) AS cells`,
    values: params.values,
  };
}

/** The property's cell text, unquoted (NULL: no value). */
function propertyCell(property: PropertyDefinition, params: SqlParams): string {
  const value =
    property.required && property.default !== undefined
      ? `COALESCE(r.properties -> ${jsonKey(property)}, ${params.add(JSON.stringify(property.default))}::jsonb)`
      : `(r.properties -> ${jsonKey(property)})`;
  switch (kindOf(property)) {
    case 'array':
      return `CASE WHEN jsonb_typeof(${value}) = 'array'
        THEN (SELECT string_agg(item, '${MULTI_VALUE_SEPARATOR}') FROM jsonb_array_elements_text(${value}) AS item)
        ELSE ${value} #>> '{}' END`;
    case 'json':
      return `CASE WHEN jsonb_typeof(${value}) IN ('object', 'array') THEN ${value}::text ELSE ${value} #>> '{}' END`;
    case 'boolean':
    case 'date':
    case 'numeric':
    case 'text':
    case 'timestamptz':
      // Strings as typed; numbers and booleans as their JSON text; JSON null as no value.
      return `(${value} #>> '{}')`;
  }
}

/** The oldest link of a to-one side to a live record (the side's name never enters SQL). */
function referenceJoin(
  side: LinkSide,
  index: number,
  params: SqlParams,
): { join: string; cell: string } {
  const alias = `ref${index}`;
  const links = liveLinksSql({
    column: side.selfColumn,
    type: params.add(side.associationType),
    organization: 'r.organization_id',
    record: 'r.id',
    limit: '1',
  });
  return {
    join: `
            LEFT JOIN LATERAL (${links}) ${alias} ON true`,
    cell: `${alias}.other_id::text`,
  };
}

/** `2026-12-06T09:16:27.123Z`, as `Date#toISOString` writes it. */
function instantCell(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A cell quoted as csv-stringify quotes one: when it holds a comma, a quote or a line break. */
function quoted(cell: string): string {
  return `CASE WHEN ${cell} ~ '[",\\r\\n]' THEN '"' || replace(${cell}, '"', '""') || '"' ELSE ${cell} END`;
}
