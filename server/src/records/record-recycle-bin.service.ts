import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG, RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import { EventsService } from 'src/events/events.service';
import { RecordRecycleBinRepository } from './record-recycle-bin.repository';

const DAY_MS = 24 * 3_600_000;
/** Records removed per transaction: short transactions, short row locks. */
export const PURGE_BATCH_SIZE = 500;
const PURGE_EVERY_MS = 3_600_000;

/**
 * The recycle bin's retention (README, "Recycle bin"): a deleted record older than
 * `PLINTH_RECYCLE_BIN_DAYS` is purged, with its links, unique values and its values in events.
 * `npm start` runs it hourly (main.ts); several server processes may run it at once.
 */
@Injectable()
export class RecordRecycleBinService implements OnModuleDestroy {
  private readonly logger = new Logger(RecordRecycleBinService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: RecordRecycleBinRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'recycleBinDays'>,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
    private readonly events: EventsService,
  ) {}

  /** Purges now, then every hour (unref'd: it never keeps the process alive). */
  startRetentionPurge(): void {
    if (this.timer) {
      return;
    }
    const run = (): void => void this.purgeExpiredQuietly();
    this.timer = setInterval(run, PURGE_EVERY_MS);
    this.timer.unref();
    run();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Purges every record deleted more than the retention before `now`, batch by batch (each its
   * own transaction); returns how many went. `now` is a parameter so tests need not wait.
   */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.recycleBinDays * DAY_MS);
    let total = 0;
    for (const organizationId of await this.repository.findOrganizationsToPurge(cutoff)) {
      total += await this.purgeOrganization(organizationId, cutoff);
    }
    if (total > 0) {
      this.logger.log(
        `Recycle bin: purged ${total} record(s) deleted more than ${this.config.recycleBinDays} days ago`,
      );
    }
    return total;
  }

  /** One organization's expired records, batch by batch (each its own transaction). */
  private async purgeOrganization(organizationId: string, cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const purged = await this.runInTransaction(async (tx) => {
        const ids = await this.repository.purgeArchivedBefore(
          organizationId,
          cutoff,
          PURGE_BATCH_SIZE,
          tx,
        );
        await this.events.eraseRecordValues(organizationId, ids, tx);
        return ids.length;
      });
      total += purged;
      if (purged < PURGE_BATCH_SIZE) {
        return total;
      }
    }
  }

  private async purgeExpiredQuietly(): Promise<void> {
    try {
      await this.purgeExpired();
    } catch (error) {
      this.logger.error(
        'The recycle bin retention purge failed; it runs again within an hour',
        error,
      );
    }
  }
}
