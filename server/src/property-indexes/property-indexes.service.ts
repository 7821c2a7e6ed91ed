import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { indexSpecsOf, type IndexSpec } from './property-indexes';
import { PropertyIndexesRepository } from './property-indexes.repository';

export interface IndexSyncResult {
  created: string[];
  dropped: string[];
  /** False when another process was changing indexes (it will reach the same state). */
  ran: boolean;
}

/**
 * Keeps the record table's runtime indexes in line with the definitions: created concurrently
 * (writes go on), dropped when no definition wants them any more. Runs in the background after
 * every definition change and at start-up; `sync()` waits for a run (tests, benchmarks, ops).
 */
@Injectable()
export class PropertyIndexesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PropertyIndexesService.name);
  private running: Promise<IndexSyncResult> | undefined;
  /** The one run after the current one, shared by every request made during it. */
  private next: Promise<IndexSyncResult> | undefined;
  private isClosing = false;

  constructor(private readonly repository: PropertyIndexesRepository) {}

  onApplicationBootstrap(): void {
    this.scheduleSync();
  }

  /** A build in progress finishes before the connections close (no invalid index left behind). */
  async beforeApplicationShutdown(): Promise<void> {
    this.isClosing = true;
    await this.running?.catch(() => undefined);
  }

  /** Fire and forget: a change's response never waits for an index build. */
  scheduleSync(): void {
    this.sync().catch((error: unknown) => {
      this.logger.error(
        `Index sync failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
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
      return { created: [], dropped: [], ran: false };
    }
    this.running = this.run();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async run(): Promise<IndexSyncResult> {
    const wanted = new Map<string, IndexSpec>();
    for (const definition of await this.repository.findIndexedDefinitions()) {
      for (const spec of indexSpecsOf(definition)) {
        wanted.set(spec.name, spec);
      }
    }
    const result: IndexSyncResult = { created: [], dropped: [], ran: false };
    result.ran = await this.repository.withIndexLock(async (ddl) => {
      const existing = await this.repository.findRuntimeIndexes();
      for (const index of existing.filter((i) => !wanted.has(i.name) || !i.isValid)) {
        await ddl(this.repository.dropSql(index.name));
        result.dropped.push(index.name);
      }
      const present = new Set(existing.filter((i) => i.isValid).map((i) => i.name));
      for (const spec of [...wanted.values()].filter((s) => !present.has(s.name))) {
        const started = Date.now();
        await ddl(this.repository.createSql(spec));
        result.created.push(spec.name);
        this.logger.log(`Created index ${spec.name} in ${Date.now() - started} ms`);
      }
    });
    if (result.dropped.length > 0) {
      this.logger.log(`Dropped indexes no definition wants: ${result.dropped.join(', ')}`);
    }
    return result;
  }
}
