import { Inject, Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { readableDefinition } from './record-access';
import { BatchFailures } from './record-batch-failures';
import type { DeleteWrite } from './record-write';
import { newUpdateWrite } from './record-write.factory';
import { RecordWritePipeline } from './record-write.pipeline';
import { MAX_BATCH_SIZE } from './records-batch.service';
import { type RecordResponse, toRecordResponse } from './records.dto';
import type { RecordRow } from './records.repository';
import { RecordsService } from './records.service';

/**
 * Batch update and delete beside the batch create (README "People and companies"): up to 1,000
 * records in one transaction, each an update or a delete write of the write path, all or nothing.
 * Every record is tried, so the one error names every failing record by its index
 * (`errors["3.email"]`, `details.failed_indexes`); nothing is written when any fails.
 */
@Injectable()
export class RecordsBatchChangesService {
  constructor(
    private readonly records: RecordsService,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    private readonly pipeline: RecordWritePipeline,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  /** `[{ "id": …, …properties }]`, each merged into its record like PATCH. */
  async updateRecords(
    context: RequestContext,
    objectName: string,
    body: unknown,
  ): Promise<RecordResponse[]> {
    const bodies = readList(body, 'records');
    const sides = await this.associations.sidesOfObject(context, objectName);
    const { definition, result: rows } = await this.records.underCurrentDefinition(
      context,
      objectName,
      (definition, scope) =>
        this.runInTransaction(async (tx) => {
          if (!(await this.definitions.holdForRecordWrite(context, definition, tx))) {
            return undefined;
          }
          const failures = new BatchFailures();
          const updates = bodies.flatMap((item, index) => {
            const { id, ...changes } = (item ?? {}) as Record<string, unknown>;
            if (typeof id !== 'string') {
              failures.add(
                index,
                new AppError(ErrorCode.ValidationFailed, 'Each record names its id', {
                  id: 'is required',
                }),
              );
              return [];
            }
            const write = newUpdateWrite(
              context,
              definition,
              scope,
              sides,
              { id, body: changes },
              {},
            );
            return [{ index, write }];
          });
          const persisted = await this.pipeline.runUpdates(
            updates.map((update) => update.write),
            tx,
            (position, error) => failures.add(updates[position]?.index ?? 0, error),
          );
          for (const write of persisted) {
            await this.records.setReferences(context, write.id, write.references, tx);
          }
          const rows = persisted.map((write) => write.row as RecordRow);
          failures.throwIfAny(definition.name, bodies.length, 'updated');
          return rows;
        }),
    );
    return this.records.respond(context, definition, rows, [], sides);
  }

  /** `{ "ids": [...] }`: each a delete write (so a recycle bin's archive applies to all). */
  async deleteRecords(
    context: RequestContext,
    objectName: string,
    body: unknown,
  ): Promise<RecordResponse[]> {
    const ids = readList(body, 'ids');
    const { definition, result: rows } = await this.records.underCurrentDefinition(
      context,
      objectName,
      (definition, scope) =>
        this.runInTransaction(async (tx) => {
          if (!(await this.definitions.holdForRecordWrite(context, definition, tx))) {
            return undefined;
          }
          const failures = new BatchFailures();
          const rows: RecordRow[] = [];
          for (const [index, id] of ids.entries()) {
            try {
              const write = await this.pipeline.run<DeleteWrite>(
                {
                  kind: 'delete',
                  context,
                  definition,
                  scope,
                  sides: [],
                  isTrusted: false,
                  id: String(id),
                  isPermanent: false,
                },
                tx,
              );
              rows.push(write.current as RecordRow);
            } catch (error) {
              failures.add(index, error);
            }
          }
          failures.throwIfAny(definition.name, ids.length, 'deleted');
          return rows;
        }),
    );
    const shown = readableDefinition(context, definition);
    return rows.map((row) => toRecordResponse(shown, row));
  }
}

/** The batch's list: a bare array or `{ "<name>": [...] }`, 1 to 1,000 items. */
function readList(body: unknown, name: 'records' | 'ids'): unknown[] {
  const list = Array.isArray(body) ? body : (body as Record<string, unknown> | null)?.[name];
  if (!Array.isArray(list) || list.length === 0) {
    throw new AppError(
      ErrorCode.BadRequest,
      `The body must be a JSON array (or {"${name}": [...]}) of 1 to ${MAX_BATCH_SIZE} items`,
    );
  }
  if (list.length > MAX_BATCH_SIZE) {
    throw new AppError(
      ErrorCode.BadRequest,
      `A batch holds at most ${MAX_BATCH_SIZE} records; this one has ${list.length}. Split it.`,
      { [name]: `at most ${MAX_BATCH_SIZE}` },
    );
  }
  return list;
}
