import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { indexSpecsOf, type IndexedDefinition, type IndexSpec } from './property-indexes';
import { PropertyIndexesRepository, type ExistingIndex } from './property-indexes.repository';

export interface IndexSyncResult {
  created: string[];
  dropped: string[];
  /** Builds that failed in this run; each is retried after its back-off (see `status()`). */
  failed: string[];
  /** False when another process was changing indexes (it will reach the same state). */
  ran: boolean;
}

/** An index whose build failed: why, how often in a row, and when the next attempt is due. */
export interface FailingIndex {
  index: string;
  reason: string;
  failures: number;
  next_retry_at: string;
}

export interface IndexesStatus {
  failing: FailingIndex[];
}

/** The first retry waits this long, each further one twice as long, up to the maximum. */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 60 * 60_000;

interface Failure {
  reason: string;
  failures: number;
  retryAt: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An index to drop (unwanted or invalid), or a wanted one missing and not waiting for a retry. */
function hasWork(
  existing: ExistingIndex[],
  wanted: Map<string, IndexSpec>,
  failures: Map<string, Failure>,
  now: number,
): boolean {
  const present = new Set(existing.filter((i) => i.isValid).map((i) => i.name));
  return (
    existing.some((i) => !wanted.has(i.name) || !i.isValid) ||
    [...wanted.keys()].some(
      (name) => !present.has(name) && (failures.get(name)?.retryAt ?? 0) <= now,
    )
  );
}

/**
 * Keeps the record table's runtime indexes in line with the definitions: created concurrently
 * (writes go on), dropped when no definition wants them any more. Runs in the background after
 * every definition change (system objects registered at start-up or for a new organization
 * included) and at start-up; `sync()` waits for a run (tests, benchmarks, ops).
 *
 * One index that fails to build does not hold back the others: it is logged once, listed by
 * `status()` (and health), and retried with exponential back-off rather than on every run.
 */
@Injectable()
export class PropertyIndexesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PropertyIndexesService.name);
  private running: Promise<IndexSyncResult> | undefined;
  /** The one run after the current one, shared by every request made during it. */
  private next: Promise<IndexSyncResult> | undefined;
  private isClosing = false;
  private readonly failures = new Map<string, Failure>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly repository: PropertyIndexesRepository) {}

  onApplicationBootstrap(): void {
    this.scheduleSync();
  }

  /** A build in progress finishes before the connections close (no invalid index left behind). */
  async beforeApplicationShutdown(): Promise<void> {
    this.isClosing = true;
    clearTimeout(this.retryTimer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Fire and forget: a change's response never waits for an index build. With `added`, definitions
   * were only added (a new organization's system objects): see `syncForAdded`.
   */
  scheduleSync(added?: readonly IndexedDefinition[]): void {
    (added ? this.syncForAdded(added) : this.sync()).catch((error: unknown) => {
      this.logger.error(`Index sync failed: ${messageOf(error)}`);
    });
  }

  /**
   * After definitions were only added: they can want an index that is missing, never make one
   * unwanted. So only their own indexes are looked for (one read of `pg_index`), and the full run
   * (which reads every organization's definitions: ~1 s at 10,000 organizations) happens only when
   * one is missing or invalid. Resolves whether it did.
   */
  async syncForAdded(added: readonly IndexedDefinition[]): Promise<boolean> {
    const wanted = new Map(added.flatMap(indexSpecsOf).map((spec) => [spec.name, spec]));
    const existing = (await this.repository.findRuntimeIndexes()).filter((i) => wanted.has(i.name));
    if (!hasWork(existing, wanted, this.failures, Date.now())) {
      return false;
    }
    await this.sync();
    return true;
  }

  /** The indexes that failed to build and when each is retried (empty when all are built). */
  status(): IndexesStatus {
    return {
      failing: [...this.failures].map(([index, failure]) => ({
        index,
        reason: failure.reason,
        failures: failure.failures,
        next_retry_at: new Date(failure.retryAt).toISOString(),
      })),
    };
  }

  /** Waits for the run in progress and the one queued after it, starting none (tests, ops). */
  async idle(): Promise<void> {
    while (this.running || this.next) {
      await (this.next ?? this.running)?.catch(() => undefined);
    }
  }

  /** One run at a time in this process; a request during a run gets one more run after it. */
  async sync(): Promise<IndexSyncResult> {
    if (this.running) {
      // Waiters share one follow-up run: each starting its own after every run never ended.
      this.next ??= this.running
        .catch(() => undefined)
        .then(() => {
          this.next = undefined;
          return this.sync();
        });
      return this.next;
    }
    if (this.isClosing) {
      return { created: [], dropped: [], failed: [], ran: false };
    }
    this.running = this.run();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
      this.scheduleRetry();
    }
  }

  private async run(): Promise<IndexSyncResult> {
    const wanted = new Map<string, IndexSpec>();
    for (const definition of await this.repository.findIndexedDefinitions()) {
      for (const spec of indexSpecsOf(definition)) {
        wanted.set(spec.name, spec);
      }
    }
    for (const name of [...this.failures.keys()].filter((n) => !wanted.has(n))) {
      this.failures.delete(name);
    }
    const result: IndexSyncResult = { created: [], dropped: [], failed: [], ran: false };
    // Most runs (a new organization's system objects) find nothing to do: only a run with work
    // opens the lock's own connection, and looks again there.
    if (!hasWork(await this.repository.findRuntimeIndexes(), wanted, this.failures, Date.now())) {
      return { ...result, ran: true };
    }
    result.ran = await this.repository.withIndexLock(async ({ ddl, existing: findExisting }) => {
      const existing = await findExisting();
      for (const index of existing.filter((i) => !wanted.has(i.name) || !i.isValid)) {
        await ddl(this.repository.dropSql(index.name));
        result.dropped.push(index.name);
      }
      const present = new Set(existing.filter((i) => i.isValid).map((i) => i.name));
      const now = Date.now();
      const due = [...wanted.values()].filter(
        (s) => !present.has(s.name) && (this.failures.get(s.name)?.retryAt ?? 0) <= now,
      );
      for (const spec of due) {
        const started = Date.now();
        try {
          await ddl(this.repository.createSql(spec));
        } catch (error) {
          // A failed concurrent build leaves an invalid index behind: the next run drops it.
          this.recordFailure(spec.name, messageOf(error));
          result.failed.push(spec.name);
          continue;
        }
        result.created.push(spec.name);
        this.logger.log(`Created index ${spec.name} in ${Date.now() - started} ms`);
        if (this.failures.delete(spec.name)) {
          this.logger.log(`Index ${spec.name} built after earlier failures`);
        }
      }
    });
    if (result.dropped.length > 0) {
      this.logger.log(`Dropped indexes no definition wants: ${result.dropped.join(', ')}`);
    }
    return result;
  }

  /** Logged on the first failure (and when the reason changes), not on every retry. */
  private recordFailure(name: string, reason: string): void {
    const previous = this.failures.get(name);
    const failures = (previous?.failures ?? 0) + 1;
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
    this.failures.set(name, { reason, failures, retryAt: Date.now() + delay });
    if (previous?.reason !== reason) {
      this.logger.error(
        `Index ${name} failed to build: ${reason} (retried with back-off; see GET /api/health)`,
      );
    }
  }

  /** One timer, for the earliest retry due; it does not keep the process alive. */
  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.isClosing || this.failures.size === 0) {
      return;
    }
    const earliest = Math.min(...[...this.failures.values()].map((f) => f.retryAt));
    this.retryTimer = setTimeout(() => this.scheduleSync(), Math.max(earliest - Date.now(), 0));
    this.retryTimer.unref();
  }
}
