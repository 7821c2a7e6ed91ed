import { Inject, Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordMergeLinks } from './record-merge-links';
import type { MergeWrite } from './record-write';
import { newUpdateWrite } from './record-write.factory';
import { RecordWritePipeline } from './record-write.pipeline';
import type { RecordResponse } from './records.dto';
import { type RecordRow, type RecordScope, RecordsRepository } from './records.repository';
import { RecordsService } from './records.service';

export type MergeChoice = 'survivor' | 'other';

export interface MergeRequest {
  otherId: string;
  /** Per property, whose value the survivor keeps (default: its own, else the other's). */
  choose?: Record<string, MergeChoice>;
}

/**
 * Merging two records of one object (README "People and companies"), in one transaction: the
 * other's links move to the survivor (RecordMergeLinks), the other becomes a tombstone (a `merge`
 * write: archived, unique values released, `merged_into` the survivor), then the survivor is
 * updated with the values it takes (an `update` write, which claims the released unique values).
 * Refused: into itself, across objects (409 MERGE_REFUSED), another organization's id (404).
 */
@Injectable()
export class RecordMergeService {
  constructor(
    private readonly records: RecordsService,
    private readonly repository: RecordsRepository,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    private readonly links: RecordMergeLinks,
    private readonly pipeline: RecordWritePipeline,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  async mergeRecords(
    context: RequestContext,
    objectName: string,
    survivorId: string,
    body: unknown,
  ): Promise<RecordResponse> {
    const sides = await this.associations.sidesOfObject(context, objectName);
    const { definition, result: row } = await this.records.underCurrentDefinition(
      context,
      objectName,
      (definition, scope) => {
        const request = readMergeRequest(definition, body);
        if (request.otherId === survivorId) {
          throw new AppError(
            ErrorCode.MergeRefused,
            `A ${objectName} cannot be merged into itself`,
          );
        }
        return this.runInTransaction(async (tx) =>
          (await this.definitions.holdForRecordWrite(context, definition, tx))
            ? this.merge(context, definition, scope, survivorId, request, tx)
            : undefined,
        );
      },
    );
    const [response] = await this.records.respond(context, definition, [row], [], sides);
    return response as RecordResponse;
  }

  private async merge(
    context: RequestContext,
    definition: CompiledDefinition,
    scope: RecordScope,
    survivorId: string,
    request: MergeRequest,
    tx: Tx,
  ): Promise<RecordRow> {
    const survivor = UUID.test(survivorId)
      ? await this.repository.findById(scope, survivorId, tx)
      : undefined;
    if (!survivor) {
      throw new AppError(ErrorCode.RecordNotFound, `No ${definition.name} with id ${survivorId}`);
    }
    const other = await this.other(context, definition, scope, request.otherId, tx);
    await this.links.moveLinks(context, other.id, survivor.id, tx);
    const base = { context, definition, scope, sides: [], isTrusted: true };
    await this.pipeline.run<MergeWrite>(
      { ...base, kind: 'merge', id: other.id, survivorId: survivor.id },
      tx,
    );
    const write = await this.pipeline.run(
      newUpdateWrite(
        context,
        definition,
        scope,
        [],
        {
          id: survivor.id,
          body: mergedValues(definition, survivor.properties, other.properties, request.choose),
        },
        { isTrusted: true },
      ),
      tx,
    );
    return write.row as RecordRow;
  }

  /** The other record: of this object and organization, live; else a refusal that says why. */
  private async other(
    context: RequestContext,
    definition: CompiledDefinition,
    scope: RecordScope,
    otherId: string,
    tx: Tx,
  ): Promise<RecordRow> {
    const found = await this.repository.findRecordObject(context.organizationId, otherId, tx);
    if (!found) {
      // Another organization's id is a 404 like an unknown one: its existence is not confirmed.
      throw new AppError(ErrorCode.RecordNotFound, `No ${definition.name} with id ${otherId}`);
    }
    if (found.definitionId !== definition.id) {
      throw new AppError(
        ErrorCode.MergeRefused,
        `${otherId} is not a ${definition.name}: only records of one object merge`,
      );
    }
    if (found.mergedInto) {
      throw new AppError(
        ErrorCode.MergeRefused,
        `${otherId} was already merged into ${found.mergedInto}`,
        undefined,
        { merged_into: found.mergedInto },
      );
    }
    const row = await this.repository.findById(scope, otherId, tx);
    if (!row) {
      throw new AppError(ErrorCode.RecordNotFound, `No ${definition.name} with id ${otherId}`);
    }
    return row;
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * What the survivor's update writes: per property, the other's value when the caller chose it
 * (`null` when the other has none), else the other's where the survivor has none; multi-selects
 * (roles) unioned unless a side was chosen.
 */
export function mergedValues(
  definition: CompiledDefinition,
  survivor: Record<string, unknown>,
  other: Record<string, unknown>,
  choose: Record<string, MergeChoice> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const property of definition.properties) {
    const { name } = property;
    const mine = Object.hasOwn(survivor, name) ? survivor[name] : undefined;
    const theirs = Object.hasOwn(other, name) ? other[name] : undefined;
    const choice = Object.hasOwn(choose, name) ? choose[name] : undefined;
    if (choice === 'other') {
      body[name] = isEmpty(theirs) ? null : theirs;
    } else if (choice === 'survivor') {
      continue;
    } else if (property.type === 'multi_enumeration' && Array.isArray(theirs)) {
      body[name] = [
        ...new Set<unknown>([
          ...(Array.isArray(mine) ? (mine as unknown[]) : []),
          ...(theirs as unknown[]),
        ]),
      ];
    } else if (isEmpty(mine) && !isEmpty(theirs)) {
      body[name] = theirs;
    }
  }
  return body;
}

/** `{ "other_id": "…", "choose": { "email": "other" } }`; 400 naming what is wrong. */
function readMergeRequest(definition: CompiledDefinition, body: unknown): MergeRequest {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const otherId = fields.other_id;
  if (typeof otherId !== 'string' || !UUID.test(otherId)) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      'other_id must be the id of the record to merge',
      {
        other_id: 'must be a record id',
      },
    );
  }
  const choose = fields.choose ?? {};
  if (typeof choose !== 'object' || choose === null || Array.isArray(choose)) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      'choose must map properties to survivor or other',
      {
        choose: 'must be an object',
      },
    );
  }
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(choose)) {
    if (!definition.propertyByName.has(name)) {
      errors[`choose.${name}`] = `is not a property of ${definition.name}`;
    } else if (value !== 'survivor' && value !== 'other') {
      errors[`choose.${name}`] = 'must be "survivor" or "other"';
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError(ErrorCode.ValidationFailed, `The merge's choices are invalid`, errors);
  }
  return { otherId, choose: choose as Record<string, MergeChoice> };
}
