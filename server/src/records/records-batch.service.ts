import { Inject, Injectable } from '@nestjs/common';
import { RecordLinksRegistry } from 'src/association-definitions/link-side';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { newRecordId } from 'src/common/uuid';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { newRecordValues, uniqueClaims } from './record-body.rules';
import { type SplitBody, splitReferences } from './record-references';
import type { RecordResponse } from './records.dto';
import { RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

export const MAX_BATCH_SIZE = 1000;

interface PreparedRecord {
  id: string;
  properties: Record<string, unknown>;
  displayName: string | null;
  searchText: string;
  references: SplitBody['references'];
}

/**
 * The bulk path: up to 1,000 records in one transaction, all or nothing. Every record is
 * validated first; errors name the record by its index (`errors["3.email"]`).
 */
@Injectable()
export class RecordsBatchService {
  constructor(
    private readonly repository: RecordsRepository,
    private readonly records: RecordsService,
    private readonly definitions: ObjectDefinitionsService,
    private readonly links: RecordLinksRegistry,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  async createRecords(
    context: RequestContext,
    objectName: string,
    body: unknown,
  ): Promise<RecordResponse[]> {
    const bodies = this.readBodies(body);
    const sides = await this.links.current.sidesOf(context, objectName);
    const { definition, result } = await this.records.underCurrentDefinition(
      context,
      objectName,
      async (definition, scope) => {
        const prepared = await this.definitions.underCachedDefinition(context, definition, () =>
          this.prepare(definition, bodies, sides),
        );
        if (!prepared) {
          return undefined;
        }
        const rows = await this.runInTransaction(async (tx) => {
          if (!(await this.definitions.holdForRecordWrite(context, definition, tx))) {
            return undefined;
          }
          const inserted = await this.repository.insertMany(scope, prepared, tx);
          const claims = prepared.flatMap((record) =>
            uniqueClaims(definition, record.properties).map((claim) => ({
              ...claim,
              recordId: record.id,
            })),
          );
          this.assertUnique(
            definition,
            prepared,
            await this.repository.claimManyUniqueValues(scope, claims, tx),
          );
          for (const record of prepared) {
            for (const { side, otherId } of record.references) {
              await this.links.current.setReference(context, side, record.id, otherId, tx);
            }
          }
          return inserted;
        });
        return rows && { rows, prepared };
      },
    );
    return this.records.respondCreated(
      context,
      definition,
      result.rows.map((row, index) => ({
        row,
        references: result.prepared[index]?.references ?? [],
      })),
      sides,
    );
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

  /** Validates every record; one 400 lists the failures of all of them, by index. */
  private prepare(
    definition: CompiledDefinition,
    bodies: unknown[],
    sides: Parameters<typeof splitReferences>[1],
  ): PreparedRecord[] {
    const errors: FieldErrors = {};
    const failures: Array<{ index: number; message: string }> = [];
    const prepared = bodies.map((body, index): PreparedRecord => {
      try {
        const split = splitReferences(body, sides);
        return {
          id: newRecordId(),
          ...newRecordValues(definition, split.body, {}),
          references: split.references,
        };
      } catch (error) {
        if (!(error instanceof AppError)) {
          throw error;
        }
        failures.push({ index, message: error.message });
        for (const [field, message] of Object.entries(
          error.errors ?? { '(record)': error.message },
        )) {
          errors[`${index}.${field}`] = message;
        }
        return { id: '', properties: {}, displayName: null, searchText: '', references: [] };
      }
    });
    if (failures.length > 0) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `${failures.length} of ${bodies.length} ${definition.name} records are invalid; nothing was created. First: #${failures[0]?.index}: ${failures[0]?.message}`,
        errors,
        { failed_indexes: failures.map((failure) => failure.index) },
      );
    }
    return prepared;
  }

  private assertUnique(
    definition: CompiledDefinition,
    prepared: PreparedRecord[],
    lost: Array<{ recordId: string; property: string }>,
  ): void {
    if (lost.length === 0) {
      return;
    }
    const indexOf = new Map(prepared.map((record, index) => [record.id, index]));
    const errors: FieldErrors = {};
    for (const claim of lost) {
      errors[`${indexOf.get(claim.recordId)}.${claim.property}`] =
        `must be unique: another ${definition.name} already has this value`;
    }
    throw new AppError(
      ErrorCode.UniqueViolation,
      `${lost.length} ${definition.name} record${lost.length === 1 ? '' : 's'} of the batch repeat a unique value; nothing was created`,
      errors,
    );
  }
}
