import { Client } from 'pg';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import type { Response, Test } from 'supertest';
import type { TestApp } from './test-app';

/** A request under way, and whether it has answered yet. */
export interface Pending<T> {
  response: Promise<T>;
  hasAnswered: () => boolean;
}

/** Sends a request (supertest `Test`s are sent when first awaited) and tracks its answer. */
export function send<T>(request: PromiseLike<T>): Pending<T> {
  let hasAnswered = false;
  const response = Promise.resolve(request).finally(() => {
    hasAnswered = true;
  });
  return { response, hasAnswered: () => hasAnswered };
}

/**
 * A raw connection of the test's own that holds locks in one transaction, so the test decides
 * where the app's transactions wait and when they go on: interleavings are forced by the
 * database, never by sleeps.
 */
export class LockGate {
  private constructor(
    private readonly client: Client,
    private readonly testApp: TestApp,
  ) {}

  static async open(testApp: TestApp): Promise<LockGate> {
    const { url } = testApp.dataSource.options as { url: string };
    const client = new Client({ connectionString: url });
    await client.connect();
    return new LockGate(client, testApp);
  }

  /** Opens the gate's transaction and takes the locks `sql` takes, until `release`. */
  async hold(sql: string, params: unknown[] = []): Promise<void> {
    await this.client.query('BEGIN');
    await this.client.query(sql, params);
  }

  /**
   * Returns once `count` sessions of the database wait for a lock (any: row, table, advisory),
   * or as soon as `isDone` says there is nothing left to wait for.
   */
  async waitForWaiters(count: number, isDone: () => boolean = () => false): Promise<void> {
    for (let polls = 0; !isDone() && (await this.waiters()) < count; polls++) {
      if (polls > 20000) {
        throw new Error(
          `${count} sessions never came to wait for a lock; the database's sessions:\n${await this.sessions()}`,
        );
      }
    }
  }

  /** What every other session of the database is doing (for a failure's message). */
  private async sessions(): Promise<string> {
    const { rows } = await this.client.query<Record<string, unknown>>(
      `SELECT pid, application_name, state, wait_event_type, wait_event,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
         FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const pool = (this.testApp.dataSource.driver as unknown as { master: Record<string, number> })
      .master;
    const counts = `the app's pool: ${pool.totalCount} connections, ${pool.idleCount} idle, ${pool.waitingCount} requests waiting for one`;
    return [counts, ...rows.map((row) => JSON.stringify(row))].join('\n');
  }

  async release(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  private async waiters(): Promise<number> {
    // pg_stat_activity is read once per transaction, and the gate polls from inside its own.
    await this.client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await this.client.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return rows[0]?.waiting ?? 0;
  }
}

/**
 * Sends the requests while the test holds the record table, and lets go only once every one of
 * them waits for it inside its transaction: they then race inside PostgreSQL, not one after
 * another. At most the app's pool size (10) of requests, or they cannot all be waiting.
 */
export async function race(testApp: TestApp, requests: Test[]): Promise<Response[]> {
  // An index build (after a new organization's definitions) would wait at the gate too.
  await testApp.app.get(PropertyIndexesService).idle();
  const gate = await LockGate.open(testApp);
  try {
    await gate.hold('LOCK TABLE record IN EXCLUSIVE MODE');
    const responses = Promise.all(requests);
    await gate.waitForWaiters(requests.length);
    await gate.release();
    return await responses;
  } finally {
    await gate.close();
  }
}
