import type { RecordListQuery } from './record-list-query';
import {
  COLUMNS,
  listConditions,
  type ReadScope,
  sortExpression,
  SqlParams,
  type SqlQuery,
} from './record-sql';

/**
 * Every match of a list, in the list's order, with no page: what an export reads through a
 * cursor. Sorted on a property, the records without a value come last in both directions, as in
 * the list; a full-text sort ranks every match (an export has no ranking window to keep small).
 */
export function exportQuery(scope: ReadScope, query: RecordListQuery): SqlQuery {
  const params = new SqlParams();
  const where = listConditions(scope, query, params);
  const { order, target } = query.sort;
  const sort = sortExpression(target, params);
  const nulls = target.kind === 'property' ? ' NULLS LAST' : '';
  return {
    sql: `SELECT ${COLUMNS} FROM record r WHERE ${where} ORDER BY ${sort} ${order}${nulls}, r.id ${order}`,
    values: params.values,
  };
}
