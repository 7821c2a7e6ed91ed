import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import type { Tx } from 'src/database/transaction';
import {
  assertAction,
  assertReachesRecord,
  forbidden,
  propertyWriteErrors,
  scopeOf,
} from './record-access';
import { isBuiltInField } from './record-body.rules';
import { RECORD_OWNERS, type RecordOwners } from './record-owners.repository';
import type {
  CreateWrite,
  DeleteWrite,
  LinkWrite,
  MergeWrite,
  RecordWrite,
  RestoreWrite,
  UpdateWrite,
  WriteStage,
} from './record-write';
import { type RecordRow, type RecordScope, RecordsRepository } from './records.repository';

/**
 * Who may make the change (docs/architecture.md, "Access"): the write stays in the request
 * context's organization (another organization's record is a 404, never a 403); the role's scope
 * for the action on the object (`none`: 403; `own`: only records the member owns, checked on the
 * stored row this stage locks FOR UPDATE); properties the role hides or makes read-only (403
 * naming them); and `owner_id`, which only a role that updates every record may reassign, to a
 * member of the organization. Plinth itself (seeds, imports) acts as owner.
 */
@Injectable()
export class RecordWriteAuthorizeStage implements WriteStage {
  readonly name = 'authorize';

  constructor(
    private readonly repository: RecordsRepository,
    @Inject(RECORD_OWNERS) private readonly owners: RecordOwners,
  ) {}

  async run(write: RecordWrite, tx?: Tx): Promise<void> {
    const organizationId =
      write.kind === 'link' ? write.organizationId : write.scope.organizationId;
    if (organizationId !== write.context.organizationId) {
      throw new AppError(ErrorCode.RecordNotFound, 'No such record');
    }
    switch (write.kind) {
      case 'create':
        return this.create(write, tx);
      case 'update':
        return this.update(write, tx);
      case 'delete':
      case 'merge':
        return this.remove(write, tx);
      case 'restore':
        return this.restore(write, tx);
      case 'link':
        return this.link(write, tx);
    }
  }

  private async create(write: CreateWrite, tx?: Tx): Promise<void> {
    const { context, definition } = write;
    assertAction(context, definition.name, 'create');
    const errors: FieldErrors = {};
    for (const [index, draft] of write.drafts.entries()) {
      const body = fieldsOf(draft.body);
      const prefix = write.isBatch ? `${index}.` : '';
      const refused = propertyWriteErrors(context, definition.name, writtenNames(body));
      for (const [name, message] of Object.entries(refused ?? {})) {
        errors[`${prefix}${name}`] = message;
      }
      draft.ownerId =
        Object.hasOwn(body, 'owner_id') && body.owner_id !== context.memberId
          ? await this.newOwner(write, body.owner_id, `${prefix}owner_id`, tx)
          : context.memberId;
    }
    throwRefused(definition.name, errors);
  }

  private async update(write: UpdateWrite, tx?: Tx): Promise<void> {
    const { context, definition } = write;
    assertAction(context, definition.name, 'update');
    const current = await this.lock(write, tx);
    assertReachesRecord(context, definition.name, 'update', current);
    write.current = current;
    const body = fieldsOf(write.body);
    throwRefused(
      definition.name,
      propertyWriteErrors(context, definition.name, writtenNames(body), (name) =>
        sameValue(body[name], current.properties[name]),
      ) ?? {},
    );
    write.ownerId =
      Object.hasOwn(body, 'owner_id') && body.owner_id !== current.owner_id
        ? await this.newOwner(write, body.owner_id, 'owner_id', tx)
        : current.owner_id;
  }

  /**
   * A delete needs the role's delete scope on the record; a purge (at once, or of a record in the
   * recycle bin) also needs the data-model flag, like every purge (README, "Recycle bin").
   */
  private async remove(write: DeleteWrite | MergeWrite, tx?: Tx): Promise<void> {
    const { context, definition } = write;
    assertAction(context, definition.name, 'delete');
    const current = await this.lock(write, tx);
    assertReachesRecord(context, definition.name, 'delete', current);
    if (write.kind === 'delete' && write.isPermanent && !context.permissions.manageDataModel) {
      throw forbidden(
        `Your role (${context.role}) may not purge ${definition.name} records: only a role that manages the data model purges (delete moves a record to the recycle bin)`,
      );
    }
    write.current = current;
  }

  /** Restoring takes what deleting did: the role's delete scope on the record (as HubSpot). */
  private async restore(write: RestoreWrite, tx?: Tx): Promise<void> {
    assertAction(write.context, write.definition.name, 'delete');
    const current = await this.lock(write, tx);
    assertReachesRecord(write.context, write.definition.name, 'delete', current);
    write.current = current;
  }

  /** Both ends of a link are changed: the role needs `update` on each record. */
  private async link(write: LinkWrite, tx?: Tx): Promise<void> {
    const { context } = write;
    for (const end of write.ends ?? []) {
      if (assertAction(context, end.object, 'update') === 'all' || !end.id || !UUID.test(end.id)) {
        continue;
      }
      const owners = await this.repository.findOwners(
        { organizationId: context.organizationId, definitionId: end.definitionId },
        [end.id],
        tx,
      );
      const ownerId = owners.get(end.id);
      // A missing record is the link's own 404, later.
      if (ownerId !== undefined) {
        assertReachesRecord(context, end.object, 'update', { id: end.id, owner_id: ownerId });
      }
    }
  }

  /**
   * The stored row, locked until the write commits: ownership is checked on the row the write
   * changes, so a concurrent reassignment cannot slip between the check and the write. Without a
   * transaction (a one-statement update) it is read unlocked: that statement changes the record
   * only at the version read here, else the write is redone locked.
   */
  private async lock(
    write: UpdateWrite | DeleteWrite | RestoreWrite | MergeWrite,
    tx?: Tx,
  ): Promise<RecordRow> {
    // A restore reaches only a record of the recycle bin; a purge either; the rest live ones.
    const archived: RecordScope['archived'] =
      write.kind === 'restore'
        ? true
        : write.kind === 'delete' && write.isPermanent
          ? 'any'
          : false;
    if (write.kind === 'update' && write.locked && tx) {
      return write.locked;
    }
    const scope = archived === false ? write.scope : { ...write.scope, archived };
    const row = UUID.test(write.id)
      ? await this.repository.findById(scope, write.id, tx, tx !== undefined)
      : undefined;
    if (!row) {
      throw new AppError(
        ErrorCode.RecordNotFound,
        `No ${write.kind === 'restore' ? 'deleted ' : ''}${write.definition.name} with id ${write.id}${write.kind === 'restore' ? ' in the recycle bin' : ''}`,
      );
    }
    return row;
  }

  /**
   * A batch's updates, in their transaction: their records read and locked in one statement,
   * each kept as its write's `locked` row (what `lock` then answers). A record not found is left
   * to its write's own read (its 404). Each write of a different record.
   */
  async lockMany(writes: UpdateWrite[], tx: Tx): Promise<void> {
    const [first] = writes;
    if (!first) {
      return;
    }
    const rows = await this.repository.lockByIds(
      first.scope,
      writes.filter((write) => UUID.test(write.id)).map((write) => write.id),
      tx,
    );
    for (const write of writes) {
      write.locked = rows.get(write.id);
    }
  }

  /**
   * In the transaction of an update whose stages ran unlocked: locks the stored row; true while it
   * is still at the version the stages read (so what they checked and computed still holds).
   */
  async lockAsRead(write: UpdateWrite, tx: Tx): Promise<boolean> {
    const row = await this.repository.findById(write.scope, write.id, tx, true);
    return row !== undefined && row.version === write.current?.version;
  }

  /** A reassigned owner: only with update scope `all`, and only to a member of the organization. */
  private async newOwner(
    write: CreateWrite | UpdateWrite,
    value: unknown,
    field: string,
    tx?: Tx,
  ): Promise<string | null> {
    const { context, definition } = write;
    if (scopeOf(context, definition.name, 'update') !== 'all') {
      throw forbidden(
        `Your role (${context.role}) may not give ${definition.name} records to another owner`,
        { [field]: 'only a role that may update every record can reassign the owner' },
      );
    }
    if (value === null) {
      return null;
    }
    if (
      typeof value !== 'string' ||
      !UUID.test(value) ||
      !(await this.owners.isMember(context.organizationId, value, tx))
    ) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `owner_id must be a member of this organization`,
        { [field]: 'must be the id of a member of this organization' },
      );
    }
    return value;
  }
}

function fieldsOf(body: unknown): Record<string, unknown> {
  // A body that is no object is normalize's 400.
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** The property names a body writes (not the record's own fields, which are ignored). */
function writtenNames(body: Record<string, unknown>): string[] {
  return Object.keys(body).filter((name) => !isBuiltInField(name));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function throwRefused(object: string, errors: FieldErrors): void {
  const names = Object.keys(errors);
  if (names.length > 0) {
    throw forbidden(`Your role may not write ${names.join(', ')} of ${object} records`, errors);
  }
}
