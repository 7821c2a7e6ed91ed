import { Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import type { LinkedIds } from 'src/association-definitions/link-side';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import { linkKey, type LinkState, rewindRecord } from 'src/events/event-replay';
import { EventsService } from 'src/events/events.service';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { reachesRecord, readableDefinition, readOwnerFilter, scopeOf } from './record-access';
import { RecordLinksService } from './record-links.service';
import { LINKS_READ_PER_SIDE, withLinks } from './record-references';
import { type RecordResponse, toRecordResponse } from './records.dto';
import { RecordsRepository } from './records.repository';

/** A record as it was at an instant and its version then (the ETag of the read). */
export interface RecordAsOf {
  record: RecordResponse;
  version: number;
}

/**
 * `GET /api/objects/{object}/{id}?as_of=<datetime>` (docs/architecture.md, "Timeline"): the
 * record and its links as they were then, rewound from their state now through the events since
 * (no copy per version is kept). Every side's links show, as with `include` of all of them.
 */
@Injectable()
export class RecordAsOfService {
  constructor(
    private readonly repository: RecordsRepository,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    private readonly links: RecordLinksService,
    private readonly events: EventsService,
  ) {}

  async readAsOf(
    context: RequestContext,
    objectName: string,
    id: string,
    at: Date,
  ): Promise<RecordAsOf> {
    const definition = await this.definitions.getDefinition(context, objectName);
    readOwnerFilter(context, definition.name);
    const notFound = new AppError(
      ErrorCode.RecordNotFound,
      `No ${definition.name} with id ${id} on ${at.toISOString()}`,
    );
    if (!UUID.test(id)) {
      throw notFound;
    }
    const sides = (await this.associations.sidesOfObject(context, definition.name)).filter(
      (side) => scopeOf(context, side.otherObject, 'read') !== 'none',
    );
    const scope = { organizationId: context.organizationId, definitionId: definition.id };
    const [row, linked, { after, last }] = await Promise.all([
      this.repository.findById(scope, id),
      this.links.readLinks(context, sides, [id], LINKS_READ_PER_SIDE),
      this.events.since(context, id, at),
    ]);
    const linksNow: LinkState = new Map(
      sides.map((side) => [
        linkKey(side.associationType, side.selfColumn),
        new Set(linked.get(id)?.get(side.name) ?? []),
      ]),
    );
    const rewound = rewindRecord(row, linksNow, after, at);
    if (!rewound || !reachesRecord(context, definition.name, 'read', rewound.state.owner_id)) {
      throw notFound;
    }
    const { state } = rewound;
    if (last && after.length > 0) {
      state.updated_at = new Date(last.occurred_at);
      state.updated_by = last.actor;
    }
    const then: LinkedIds = new Map([
      [
        id,
        new Map(
          sides.map((side) => [
            side.name,
            [...(rewound.links.get(linkKey(side.associationType, side.selfColumn)) ?? [])],
          ]),
        ),
      ],
    ]);
    const record = toRecordResponse(readableDefinition(context, definition), {
      id,
      ...state,
      archived_at: null,
      archived_by: null,
    });
    return {
      record: withLinks(
        record,
        sides.filter((side) => side.referenceField),
        sides,
        then,
      ),
      version: state.version,
    };
  }
}

/** `?as_of=`: an ISO 8601 instant (a date alone is its midnight UTC); absent: undefined. */
export function parseAsOf(value: unknown): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  const at = typeof value === 'string' ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value as string)) {
    throw new AppError(ErrorCode.BadRequest, 'as_of must be an ISO 8601 date-time', {
      as_of: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z',
    });
  }
  return at;
}
