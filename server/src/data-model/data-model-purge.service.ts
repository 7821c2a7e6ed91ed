import { Inject, Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import { deletedPropertiesOf, toDefinitionInput } from 'src/object-definitions/definition-change';
import { DefinitionWriter } from 'src/object-definitions/definition-writer';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import {
  type ObjectDefinitionRow,
  ObjectDefinitionsRepository,
} from 'src/object-definitions/object-definitions.repository';
import { displayName, searchText } from 'src/object-definitions/record-search-text';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordDataService } from 'src/records/record-data.service';
import { DefinitionChanges } from './definition-changes';

const PURGE_BATCH = 5000;

/**
 * Purges what data modelling only hides: an archived object's records, a deleted property's
 * values. They go in batches, each in its own short transaction, so a purge of any size never
 * holds the definition locked for long.
 */
@Injectable()
export class DataModelPurgeService {
  constructor(
    private readonly writer: DefinitionWriter,
    private readonly changes: DefinitionChanges,
    private readonly repository: ObjectDefinitionsRepository,
    private readonly recordData: RecordDataService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  /**
   * Deletes an archived object and all its records, in batches. Returns how many records went.
   * Once begun, a purge is never undone: the object cannot be restored with records missing.
   */
  async purgeObject(context: RequestContext, name: string): Promise<{ purged_records: number }> {
    const row = await this.writer.inTransaction(context, async (tx) => {
      const locked = await this.writer.lockDefinition(context, name, tx, true);
      if (!locked.archivedAt) {
        throw new AppError(ErrorCode.Conflict, `Archive ${name} before purging it`);
      }
      if (!locked.purgeStartedAt) {
        await this.repository.update(
          context.organizationId,
          locked.id,
          { purgeStartedAt: new Date() },
          tx,
        );
      }
      return locked;
    });
    const { purged, isComplete } = await this.purgeInBatches(
      context,
      row.id,
      (fresh) => fresh.purgeStartedAt !== null,
      (tx) => this.recordData.deleteRecordsBatch(context, row.id, PURGE_BATCH, tx),
    );
    if (isComplete) {
      await this.writer.inTransaction(context, (tx) =>
        this.repository.deleteDefinition(context.organizationId, row.id, tx),
      );
    }
    return { purged_records: purged };
  }

  /**
   * Removes a deleted property's values from every record (in batches), then forgets it. Once
   * begun, a purge is never undone: the property cannot be restored with values missing.
   */
  async purgeProperty(
    context: RequestContext,
    name: string,
    propertyName: string,
  ): Promise<{ purged_records: number }> {
    const row = await this.writer.inTransaction(context, async (tx) => {
      const locked = await this.writer.lockDefinition(context, name, tx);
      const deleted = deletedPropertiesOf(locked);
      if (!deleted.some((p) => p.name === propertyName)) {
        throw new AppError(
          ErrorCode.Conflict,
          `Delete the property ${propertyName} of ${name} before purging it`,
        );
      }
      const marked = deleted.map((p) =>
        p.name === propertyName && !p.purge_started_at
          ? { ...p, purge_started_at: new Date().toISOString() }
          : p,
      );
      await this.repository.update(
        context.organizationId,
        locked.id,
        { deletedProperties: marked },
        tx,
      );
      return locked;
    });
    const isPurging = (fresh: ObjectDefinitionRow): boolean =>
      !!deletedPropertiesOf(fresh).find((p) => p.name === propertyName)?.purge_started_at &&
      !(fresh.properties as PropertyDefinition[]).some((p) => p.name === propertyName);
    const { purged, isComplete } = await this.purgeInBatches(
      context,
      row.id,
      isPurging,
      async (tx, fresh) => {
        const records = await this.recordData.lockRecordsWithValue(
          context,
          row.id,
          propertyName,
          PURGE_BATCH,
          tx,
        );
        // The value's copies go with it: the display name and full-text search text are derived
        // from the definition's (visible) properties, which no longer include the purged one.
        const definition = toDefinitionInput(fresh);
        await this.recordData.removeValues(
          context,
          propertyName,
          records.map(({ id, properties }) => {
            const kept = Object.fromEntries(
              Object.entries(properties).filter(([name]) => name !== propertyName),
            );
            return {
              id,
              displayName: displayName(definition, kept),
              searchText: searchText(definition, kept),
            };
          }),
          tx,
        );
        return records.length;
      },
    );
    if (!isComplete) {
      return { purged_records: purged };
    }
    await this.writer.inTransaction(context, async (tx) => {
      const fresh = await this.writer.lockDefinition(context, name, tx, true);
      if (!isPurging(fresh)) {
        return;
      }
      const deletedProperties = deletedPropertiesOf(fresh).filter((p) => p.name !== propertyName);
      await this.changes.apply(
        context,
        fresh,
        {
          definition: toDefinitionInput(fresh),
          deletedProperties,
          summary: `Purged property ${propertyName}`,
        },
        tx,
      );
    });
    return { purged_records: purged };
  }

  /**
   * Runs `batch` (which removes up to PURGE_BATCH) until it removes fewer, each run in its own
   * transaction that first holds the definition FOR SHARE and asks `isPurging` of it: a change
   * (FOR UPDATE: a restore, a re-added property, another purge's end) cannot commit between the
   * check and the batch. Stops early, not complete, once the definition no longer is purging.
   */
  private async purgeInBatches(
    context: RequestContext,
    definitionId: string,
    isPurging: (row: ObjectDefinitionRow) => boolean,
    batch: (tx: Tx, row: ObjectDefinitionRow) => Promise<number>,
  ): Promise<{ purged: number; isComplete: boolean }> {
    let purged = 0;
    for (;;) {
      const removed = await this.runInTransaction(async (tx) => {
        const row = await this.repository.findByIdForShare(
          context.organizationId,
          definitionId,
          tx,
        );
        return row && isPurging(row) ? batch(tx, row) : undefined;
      });
      if (removed === undefined) {
        return { purged, isComplete: false };
      }
      purged += removed;
      if (removed < PURGE_BATCH) {
        return { purged, isComplete: true };
      }
    }
  }
}
