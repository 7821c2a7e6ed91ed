import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import {
  type AssociationDefinition,
  isFromSideSingle,
  isToSideSingle,
} from 'src/association-definitions/association.types';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { Tx } from 'src/database/transaction';
import type { RequestContext } from 'src/organizations/request-context';
import { AssociationsRepository } from './associations.repository';
import type { LinkEnd, LinkWrite } from './record-write';
import { RecordWritePipeline } from './record-write.pipeline';

/**
 * A merge's links: every link of the merged record moves to the survivor, as an unlink and a link
 * write each (the timeline shows both). A link the survivor already has is dropped, as is a link
 * between the two records (it would link the survivor to itself); a link the association's
 * cardinality does not allow (the survivor already has its one company) is a 409 naming it.
 */
@Injectable()
export class RecordMergeLinks {
  constructor(
    private readonly repository: AssociationsRepository,
    private readonly definitions: AssociationDefinitionsService,
    private readonly pipeline: RecordWritePipeline,
  ) {}

  async moveLinks(
    context: RequestContext,
    mergedId: string,
    survivorId: string,
    tx: Tx,
  ): Promise<{ moved: number; dropped: number }> {
    const links = await this.repository.findLinksOf(context.organizationId, mergedId, tx);
    if (links.length === 0) {
      return { moved: 0, dropped: 0 };
    }
    const types = [...new Set(links.map((link) => link.association_type))];
    await this.definitions.lockForLinks(context, types, tx);
    const byId = new Map(
      (await this.definitions.listDefinitions(context, tx)).map((d) => [d.id, d]),
    );
    let moved = 0;
    let dropped = 0;
    for (const link of links) {
      const definition = byId.get(link.association_type);
      if (!definition) {
        continue;
      }
      await this.write(context, definition, 'unlink', link.from_record_id, link.to_record_id, tx);
      const fromId = link.from_record_id === mergedId ? survivorId : link.from_record_id;
      const toId = link.to_record_id === mergedId ? survivorId : link.to_record_id;
      if (fromId === toId) {
        dropped++;
        continue;
      }
      const outcome = (await this.write(context, definition, 'link', fromId, toId, tx)).outcome;
      if (outcome === 'from_taken' || outcome === 'to_taken') {
        const [holder, object, label] =
          outcome === 'from_taken'
            ? [fromId, definition.from, definition.from_side.label]
            : [toId, definition.to, definition.to_side.label];
        throw new AppError(
          ErrorCode.CardinalityConflict,
          `The merge would give ${object} ${holder} a second ${label.toLowerCase()} (${definition.name}, ${definition.cardinality}); remove one of the two links first`,
          undefined,
          { association: definition.name, cardinality: definition.cardinality, record_id: holder },
        );
      }
      if (outcome === 'already_linked') {
        dropped++;
      } else {
        moved++;
      }
    }
    return { moved, dropped };
  }

  private write(
    context: RequestContext,
    definition: AssociationDefinition,
    action: 'link' | 'unlink',
    fromId: string,
    toId: string,
    tx: Tx,
  ): Promise<LinkWrite> {
    const ends: LinkEnd[] = [
      { object: definition.from, definitionId: definition.fromObjectDefinitionId, id: fromId },
      { object: definition.to, definitionId: definition.toObjectDefinitionId, id: toId },
    ];
    return this.pipeline.run<LinkWrite>(
      {
        kind: 'link',
        context,
        organizationId: context.organizationId,
        action,
        associationType: definition.id,
        fromId,
        toId,
        ends,
        ...(action === 'link'
          ? {
              singles: {
                from: isFromSideSingle(definition.cardinality),
                to: isToSideSingle(definition.cardinality),
              },
            }
          : {}),
      },
      tx,
    );
  }
}
