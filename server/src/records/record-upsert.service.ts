import { Inject, Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import type { LinkSide } from 'src/association-definitions/link-side';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { newRecordId } from 'src/common/uuid';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { BatchFailures } from './record-batch-failures';
import { RecordKeysRepository } from './record-keys.repository';
import { RecordStatisticsRepository } from './record-statistics.repository';
import { keyValueOf, resolveUpsertKey, updateBodyOf, type UpsertKey } from './record-upsert.keys';
import { newCreateWrite, newUpdateWrite } from './record-write.factory';
import { RecordWritePipeline } from './record-write.pipeline';
import { MAX_BATCH_SIZE } from './records-batch.service';
import type { RecordResponse } from './records.dto';
import type { RecordRow, RecordScope } from './records.repository';
import { RecordsService } from './records.service';

export type UpsertOutcome = 'created' | 'updated';

/** One record of an upsert: what happened to it, and the record as it now is. */
export interface UpsertResult {
  outcome: UpsertOutcome;
  record: RecordResponse;
  version: number;
}

export interface UpsertOptions {
  /** The unique property or composite key to find records by; default: the first the body has. */
  key?: string;
  /** Plinth itself writes (imports): read-only properties may be set. */
  isTrusted?: boolean;
}

interface Written {
  outcome: UpsertOutcome;
  row: RecordRow;
  references: Array<{ side: LinkSide; otherId: string | null }>;
}

/**
 * Find-or-create by a key (README "People and companies"): each record is created when no record
 * holds its key value, else the found record is updated with the body (multi-select values such as
 * roles are added, never removed; the key's own properties keep their stored form). Every write is
 * a create or an update through the write path. Race-safe: key values are locked (advisory,
 * transaction-scoped) before they are looked up, so two concurrent upserts of one email make one
 * record; a plain create that claims the value meanwhile makes the upsert start over once.
 * The service other modules (CSV import, the HubSpot surface) call.
 */
@Injectable()
export class RecordUpsertService {
  constructor(
    private readonly records: RecordsService,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    private readonly pipeline: RecordWritePipeline,
    private readonly keys: RecordKeysRepository,
    private readonly statistics: RecordStatisticsRepository,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  async upsertRecord(
    context: RequestContext,
    objectName: string,
    body: unknown,
    options: UpsertOptions = {},
  ): Promise<UpsertResult> {
    const [result] = await this.upsert(context, objectName, [body], options, false);
    return result as UpsertResult;
  }

  /** Up to 1,000 records in one transaction, all or nothing; errors by index (`errors["3.email"]`). */
  async upsertRecords(
    context: RequestContext,
    objectName: string,
    bodies: unknown[],
    options: UpsertOptions = {},
  ): Promise<UpsertResult[]> {
    this.checkBatchSize(bodies);
    return this.upsert(context, objectName, bodies, options, true);
  }

  /**
   * `upsertRecords` answering only what happened to each record (an import counts them): the
   * same writes, without reading the records' links back or building their responses.
   */
  async upsertOutcomes(
    context: RequestContext,
    objectName: string,
    bodies: unknown[],
    options: UpsertOptions = {},
  ): Promise<UpsertOutcome[]> {
    this.checkBatchSize(bodies);
    const { result } = await this.written(context, objectName, bodies, options, true);
    return result.map((written) => written.outcome);
  }

  private checkBatchSize(bodies: unknown[]): void {
    if (bodies.length === 0 || bodies.length > MAX_BATCH_SIZE) {
      throw new AppError(
        ErrorCode.BadRequest,
        `A batch upsert holds 1 to ${MAX_BATCH_SIZE} records; this one has ${bodies.length}`,
        { records: `1 to ${MAX_BATCH_SIZE} records` },
      );
    }
  }

  private async upsert(
    context: RequestContext,
    objectName: string,
    bodies: unknown[],
    options: UpsertOptions,
    isBatch: boolean,
  ): Promise<UpsertResult[]> {
    const { definition, sides, result } = await this.written(
      context,
      objectName,
      bodies,
      options,
      isBatch,
    );
    return this.respond(context, definition, sides, result);
  }

  private async written(
    context: RequestContext,
    objectName: string,
    bodies: unknown[],
    options: UpsertOptions,
    isBatch: boolean,
  ): Promise<{ definition: CompiledDefinition; sides: LinkSide[]; result: Written[] }> {
    const sides = await this.associations.sidesOfObject(context, objectName);
    for (let attempt = 1; ; attempt++) {
      try {
        const { definition, result } = await this.records.underCurrentDefinition(
          context,
          objectName,
          (definition, scope) =>
            this.runInTransaction(async (tx) =>
              (await this.definitions.holdForRecordWrite(context, definition, tx))
                ? this.write(context, definition, scope, sides, bodies, options, isBatch, tx)
                : undefined,
            ),
        );
        if (isBatch) {
          // A new database's first batches: the planner needs the tables' first statistics.
          await this.statistics.analyzeFirstTime();
        }
        return { definition, sides, result };
      } catch (error) {
        // A plain create claimed a key value between our lookup and our create: look again.
        if (
          attempt >= 2 ||
          !(error instanceof AppError) ||
          error.code !== ErrorCode.UniqueViolation
        ) {
          throw error;
        }
      }
    }
  }

  private async write(
    context: RequestContext,
    definition: CompiledDefinition,
    scope: RecordScope,
    sides: LinkSide[],
    bodies: unknown[],
    options: UpsertOptions,
    isBatch: boolean,
    tx: Tx,
  ): Promise<Written[]> {
    const key = resolveUpsertKey(definition, bodies, options.key);
    const values = this.keyValues(definition, key, bodies, isBatch);
    await this.keys.lockKeyValues(scope, key.claim, values, tx);
    const holders = await this.keys.findHolders(scope, key.claim, values, tx);
    const failures = new BatchFailures();
    const written: Written[] = new Array<Written>(bodies.length);
    const creates = bodies.flatMap((body, index) =>
      holders.has(values[index] ?? '') ? [] : [{ index, body, id: newRecordId() }],
    );
    if (creates.length > 0) {
      try {
        const write = await this.pipeline.run(
          newCreateWrite(context, definition, scope, sides, creates, { ...options, isBatch }),
          tx,
        );
        for (const [position, draft] of write.drafts.entries()) {
          await this.records.setReferences(context, draft.id, draft.references, tx);
          written[creates[position]?.index ?? 0] = {
            outcome: 'created',
            row: write.rows[position] as RecordRow,
            references: draft.references,
          };
        }
      } catch (error) {
        if (!isBatch) {
          throw error;
        }
        failures.addMany(
          creates.map((create) => create.index),
          error,
        );
      }
    }
    const updates = bodies.flatMap((body, index) => {
      const id = holders.get(values[index] ?? '');
      return id === undefined ? [] : [{ index, id, body }];
    });
    const persisted = await this.pipeline.runUpdates(
      updates.map(({ id, body }) =>
        newUpdateWrite(
          context,
          definition,
          scope,
          sides,
          { id, body: updateBodyOf(key, body) },
          { isTrusted: options.isTrusted, accumulate: true },
        ),
      ),
      tx,
      (position, error) => {
        if (!isBatch) {
          throw error;
        }
        failures.add(updates[position]?.index ?? 0, error);
      },
    );
    const indexOf = new Map(updates.map((update) => [update.id, update.index]));
    for (const write of persisted) {
      await this.records.setReferences(context, write.id, write.references, tx);
      written[indexOf.get(write.id) ?? 0] = {
        outcome: 'updated',
        row: write.row as RecordRow,
        references: write.references,
      };
    }
    failures.throwIfAny(definition.name, bodies.length, 'written');
    return written;
  }

  /** Each body's key value; a body without one, or repeating another's, is refused by index. */
  private keyValues(
    definition: CompiledDefinition,
    key: UpsertKey,
    bodies: unknown[],
    isBatch: boolean,
  ): string[] {
    const failures = new BatchFailures();
    const firstIndex = new Map<string, number>();
    const values = bodies.map((body, index) => {
      const value = keyValueOf(definition, key, body);
      const errors = Object.fromEntries(
        key.properties.map((name) => [
          name,
          `is required to find or create the ${definition.name}`,
        ]),
      );
      if (value === undefined) {
        failures.add(
          index,
          new AppError(
            ErrorCode.ValidationFailed,
            `The ${definition.name} has no ${key.properties.join(' and ')} to find it by`,
            errors,
          ),
        );
      } else if (firstIndex.has(value)) {
        failures.add(
          index,
          new AppError(
            ErrorCode.ValidationFailed,
            `repeats the ${key.name} of record #${firstIndex.get(value)} of this batch`,
            Object.fromEntries(
              key.properties.map((name) => [
                name,
                `repeats the ${key.name} of record #${firstIndex.get(value)} of this batch`,
              ]),
            ),
          ),
        );
      } else {
        firstIndex.set(value, index);
      }
      return value ?? '';
    });
    if (!isBatch && failures.count > 0) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `An upsert of ${definition.name} needs its ${key.properties.join(' and ')}`,
        Object.fromEntries(key.properties.map((name) => [name, 'is required to find the record'])),
      );
    }
    failures.throwIfAny(definition.name, bodies.length, 'written');
    return values;
  }

  private async respond(
    context: RequestContext,
    definition: CompiledDefinition,
    sides: LinkSide[],
    written: Written[],
  ): Promise<UpsertResult[]> {
    const created = written.filter((w) => w.outcome === 'created');
    const updated = written.filter((w) => w.outcome === 'updated');
    const [createdRecords, updatedRecords] = await Promise.all([
      this.records.respondCreated(context, definition, created, sides),
      this.records.respond(
        context,
        definition,
        updated.map((w) => w.row),
        [],
        sides,
      ),
    ]);
    const byId = new Map<string, RecordResponse>(
      [...createdRecords, ...updatedRecords].map((record) => [record.id, record]),
    );
    return written.map((w) => ({
      outcome: w.outcome,
      record: byId.get(w.row.id) as RecordResponse,
      version: w.row.version,
    }));
  }
}
