import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AssociationsService } from 'src/associations/associations.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordLinksService } from 'src/records/record-links.service';
import { associationTypeId, type TypedSide } from './hubspot-association-types';
import { HubSpotLinksService } from './hubspot-links.service';
import type { HubSpotObject } from './hubspot-names';
import { HubSpotNamesService } from './hubspot-names.service';
import { textOf } from './hubspot-query';

/** Links read for one record on a v4 read. */
const MAX_LINKS = 500;
const IDENTIFIER = /^[a-z][a-z0-9_]{0,54}$/;

export interface AssociationSpec {
  associationCategory?: unknown;
  associationTypeId?: unknown;
}

export interface LabelResult {
  category: string;
  typeId: number;
  label: string | null;
}

/** The objects of a pair path (`/crm/v4/…/{fromObjectType}/{toObjectType}/…`) and their sides. */
export interface Pair {
  from: HubSpotObject;
  to: HubSpotObject;
  sides: TypedSide[];
}

export const labelOf = (typed: TypedSide): LabelResult => ({
  category: typed.category,
  typeId: typed.typeId,
  label: typed.side.label,
});

/**
 * HubSpot's associations v4 over Plinth's associations: a label is an association definition's
 * side (its numeric type id: hubspot-association-types.ts); links are written by records/.
 */
@Injectable()
export class HubSpotAssociationsService {
  constructor(
    private readonly names: HubSpotNamesService,
    private readonly typed: HubSpotLinksService,
    private readonly links: RecordLinksService,
    private readonly definitions: AssociationDefinitionsService,
    private readonly associations: AssociationsService,
  ) {}

  async pair(context: RequestContext, fromType: string, toType: string): Promise<Pair> {
    const from = await this.names.resolve(context, fromType);
    const to = await this.names.resolve(context, toType);
    return { from, to, sides: await this.typed.sidesBetween(context, from, to) };
  }

  /** The side a type id names between the pair (400 naming it when it is none of them). */
  sideOf(pair: Pair, typeId: unknown): TypedSide {
    const side = pair.sides.find((typed) => typed.typeId === Number(typeId));
    if (!side) {
      throw new AppError(
        ErrorCode.BadRequest,
        `${String(typeId)} is not an association type from ${pair.from.name} to ${pair.to.name}`,
        { associationTypeId: `unknown association type ${String(typeId)}` },
      );
    }
    return side;
  }

  defaultSide(pair: Pair): TypedSide {
    const side = pair.sides[0];
    if (!side) {
      throw new AppError(
        ErrorCode.BadRequest,
        `${pair.from.name} and ${pair.to.name} have no association`,
        { toObjectType: `no association with ${pair.from.name}` },
      );
    }
    return side;
  }

  /** Links a pair with each given type (a to-one side's previous link is replaced). */
  async associate(
    context: RequestContext,
    pair: Pair,
    fromId: string,
    toId: string,
    sides: TypedSide[],
  ): Promise<LabelResult[]> {
    for (const typed of sides) {
      await this.links.associate(
        context,
        pair.from.definition.name,
        fromId,
        typed.side.name,
        toId,
        typed.side.isToOne,
      );
    }
    return sides.map(labelOf);
  }

  /** Removes every link between each pair of records (all of the pair's types): all or none. */
  dissociate(
    context: RequestContext,
    pair: Pair,
    removals: Array<{ fromId: string; toId: string }>,
  ): Promise<void> {
    return this.dissociateTypes(
      context,
      pair,
      removals.map((removal) => ({ ...removal, sides: pair.sides })),
    );
  }

  /** Removes the links of the given types between each pair, in one transaction: all or none. */
  async dissociateTypes(
    context: RequestContext,
    pair: Pair,
    removals: Array<{ fromId: string; toId: string; sides: TypedSide[] }>,
  ): Promise<void> {
    const dissociate = removals.flatMap(({ fromId, toId, sides }) =>
      sides.map((typed) => ({
        object: pair.from.definition.name,
        id: fromId,
        association: typed.side.name,
        to_id: toId,
      })),
    );
    if (dissociate.length > 0) {
      await this.links.batch(context, { associate: [], dissociate }, false);
    }
  }

  /** The records linked to some records, each with the types linking it. */
  async linked(
    context: RequestContext,
    pair: Pair,
    ids: string[],
  ): Promise<Map<string, Array<{ toObjectId: string; associationTypes: LabelResult[] }>>> {
    const linked = await this.links.readLinks(
      context,
      pair.sides.map((typed) => typed.side),
      ids,
      MAX_LINKS,
    );
    return new Map(
      ids.map((id) => {
        const byOther = new Map<string, LabelResult[]>();
        for (const typed of pair.sides) {
          for (const otherId of linked.get(id)?.get(typed.side.name) ?? []) {
            byOther.set(otherId, [...(byOther.get(otherId) ?? []), labelOf(typed)]);
          }
        }
        return [
          id,
          [...byOther].map(([toObjectId, associationTypes]) => ({ toObjectId, associationTypes })),
        ];
      }),
    );
  }

  /** A new label between two objects: a many-to-many association definition of its own. */
  async createLabel(context: RequestContext, pair: Pair, body: unknown): Promise<LabelResult[]> {
    const { label, name, inverseLabel } = (body ?? {}) as Record<string, unknown>;
    if (typeof label !== 'string' || label.trim() === '' || label.length > 100) {
      throw new AppError(ErrorCode.BadRequest, 'label must be 1 to 100 characters', {
        label: 'must be 1 to 100 characters',
      });
    }
    const sideName = (textOf(name) || label)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (!IDENTIFIER.test(sideName)) {
      throw new AppError(
        ErrorCode.BadRequest,
        'name must start with a letter (letters, digits, _)',
        {
          name: 'must start with a letter',
        },
      );
    }
    const inverse = typeof inverseLabel === 'string' && inverseLabel !== '' ? inverseLabel : label;
    const definition = await this.definitions.createDefinition(context, {
      name: `${pair.from.definition.name}_${sideName}`.slice(0, 63),
      from: pair.from.definition.name,
      to: pair.to.definition.name,
      cardinality: 'many_to_many',
      from_side: { name: sideName, label },
      to_side: { name: `${sideName}_of`, label: inverse },
    });
    return [
      { category: 'USER_DEFINED', typeId: associationTypeId(definition, 'from'), label },
      { category: 'USER_DEFINED', typeId: associationTypeId(definition, 'to'), label: inverse },
    ];
  }

  async updateLabel(context: RequestContext, pair: Pair, body: unknown): Promise<void> {
    const {
      associationTypeId: typeId,
      label,
      inverseLabel,
    } = (body ?? {}) as Record<string, unknown>;
    const typed = this.userDefined(this.sideOf(pair, typeId));
    const own = typed.side.selfColumn === 'from' ? 'from_side' : 'to_side';
    const other = own === 'from_side' ? 'to_side' : 'from_side';
    await this.definitions.relabelDefinition(context, typed.definition.name, {
      [own]: { label },
      ...(inverseLabel !== undefined ? { [other]: { label: inverseLabel } } : {}),
    });
  }

  async deleteLabel(context: RequestContext, pair: Pair, typeId: string): Promise<void> {
    const typed = this.userDefined(this.sideOf(pair, typeId));
    await this.associations.deleteDefinition(context, typed.definition.name, false);
  }

  private userDefined(typed: TypedSide): TypedSide {
    if (typed.category !== 'USER_DEFINED') {
      throw new AppError(
        ErrorCode.BadRequest,
        `${typed.typeId} is a HUBSPOT_DEFINED association type and cannot be changed`,
        { associationTypeId: 'is HUBSPOT_DEFINED' },
      );
    }
    return typed;
  }
}
