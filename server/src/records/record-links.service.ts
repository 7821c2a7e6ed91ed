import { Inject, Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import {
  type AssociationDefinition,
  isFromSideSingle,
  isToSideSingle,
} from 'src/association-definitions/association.types';
import type { LinkColumn, LinkedIds, LinkSide } from 'src/association-definitions/link-side';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { AssociationsRepository } from './associations.repository';
import type { LinkTypes } from './record-sql';
import type { LinkEnd, LinkWrite } from './record-write';
import { RecordWritePipeline } from './record-write.pipeline';

/** One link to make or remove, as a batch names it. */
export interface LinkRequest {
  object: string;
  id: string;
  association: string;
  to_id: string;
}

/** A batch item's error, naming where the item is in the request (`associate[3]: …`). */
function atIndex(list: string, index: number, error: unknown): unknown {
  if (!(error instanceof AppError)) {
    return error;
  }
  return new AppError(error.code, `${list}[${index}]: ${error.message}`, error.errors, {
    index,
    ...error.details,
  });
}

interface ResolvedSide {
  side: LinkSide;
  definition: AssociationDefinition;
}

/**
 * The `association` rows (typed links between records): associate, dissociate, batch, and the
 * reference properties (`company_id` on a deal) as a view of the same rows. Records own these
 * rows; the association API (associations/) calls here.
 */
@Injectable()
export class RecordLinksService {
  constructor(
    private readonly repository: AssociationsRepository,
    private readonly definitions: AssociationDefinitionsService,
    private readonly objects: ObjectDefinitionsService,
    private readonly pipeline: RecordWritePipeline,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  sidesOf(context: RequestContext, objectName: string): Promise<LinkSide[]> {
    return this.definitions.sidesOfObject(context, objectName);
  }

  /**
   * The ids linked to each record on each side, oldest link first, at most `limit` per record and
   * side (callers ask one more than they show, to tell that a list was cut).
   */
  async readLinks(
    context: RequestContext,
    sides: LinkSide[],
    recordIds: string[],
    limit: number,
  ): Promise<LinkedIds> {
    if (sides.length === 0 || recordIds.length === 0) {
      return new Map();
    }
    const rows = await this.repository.findLinksPerRecord(
      context.organizationId,
      linkTypesOf(sides),
      [...new Set(recordIds)],
      limit,
    );
    return linkedIdsOf(sides, rows);
  }

  /** A reference property write: replaces this record's link on a to-one side, or clears it. */
  async setReference(
    context: RequestContext,
    side: LinkSide,
    recordId: string,
    otherId: string | null,
    tx: Tx,
  ): Promise<void> {
    // In the record write's transaction: every query here uses `tx`, never a second connection.
    const { definition } = await this.resolveByType(context, side, tx);
    await this.holdDefinitions(context, [{ side, definition }], tx);
    await this.writeLink(
      context,
      {
        action: 'unlinkAll',
        associationType: definition.id,
        column: side.selfColumn,
        recordId: recordId,
        ends: unlinkAllEnds(definition, side.selfColumn, recordId),
      },
      tx,
    );
    if (otherId !== null) {
      await this.linkInTx(
        context,
        { side, definition },
        recordId,
        otherId,
        false,
        tx,
        side.referenceField,
      );
    }
  }

  async associate(
    context: RequestContext,
    object: string,
    id: string,
    association: string,
    toId: string,
    isReplace: boolean,
  ): Promise<{ linked: boolean }> {
    const resolved = await this.resolve(context, object, association);
    const linked = await this.runInTransaction(async (tx) => {
      await this.holdDefinitions(context, [resolved], tx);
      return this.linkInTx(context, resolved, id, toId, isReplace, tx);
    });
    return { linked };
  }

  async dissociate(
    context: RequestContext,
    object: string,
    id: string,
    association: string,
    toId: string,
  ): Promise<{ removed: boolean }> {
    const resolved = await this.resolve(context, object, association);
    const [fromId, otherId] = this.ordered(resolved.side, id, toId);
    const removed =
      UUID.test(id) &&
      UUID.test(toId) &&
      (await this.writeLink(
        context,
        {
          action: 'unlink',
          associationType: resolved.definition.id,
          fromId: fromId,
          toId: otherId,
          ends: endsOf(resolved.definition, fromId, otherId),
        },
        undefined,
      ).then((w) => w.removed === true));
    return { removed };
  }

  /** Many links made and removed in one transaction: all or nothing. */
  async batch(
    context: RequestContext,
    operations: { associate: LinkRequest[]; dissociate: LinkRequest[] },
    isReplace: boolean,
  ): Promise<{ associated: number; dissociated: number }> {
    const resolveAll = (list: keyof typeof operations) =>
      Promise.all(
        operations[list].map(async (request, index) => {
          try {
            return {
              request,
              resolved: await this.resolve(context, request.object, request.association),
            };
          } catch (error) {
            throw atIndex(list, index, error);
          }
        }),
      );
    const toLink = await resolveAll('associate');
    const toUnlink = await resolveAll('dissociate');
    return this.runInTransaction(async (tx) => {
      await this.holdDefinitions(
        context,
        toLink.map(({ resolved }) => resolved),
        tx,
        'associate',
      );
      let dissociated = 0;
      for (const { request, resolved } of this.inLockOrder(toUnlink)) {
        const [fromId, toId] = this.ordered(resolved.side, request.id, request.to_id);
        if (
          UUID.test(fromId) &&
          UUID.test(toId) &&
          (await this.writeLink(
            context,
            {
              action: 'unlink',
              associationType: resolved.definition.id,
              fromId: fromId,
              toId: toId,
              ends: endsOf(resolved.definition, fromId, toId),
            },
            tx,
          ).then((w) => w.removed === true))
        ) {
          dissociated++;
        }
      }
      let associated = 0;
      for (const { index, request, resolved } of this.inLockOrder(toLink)) {
        try {
          if (await this.linkInTx(context, resolved, request.id, request.to_id, isReplace, tx)) {
            associated++;
          }
        } catch (error) {
          throw atIndex('associate', index, error);
        }
      }
      return { associated, dissociated };
    });
  }

  /**
   * A batch's links in one order whatever order the request named them in (association, then the
   * row's two ends), so two batches over the same links queue for each other's row locks instead
   * of deadlocking. `index` stays the request's, for its error messages.
   */
  private inLockOrder<
    T extends { request: LinkRequest; resolved: { side: LinkSide; definition: { id: string } } },
  >(items: T[]): (T & { index: number })[] {
    const keyed = items.map((item, index) => {
      const [fromId, toId] = this.ordered(item.resolved.side, item.request.id, item.request.to_id);
      return { ...item, index, key: `${item.resolved.definition.id} ${fromId} ${toId}` };
    });
    return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The side `association` names on `object` (404 for an unknown object or association). */
  async resolveSide(
    context: RequestContext,
    object: string,
    association: string,
  ): Promise<LinkSide> {
    return (await this.resolve(context, object, association)).side;
  }

  private async resolve(
    context: RequestContext,
    object: string,
    association: string,
  ): Promise<ResolvedSide> {
    const sides = await this.definitions.sidesOfObject(context, object);
    const side = sides.find((s) => s.name === association);
    if (!side) {
      await this.objects.getDefinition(context, object);
      const known = sides.map((s) => s.name).join(', ') || 'none';
      throw new AppError(
        ErrorCode.AssociationNotFound,
        `${object} has no association "${association}" (it has: ${known})`,
      );
    }
    return this.resolveByType(context, side);
  }

  private async resolveByType(
    context: RequestContext,
    side: LinkSide,
    tx?: Tx,
  ): Promise<ResolvedSide> {
    const definitions = await this.definitions.listDefinitions(context, tx);
    const definition = definitions.find((d) => d.id === side.associationType);
    if (!definition) {
      throw new AppError(
        ErrorCode.AssociationNotFound,
        `The association behind "${side.name}" no longer exists`,
      );
    }
    return { side, definition };
  }

  /**
   * Holds the definitions of the links `tx` writes, before it touches any association row: a
   * concurrent deletion of one either waits for `tx` (and then counts its links) or, if it came
   * first, makes this write a 404. No link outlives its definition. A batch names its `list`, so
   * the error says which item it is about.
   */
  private async holdDefinitions(
    context: RequestContext,
    resolved: ResolvedSide[],
    tx: Tx,
    list?: string,
  ): Promise<void> {
    const ids = [...new Set(resolved.map(({ definition }) => definition.id))];
    const held =
      ids.length > 0 ? await this.definitions.lockForLinks(context, ids, tx) : new Set<string>();
    const index = resolved.findIndex(({ definition }) => !held.has(definition.id));
    const gone = resolved[index];
    if (gone) {
      const error = new AppError(
        ErrorCode.AssociationNotFound,
        `The association behind "${gone.side.name}" no longer exists`,
      );
      throw list ? atIndex(list, index, error) : error;
    }
  }

  /** [from record, to record] of a link seen from `side` at `selfId`. */
  private ordered(side: LinkSide, selfId: string, otherId: string): [string, string] {
    return side.selfColumn === 'from' ? [selfId, otherId] : [otherId, selfId];
  }

  /** Links two records (both must exist in the organization: else 404); true when newly linked. */
  private async linkInTx(
    context: RequestContext,
    { side, definition }: ResolvedSide,
    selfId: string,
    otherId: string,
    isReplace: boolean,
    tx: Tx,
    field?: string,
  ): Promise<boolean> {
    const [fromId, toId] = this.ordered(side, selfId, otherId);
    const singles = {
      from: isFromSideSingle(definition.cardinality),
      to: isToSideSingle(definition.cardinality),
    };
    // A replacing writer holds the records whose single link it replaces: concurrent replacers
    // of one record queue up, so each sees (and removes) the link the previous one committed.
    await this.assertExists(
      context,
      definition.fromObjectDefinitionId,
      definition.from,
      fromId,
      tx,
      field && side.selfColumn === 'to' ? field : undefined,
      isReplace && singles.from,
    );
    await this.assertExists(
      context,
      definition.toObjectDefinitionId,
      definition.to,
      toId,
      tx,
      field && side.selfColumn === 'from' ? field : undefined,
      isReplace && singles.to,
    );
    if (isReplace) {
      if (singles.from) {
        await this.writeLink(
          context,
          {
            action: 'unlinkAll',
            associationType: definition.id,
            column: 'from',
            recordId: fromId,
            ends: unlinkAllEnds(definition, 'from', fromId),
          },
          tx,
        );
      }
      if (singles.to) {
        await this.writeLink(
          context,
          {
            action: 'unlinkAll',
            associationType: definition.id,
            column: 'to',
            recordId: toId,
            ends: unlinkAllEnds(definition, 'to', toId),
          },
          tx,
        );
      }
    }
    const outcome = await this.writeLink(
      context,
      {
        action: 'link',
        associationType: definition.id,
        fromId: fromId,
        toId: toId,
        singles: singles,
        ends: endsOf(definition, fromId, toId),
      },
      tx,
    ).then((w) => w.outcome);
    if (outcome === 'from_taken' || outcome === 'to_taken') {
      const [holder, holderObject, sideLabel] =
        outcome === 'from_taken'
          ? [fromId, definition.from, definition.from_side.label]
          : [toId, definition.to, definition.to_side.label];
      throw new AppError(
        ErrorCode.CardinalityConflict,
        `${holderObject} ${holder} already has a ${sideLabel.toLowerCase()} (${definition.cardinality}); say replace=true to replace it`,
        field ? { [field]: `the ${holderObject} already has one` } : undefined,
        { association: definition.name, cardinality: definition.cardinality },
      );
    }
    return outcome === 'linked';
  }

  private async assertExists(
    context: RequestContext,
    objectDefinitionId: string,
    object: string,
    id: string,
    tx: Tx,
    field?: string,
    isExclusive = false,
  ): Promise<void> {
    const found =
      UUID.test(id) &&
      (
        await this.repository.lockRecords(
          context.organizationId,
          objectDefinitionId,
          [id],
          tx,
          isExclusive,
        )
      ).has(id);
    if (!found) {
      if (field) {
        throw new AppError(ErrorCode.ValidationFailed, `${field}: no ${object} with id ${id}`, {
          [field]: `no ${object} with this id`,
        });
      }
      throw new AppError(ErrorCode.RecordNotFound, `No ${object} with id ${id}`);
    }
  }

  async countLinks(context: RequestContext, associationType: string, tx: Tx): Promise<number> {
    return this.repository.countLinks(context.organizationId, associationType, tx);
  }

  /** Removes every link of an association definition being deleted (`purge=true`). */
  async deleteLinksOfType(
    context: RequestContext,
    associationType: string,
    tx: Tx,
  ): Promise<number> {
    return this.repository.deleteLinksOfType(context.organizationId, associationType, tx);
  }

  /** An `association` row write, through the write path (records/record-write.pipeline.ts). */
  private writeLink(
    context: RequestContext,
    link: Omit<LinkWrite, 'kind' | 'context' | 'organizationId'>,
    tx: Tx | undefined,
  ): Promise<LinkWrite> {
    return this.pipeline.run<LinkWrite>(
      { kind: 'link', context, organizationId: context.organizationId, ...link },
      tx,
    );
  }
}

/** The two records a link or unlink changes (the authorize stage checks `update` on each). */
function endsOf(definition: AssociationDefinition, fromId: string, toId: string): LinkEnd[] {
  return [
    { object: definition.from, definitionId: definition.fromObjectDefinitionId, id: fromId },
    { object: definition.to, definitionId: definition.toObjectDefinitionId, id: toId },
  ];
}

/** A record's links of a type removed: that record, and the other object's records unnamed. */
function unlinkAllEnds(
  definition: AssociationDefinition,
  column: LinkColumn,
  recordId: string,
): LinkEnd[] {
  const [from, to] = endsOf(definition, recordId, recordId);
  return column === 'from'
    ? [from as LinkEnd, { ...(to as LinkEnd), id: undefined }]
    : [{ ...(from as LinkEnd), id: undefined }, to as LinkEnd];
}

/** What a links read asks for the sides: each association type once per column. */
export function linkTypesOf(sides: LinkSide[]): LinkTypes {
  const typesOn = (column: LinkColumn): string[] => [
    ...new Set(sides.filter((s) => s.selfColumn === column).map((s) => s.associationType)),
  ];
  return { from: typesOn('from'), to: typesOn('to') };
}

/** The ids a links read found, by record and side name (two sides may share a type and column). */
export function linkedIdsOf(
  sides: LinkSide[],
  rows: Array<{
    association_type: string;
    self_column: LinkColumn;
    self_id: string;
    other_id: string;
  }>,
): LinkedIds {
  const linked: LinkedIds = new Map();
  for (const row of rows) {
    const matching = sides.filter(
      (s) => s.associationType === row.association_type && s.selfColumn === row.self_column,
    );
    for (const side of matching) {
      let bySide = linked.get(row.self_id);
      if (!bySide) {
        bySide = new Map<string, string[]>();
        linked.set(row.self_id, bySide);
      }
      const ids = bySide.get(side.name);
      if (ids) {
        ids.push(row.other_id);
      } else {
        bySide.set(side.name, [row.other_id]);
      }
    }
  }
  return linked;
}
