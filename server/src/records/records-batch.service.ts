import { Inject, Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { newRecordId } from 'src/common/uuid';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordStatisticsRepository } from './record-statistics.repository';
import { newCreateWrite } from './record-write.factory';
import { RecordWritePipeline } from './record-write.pipeline';
import type { RecordResponse } from './records.dto';
import { RecordsService } from './records.service';

export const MAX_BATCH_SIZE = 1000;

/**
 * The bulk path: up to 1,000 records in one transaction, all or nothing. Every record is
 * validated first; errors name the record by its index (`errors["3.email"]`).
 */
@Injectable()
export class RecordsBatchService {
  constructor(
    private readonly records: RecordsService,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    private readonly pipeline: RecordWritePipeline,
    private readonly statistics: RecordStatisticsRepository,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  async createRecords(
    context: RequestContext,
    objectName: string,
    body: unknown,
  ): Promise<RecordResponse[]> {
    const { definition, sides, write } = await this.create(
      context,
      objectName,
      this.readBodies(body),
    );
    return this.records.respondCreated(
      context,
      definition,
      write.rows.map((row, index) => ({
        row,
        references: write.drafts[index]?.references ?? [],
      })),
      sides,
    );
  }

  /**
   * `createRecords` answering only how many were created (an import counts them): the same
   * writes, without reading the records' links back or building their responses.
   */
  async insertRecords(
    context: RequestContext,
    objectName: string,
    bodies: unknown[],
  ): Promise<number> {
    const { write } = await this.create(context, objectName, this.readBodies(bodies));
    return write.rows.length;
  }

  private async create(context: RequestContext, objectName: string, bodies: unknown[]) {
    const sides = await this.associations.sidesOfObject(context, objectName);
    const { definition, result: write } = await this.records.underCurrentDefinition(
      context,
      objectName,
      async (definition, scope) => {
        const drafts = bodies.map((body) => ({ id: newRecordId(), body }));
        const prepared = await this.pipeline.prepare(
          newCreateWrite(context, definition, scope, sides, drafts, { isBatch: true }),
        );
        if (!prepared) {
          return undefined;
        }
        return this.runInTransaction(async (tx) => {
          if (!(await this.definitions.holdForRecordWrite(context, definition, tx))) {
            return undefined;
          }
          await this.pipeline.commit(prepared, tx);
          for (const draft of prepared.write.drafts) {
            await this.records.setReferences(context, draft.id, draft.references, tx);
          }
          return prepared.write;
        });
      },
    );
    // A new database's first batches: the planner needs the tables' first statistics.
    await this.statistics.analyzeFirstTime();
    return { definition, sides, write };
  }

  /**
   * A dry run of `createRecords`: the same stages up to the definition's rules (authorize,
   * normalize, validate), nothing written. Refused records come back as the batch's one error,
   * by index; unique values already taken are found only when written.
   */
  async checkRecords(
    context: RequestContext,
    objectName: string,
    bodies: unknown[],
  ): Promise<void> {
    const sides = await this.associations.sidesOfObject(context, objectName);
    await this.records.underCurrentDefinition(context, objectName, async (definition, scope) => {
      const drafts = bodies.map((body) => ({ id: newRecordId(), body }));
      const prepared = await this.pipeline.prepare(
        newCreateWrite(context, definition, scope, sides, drafts, { isBatch: true }),
      );
      return prepared ? true : undefined;
    });
  }

  private readBodies(body: unknown): unknown[] {
    const bodies = Array.isArray(body) ? body : (body as { records?: unknown } | null)?.records;
    if (!Array.isArray(bodies) || bodies.length === 0) {
      throw new AppError(
        ErrorCode.BadRequest,
        'The body must be a JSON array of records (or {"records": [...]})',
      );
    }
    if (bodies.length > MAX_BATCH_SIZE) {
      throw new AppError(
        ErrorCode.BadRequest,
        `A batch holds at most ${MAX_BATCH_SIZE} records; this one has ${bodies.length}. Split it.`,
        { records: `at most ${MAX_BATCH_SIZE}` },
      );
    }
    return bodies;
  }
}
