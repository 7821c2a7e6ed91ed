import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import type { AssociationDefinition } from 'src/association-definitions/association.types';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RawListQuery } from 'src/common/http/list-query';
import type { RequestContext } from 'src/organizations/request-context';
import { type LinkRequest, RecordLinksService } from 'src/records/record-links.service';
import { type RecordPage, RecordsService } from 'src/records/records.service';

export type { LinkRequest };

/**
 * The association API: links between records (written by records/, whose rows they are) and the
 * deletion of an association definition with its links.
 */
@Injectable()
export class AssociationsService {
  constructor(
    private readonly links: RecordLinksService,
    private readonly records: RecordsService,
    private readonly definitions: AssociationDefinitionsService,
  ) {}

  associate(
    context: RequestContext,
    object: string,
    id: string,
    association: string,
    toId: string,
    isReplace: boolean,
  ): Promise<{ linked: boolean }> {
    return this.links.associate(context, object, id, association, toId, isReplace);
  }

  dissociate(
    context: RequestContext,
    object: string,
    id: string,
    association: string,
    toId: string,
  ): Promise<{ removed: boolean }> {
    return this.links.dissociate(context, object, id, association, toId);
  }

  batch(
    context: RequestContext,
    operations: { associate: LinkRequest[]; dissociate: LinkRequest[] },
    isReplace: boolean,
  ): Promise<{ associated: number; dissociated: number }> {
    return this.links.batch(context, operations, isReplace);
  }

  /** The records linked to one record on one of its sides, in the react-admin list dialect. */
  async listAssociated(
    context: RequestContext,
    object: string,
    id: string,
    association: string,
    raw: RawListQuery,
  ): Promise<RecordPage> {
    const side = await this.links.resolveSide(context, object, association);
    await this.records.getRecord(context, object, id);
    const otherColumn = side.selfColumn === 'from' ? 'to' : 'from';
    return this.records.listRecords(context, side.otherObject, raw, {
      link: { associationType: side.associationType, selfColumn: otherColumn, otherIds: [id] },
    });
  }

  /** Deletes an admin's association; one that has links needs `purge` (which deletes them too). */
  async deleteDefinition(
    context: RequestContext,
    name: string,
    isPurge: boolean,
  ): Promise<AssociationDefinition & { purged_links: number }> {
    const definition = await this.definitions.getDefinition(context, name);
    if (definition.isSystem) {
      throw new AppError(
        ErrorCode.Conflict,
        `${name} is a system association and cannot be deleted`,
      );
    }
    const purged = await this.definitions.changeDefinitions(context.organizationId, async (tx) => {
      // Held first: a link being written (lockForLinks) commits before the count, or finds it gone.
      if (!(await this.definitions.lockForDelete(context, definition.id, tx))) {
        throw new AppError(ErrorCode.AssociationNotFound, `No association named "${name}"`);
      }
      const count = await this.links.countLinks(context, definition.id, tx);
      if (count > 0 && !isPurge) {
        throw new AppError(
          ErrorCode.Conflict,
          `${name} links ${count} pair${count === 1 ? '' : 's'} of records; delete with purge=true to remove them too`,
          undefined,
          { links: count },
        );
      }
      const removed = await this.links.deleteLinksOfType(context, definition.id, tx);
      await this.definitions.deleteDefinitionRow(context, definition.id, tx);
      return removed;
    });
    return { ...definition, purged_links: purged };
  }
}
