import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordLinksService } from 'src/records/record-links.service';
import { typedSides, typeNameOf, type TypedSide } from './hubspot-association-types';
import type { HubSpotObject } from './hubspot-names';
import { HubSpotNamesService } from './hubspot-names.service';
import type { HubSpotRecord } from './hubspot-values';

/** Links read per record and side on a v3 read (`?associations=`). */
const LINKS_PER_SIDE = 500;

interface InlineAssociation {
  to?: { id?: unknown };
  types?: Array<{ associationCategory?: unknown; associationTypeId?: unknown }>;
}

export interface InlinePlan {
  /** To-one sides: written with the record, as its reference fields (`company_id`). */
  references: Record<string, string>;
  /** Other sides: linked once the record exists. */
  later: Array<{ side: TypedSide; toId: string }>;
}

/** Association types (HubSpot's numeric ids per side) and the links of the v3 object API. */
@Injectable()
export class HubSpotLinksService {
  constructor(
    private readonly associations: AssociationDefinitionsService,
    private readonly links: RecordLinksService,
    private readonly names: HubSpotNamesService,
  ) {}

  async typedSidesOf(context: RequestContext, objectName: string): Promise<TypedSide[]> {
    const [sides, definitions] = await Promise.all([
      this.associations.sidesOfObject(context, objectName),
      this.associations.listDefinitions(context),
    ]);
    return typedSides(sides, definitions);
  }

  /** The sides from one object to another, the standard one first (HubSpot's default). */
  async sidesBetween(
    context: RequestContext,
    from: HubSpotObject,
    to: HubSpotObject,
  ): Promise<TypedSide[]> {
    const sides = await this.typedSidesOf(context, from.definition.name);
    return sides
      .filter((typed) => typed.side.otherObject === to.definition.name)
      .sort(
        (a, b) =>
          Number(b.definition.isSystem) - Number(a.definition.isSystem) || a.typeId - b.typeId,
      );
  }

  /** A create's `associations`, checked: each type id must be one of the object's sides. */
  async planInline(
    context: RequestContext,
    object: HubSpotObject,
    raw: unknown,
  ): Promise<InlinePlan> {
    const plan: InlinePlan = { references: {}, later: [] };
    if (raw === undefined) {
      return plan;
    }
    if (!Array.isArray(raw)) {
      throw new AppError(ErrorCode.BadRequest, 'associations must be an array', {
        associations: 'must be an array',
      });
    }
    const sides = await this.typedSidesOf(context, object.definition.name);
    (raw as InlineAssociation[]).forEach((association, index) => {
      const toId = association?.to?.id;
      if (typeof toId !== 'string' && typeof toId !== 'number') {
        throw new AppError(ErrorCode.BadRequest, `associations.${index}.to.id is required`, {
          [`associations.${index}.to.id`]: 'is required',
        });
      }
      for (const type of association.types ?? []) {
        const typed = sides.find((side) => side.typeId === Number(type.associationTypeId));
        if (!typed) {
          throw new AppError(
            ErrorCode.BadRequest,
            `associations.${index}: ${String(type.associationTypeId)} is not an association type of ${object.name}`,
            {
              [`associations.${index}.types`]: `unknown association type ${String(type.associationTypeId)}`,
            },
          );
        }
        if (typed.side.referenceField) {
          plan.references[typed.side.referenceField] = String(toId);
        } else {
          plan.later.push({ side: typed, toId: String(toId) });
        }
      }
    });
    return plan;
  }

  async linkInline(
    context: RequestContext,
    object: HubSpotObject,
    recordId: string,
    later: InlinePlan['later'],
  ): Promise<void> {
    for (const { side, toId } of later) {
      await this.links.associate(
        context,
        object.definition.name,
        recordId,
        side.side.name,
        toId,
        false,
      );
    }
  }

  /** Adds `associations` to envelopes: the linked ids per asked-for object type. */
  async attach(
    context: RequestContext,
    object: HubSpotObject,
    envelopes: HubSpotRecord[],
    objectTypes: string[],
  ): Promise<void> {
    const sides = await this.typedSidesOf(context, object.definition.name);
    for (const objectType of objectTypes) {
      const other = await this.names.resolve(context, objectType);
      const wanted = sides.filter((typed) => typed.side.otherObject === other.definition.name);
      if (wanted.length === 0) {
        continue;
      }
      const linked = await this.links.readLinks(
        context,
        wanted.map((typed) => typed.side),
        envelopes.map((envelope) => envelope.id),
        LINKS_PER_SIDE,
      );
      for (const envelope of envelopes) {
        const results = wanted.flatMap((typed) =>
          (linked.get(envelope.id)?.get(typed.side.name) ?? []).map((id) => ({
            id,
            type: typeNameOf(typed, object.name, other.name),
          })),
        );
        if (results.length > 0) {
          envelope.associations = { ...envelope.associations, [other.name]: { results } };
        }
      }
    }
  }
}
