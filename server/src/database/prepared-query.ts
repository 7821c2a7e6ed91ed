import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';

/** What node-postgres answers a query with (rows only are used here). */
interface Queryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * A statement PostgreSQL parses and plans once per connection (a named prepared statement) rather
 * than on every call: on `record`, with its many partial runtime indexes, planning a primary-key
 * read took ~0.4 ms and the links read ~1.1 ms, ten times their execution (docs/scaling.md,
 * "Prepared statements"). For the hot statements whose text takes few forms only: each distinct
 * text stays prepared on each connection that ran it. The name is the text's hash, so variants
 * of one statement never clash.
 */
export async function preparedQuery<T>(
  source: DataSource | EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const manager = source instanceof DataSource ? source.manager : source;
  if (UNPREPARED.has(manager.connection)) {
    return manager.query(text, values);
  }
  const name = nameOf(text);
  try {
    const result = await connectionOf(manager).query({ name, text, values });
    return result.rows as T[];
  } catch (error) {
    // As TypeORM's own queries fail: logged by the data source's logger (its code only), and
    // thrown as the error that error handling reads the driver's error from.
    manager.connection.logger.logQueryError(error as Error, text, values);
    throw new QueryFailedError(text, values, error as Error);
  }
}

/** Data sources whose statements are all sent unnamed (`DATABASE_PREPARED_STATEMENTS=off`). */
const UNPREPARED = new WeakSet<DataSource>();

/** Every statement of `dataSource` unnamed, planned on each run (for poolers that lose names). */
export function withoutPreparedStatements(dataSource: DataSource): void {
  UNPREPARED.add(dataSource);
}

/** Statement names by text: hashing the text on every call cost ~2% of a read by id. */
const NAMES = new Map<string, string>();
const MAX_NAMES = 1000;

function nameOf(text: string): string {
  let name = NAMES.get(text);
  if (name === undefined) {
    name = `plinth_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (NAMES.size >= MAX_NAMES) {
      NAMES.clear();
    }
    NAMES.set(text, name);
  }
  return name;
}

/** The transaction's own connection (an entity manager of `dataSource.transaction`), or the pool. */
function connectionOf(manager: EntityManager): Queryable {
  const runner = manager.queryRunner;
  if (runner && !runner.isReleased) {
    return (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
  }
  return (manager.connection.driver as unknown as { master: Pool }).master;
}
