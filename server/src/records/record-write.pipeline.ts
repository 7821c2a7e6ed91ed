import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import type { Tx } from 'src/database/transaction';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { CreateWrite, RecordWrite, UpdateWrite, WriteStage } from './record-write';
import { RecordWriteAuthorizeStage } from './record-write-authorize.stage';
import { RecordWriteEventsStage } from './record-write-events.stage';
import { RecordWriteNormalizeStage } from './record-write-normalize.stage';
import { RecordWritePersistStage } from './record-write-persist.stage';
import { RecordWriteRulesStage } from './record-write-rules.stage';
import { RecordWriteValidateStage } from './record-write-validate.stage';

/** Only prepare() makes a PreparedWrite: no write reaches persist without the stages before it. */
const PREPARED: unique symbol = Symbol('prepared');

export interface PreparedWrite<W extends RecordWrite> {
  readonly write: W;
  readonly [PREPARED]: true;
}

/**
 * The one write path of records: every create, update, delete, batch, seed, import, link and
 * unlink passes authorize → normalize → validate → rules → persist → events, in the caller's
 * transaction (docs/architecture.md). `prepare` runs the first four, `commit` the last two: a
 * create is validated before its transaction begins (a refused record never holds a connection).
 */
@Injectable()
export class RecordWritePipeline {
  private readonly preparing: WriteStage[];

  constructor(
    private readonly authorize: RecordWriteAuthorizeStage,
    normalize: RecordWriteNormalizeStage,
    validate: RecordWriteValidateStage,
    rules: RecordWriteRulesStage,
    private readonly persist: RecordWritePersistStage,
    private readonly events: RecordWriteEventsStage,
    private readonly definitions: ObjectDefinitionsService,
  ) {
    this.preparing = [authorize, normalize, validate, rules];
  }

  /**
   * Authorize, normalize, validate and apply the definition's rules. Outside a transaction the
   * definition came from the cache: a refusal stands only if it is still current; else undefined,
   * and the caller redoes the write with the new definition.
   */
  async prepare<W extends RecordWrite>(write: W, tx?: Tx): Promise<PreparedWrite<W> | undefined> {
    try {
      for (const stage of this.preparing) {
        await stage.run(write, tx);
      }
    } catch (error) {
      if (
        !tx &&
        write.kind !== 'link' &&
        error instanceof AppError &&
        !(await this.definitions.isCurrentForRecordWrite(write.context, write.definition))
      ) {
        return undefined;
      }
      throw error;
    }
    return { write, [PREPARED]: true };
  }

  /**
   * Persist and record the events; false when a one-statement write found its definition (or,
   * for an update, its record) changed since the stages read them: the caller redoes it.
   */
  async commit(prepared: PreparedWrite<RecordWrite>, tx?: Tx): Promise<boolean> {
    const { write } = prepared;
    await this.persist.run(write, tx);
    if ((write.kind === 'create' && write.isStale) || (write.kind === 'update' && !write.row)) {
      return false;
    }
    await this.events.run(write, tx);
    return true;
  }

  /**
   * In `tx`, an update prepared without one: locks its record, true while it is still at the
   * version its stages read, so `commit(prepared, tx)` may write it; false: prepare it again.
   */
  lockAsPrepared(prepared: PreparedWrite<UpdateWrite>, tx: Tx): Promise<boolean> {
    return this.authorize.lockAsRead(prepared.write, tx);
  }

  /** Every stage at once, for a write made entirely inside `tx` (or one statement, for unlink). */
  async run<W extends RecordWrite>(write: W, tx?: Tx): Promise<W> {
    const prepared = await this.prepare(write, tx);
    if (!prepared) {
      throw new Error('Only a record write outside a transaction is redone');
    }
    await this.commit(prepared, tx);
    return write;
  }

  /**
   * Many updates in one transaction (a batch upsert's, a batch update's): their records locked in
   * one statement, each write's stages, then the writes persisted (those that change no unique
   * value in one statement) and all their events recorded in one statement: three round trips a
   * record became a few a batch. Each write's stages see the records as they were before the
   * batch; a batch that names a record twice runs write by write instead (each reading its
   * record), so the second sees the first. A write that fails is handed to `onFailure` with its index and the others go on; the
   * caller decides what the batch answers (all or nothing). Resolves to the persisted writes, in
   * order.
   */
  async runUpdates(
    writes: UpdateWrite[],
    tx: Tx,
    onFailure: (index: number, error: unknown) => void,
  ): Promise<UpdateWrite[]> {
    const persisted =
      new Set(writes.map((write) => write.id)).size === writes.length
        ? await this.updateTogether(writes, tx, onFailure)
        : await this.updateOneByOne(writes, tx, onFailure);
    await this.events.runMany(persisted, tx);
    return persisted;
  }

  private async updateTogether(
    writes: UpdateWrite[],
    tx: Tx,
    onFailure: (index: number, error: unknown) => void,
  ): Promise<UpdateWrite[]> {
    await this.authorize.lockMany(writes, tx);
    const prepared: Array<{ index: number; write: UpdateWrite }> = [];
    for (const [index, write] of writes.entries()) {
      try {
        await this.prepare(write, tx);
        prepared.push({ index, write });
      } catch (error) {
        onFailure(index, error);
      }
    }
    return this.persist.updateMany(
      prepared.map((entry) => entry.write),
      tx,
      (position, error) => onFailure(prepared[position]?.index ?? 0, error),
    );
  }

  private async updateOneByOne(
    writes: UpdateWrite[],
    tx: Tx,
    onFailure: (index: number, error: unknown) => void,
  ): Promise<UpdateWrite[]> {
    const persisted: UpdateWrite[] = [];
    for (const [index, write] of writes.entries()) {
      try {
        await this.prepare(write, tx);
        await this.persist.run(write, tx);
        persisted.push(write);
      } catch (error) {
        onFailure(index, error);
      }
    }
    return persisted;
  }

  /**
   * Whether a prepared create or update can be one autocommit statement: nothing else to write
   * (unique values, references); its events are part of that statement (persist).
   */
  isSingleStatement(prepared: PreparedWrite<CreateWrite | UpdateWrite>): boolean {
    const { write } = prepared;
    return write.kind === 'create'
      ? write.drafts.every((draft) => draft.claims.length === 0 && draft.references.length === 0)
      : write.claims.length === 0 && write.released.length === 0 && write.references.length === 0;
  }
}
