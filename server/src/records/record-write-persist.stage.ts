import { Injectable } from '@nestjs/common';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { Tx } from 'src/database/transaction';
import { EventsService } from 'src/events/events.service';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { actorText } from './record-actors';
import { createdEvent, eventsOfWrite } from './record-events';
import { keyClaimName } from './record-match-keys';
import type {
  CreateWrite,
  DeleteWrite,
  LinkWrite,
  RecordWrite,
  UpdateWrite,
  WriteStage,
} from './record-write';
import { holderKey, RecordWritesRepository } from './record-writes.repository';
import type { UniqueClaim } from './records.repository';

/**
 * The rows: `record`, `record_unique_value`, `association`. The only holder of
 * RecordWritesRepository. A create or an update without unique values or references is one
 * autocommit statement that also checks the definition's version (held FOR SHARE while it runs)
 * and, for an update, the record's.
 */
@Injectable()
export class RecordWritePersistStage implements WriteStage {
  readonly name = 'persist';

  constructor(
    private readonly repository: RecordWritesRepository,
    private readonly definitions: ObjectDefinitionsService,
    private readonly events: EventsService,
  ) {}

  async run(write: RecordWrite, tx?: Tx): Promise<void> {
    switch (write.kind) {
      case 'create':
        return write.isBatch ? this.createMany(write, tx) : this.createOne(write, tx);
      case 'update':
        return this.update(write, tx);
      case 'delete':
        return this.remove(write, required(tx));
      case 'restore':
        write.row = await this.repository.restore(write.scope, write.id, required(tx));
        return;
      case 'link':
        return this.link(write, tx);
      case 'merge':
        await this.repository.tombstone(
          write.scope,
          write.id,
          write.survivorId,
          actorText(write.context.actor),
          required(tx),
        );
        return;
    }
  }

  private async createOne(write: CreateWrite, tx?: Tx): Promise<void> {
    const [draft] = write.drafts;
    if (!draft?.values) {
      throw new Error('A create reached persist without values');
    }
    // The `created` event is part of the insert's statement: the one-statement create stays one.
    const row = await this.repository.insertUnderDefinition(
      write.scope,
      write.definition.version,
      { id: draft.id, ...draft.values },
      createdEvent(write, draft, 1),
      tx,
    );
    if (!row) {
      this.definitions.definitionChanged(write.context);
      write.isStale = true;
      return;
    }
    write.rows = [row];
    write.isEventWritten = true;
    if (draft.claims.length > 0) {
      const lost = await this.repository.claimUniqueValues(
        write.scope,
        draft.id,
        draft.claims,
        required(tx),
      );
      throwLostClaim(write.definition, lost);
    }
  }

  /** The batch's definition is held by the caller's transaction. */
  private async createMany(write: CreateWrite, tx?: Tx): Promise<void> {
    const drafts = write.drafts.map((draft) => ({ id: draft.id, ...values(draft.values) }));
    write.rows = await this.repository.insertMany(write.scope, drafts, required(tx));
    const claims = write.drafts.flatMap((draft) =>
      draft.claims.map((claim) => ({ ...claim, recordId: draft.id })),
    );
    const lost = await this.repository.claimManyUniqueValues(write.scope, claims, required(tx));
    if (lost.length === 0) {
      return;
    }
    const indexOf = new Map(write.drafts.map((draft, index) => [draft.id, index]));
    const holders = await this.repository.holdersOf(write.scope, lost, required(tx));
    const errors: FieldErrors = {};
    for (const claim of lost) {
      for (const field of claimFields(write.definition, claim.property)) {
        errors[`${indexOf.get(claim.recordId)}.${field}`] = takenMessage(
          write.definition.name,
          holders.get(holderKey(claim))?.isArchived === true,
        );
      }
    }
    throw new AppError(
      ErrorCode.UniqueViolation,
      `${lost.length} ${write.definition.name} record${lost.length === 1 ? '' : 's'} of the batch repeat a unique value; nothing was created`,
      errors,
    );
  }

  /** Into the recycle bin, or (a purge) gone with its links, unique values and events' values. */
  private async remove(write: DeleteWrite, tx: Tx): Promise<void> {
    const { scope, id } = write;
    if (!write.isPermanent) {
      write.row = await this.repository.archive(scope, id, actorText(write.context.actor), tx);
      return;
    }
    await this.repository.purge(scope, id, tx);
    await this.events.eraseRecordValues(scope.organizationId, [id], tx);
  }

  private async update(write: UpdateWrite, tx?: Tx): Promise<void> {
    const { scope, id } = write;
    if (!tx) {
      // One statement, its events included, under the versions the stages read: no row means
      // the record or its definition moved on, and the caller redoes the write in a transaction.
      const current = write.current;
      if (!current) {
        throw new Error('An update reached persist without its stored row');
      }
      write.row = await this.repository.updateAtVersion(
        scope,
        id,
        { record: current.version, definition: write.definition.version },
        values(write.values),
        eventsOfWrite(write),
      );
      write.isEventWritten = write.row !== undefined;
      return;
    }
    await this.repository.releaseUniqueValues(scope, id, write.released, required(tx));
    throwLostClaim(
      write.definition,
      await this.repository.claimUniqueValues(scope, id, write.claims, required(tx)),
    );
    write.row = await this.repository.update(scope, id, values(write.values), required(tx));
  }

  /**
   * A batch's updates, prepared in `tx` and each of a different record: those that change no
   * unique value in one statement, the others one by one (a lost claim is that write's refusal,
   * handed to `onFailure` with its position). Resolves to the persisted writes, in order.
   */
  async updateMany(
    writes: UpdateWrite[],
    tx: Tx,
    onFailure: (position: number, error: unknown) => void,
  ): Promise<UpdateWrite[]> {
    const persisted = new Set<UpdateWrite>();
    const plain: UpdateWrite[] = [];
    for (const [position, write] of writes.entries()) {
      if (write.claims.length === 0 && write.released.length === 0) {
        plain.push(write);
        continue;
      }
      try {
        await this.update(write, tx);
        persisted.add(write);
      } catch (error) {
        onFailure(position, error);
      }
    }
    const [first] = plain;
    if (first) {
      const rows = await this.repository.updateMany(
        first.scope,
        plain.map((write) => ({ id: write.id, ...values(write.values) })),
        tx,
      );
      for (const [position, write] of plain.entries()) {
        write.row = rows[position];
        persisted.add(write);
      }
    }
    return writes.filter((write) => persisted.has(write));
  }

  private async link(write: LinkWrite, tx?: Tx): Promise<void> {
    const { organizationId, associationType, fromId, toId } = write;
    switch (write.action) {
      case 'link':
        write.outcome = await this.repository.link(
          organizationId,
          associationType,
          fromId ?? '',
          toId ?? '',
          write.singles ?? { from: false, to: false },
          required(tx),
        );
        return;
      case 'unlink':
        write.removed = await this.repository.unlink(
          organizationId,
          associationType,
          fromId ?? '',
          toId ?? '',
          tx,
        );
        return;
      case 'unlinkAll':
        write.removedPairs = await this.repository.unlinkAll(
          organizationId,
          associationType,
          write.column ?? 'from',
          write.recordId ?? '',
          required(tx),
        );
        return;
    }
  }
}

/** Statements that must share the change's transaction get it; a missing one is a bug. */
function required(tx: Tx | undefined): Tx {
  if (!tx) {
    throw new Error('This write must run in a transaction');
  }
  return tx;
}

function values<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('A write reached persist before the rules stage');
  }
  return value;
}

/**
 * 409 for a taken unique value. A record of the recycle bin keeps its values reserved (it can be
 * restored): the message says so, and where (`existing_id`, `existing_archived`).
 */
function throwLostClaim(
  definition: CompiledDefinition,
  lost: Array<UniqueClaim & { holderId: string | undefined; isHolderArchived: boolean }>,
): void {
  if (lost.length === 0) {
    return;
  }
  const { name } = definition;
  const errors: FieldErrors = {};
  for (const claim of lost) {
    for (const field of claimFields(definition, claim.property)) {
      errors[field] = takenMessage(name, claim.isHolderArchived);
    }
  }
  const [first] = lost;
  const names = Object.keys(errors).join(' and ');
  throw new AppError(
    ErrorCode.UniqueViolation,
    first?.isHolderArchived
      ? `A deleted ${name} in the recycle bin has this ${names}; restore it (POST /api/objects/${name}/<details.existing_id>/restore) or purge it to free the value`
      : `Another ${name} already has this ${names}`,
    errors,
    first?.holderId
      ? {
          existing_id: first.holderId,
          ...(first.isHolderArchived ? { existing_archived: true } : {}),
        }
      : undefined,
  );
}

/** A field's message for a unique value another record holds. */
function takenMessage(objectName: string, isHolderArchived: boolean): string {
  return isHolderArchived
    ? `must be unique: a deleted ${objectName} in the recycle bin has this value (restore it, or purge it to free the value)`
    : `must be unique: another ${objectName} already has this value`;
}

/** The body fields a lost claim names: a unique property, or each property of a composite key. */
function claimFields(definition: CompiledDefinition, claim: string): string[] {
  const key = (definition.keys ?? []).find((k) => keyClaimName(k.name) === claim);
  return key ? key.properties : [claim];
}
