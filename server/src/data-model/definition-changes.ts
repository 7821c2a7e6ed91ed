import { Injectable } from '@nestjs/common';
import type { Tx } from 'src/database/transaction';
import { eventOrigin, EventsService } from 'src/events/events.service';
import { type DefinitionChange, DefinitionWriter } from 'src/object-definitions/definition-writer';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import type { ObjectDefinitionRow } from 'src/object-definitions/object-definitions.repository';
import type { RequestContext } from 'src/organizations/request-context';

/**
 * A definition written and its `definition_changed` event appended in the same transaction
 * (docs/architecture.md, "Timeline"). Recorded here, above records and events, because
 * object-definitions/ sits below the event log.
 */
@Injectable()
export class DefinitionChanges {
  constructor(
    private readonly writer: DefinitionWriter,
    private readonly events: EventsService,
  ) {}

  async create(context: RequestContext, definition: ObjectDefinitionInput, tx: Tx): Promise<void> {
    await this.writer.create(context, definition, tx);
    await this.record(context, definition.name, 1, `Created ${definition.name}`, tx);
  }

  async apply(
    context: RequestContext,
    row: ObjectDefinitionRow,
    change: DefinitionChange,
    tx: Tx,
  ): Promise<void> {
    await this.writer.apply(context, row, change, tx);
    await this.record(context, row.name, row.version + 1, change.summary, tx);
  }

  private record(
    context: RequestContext,
    name: string,
    version: number,
    summary: string,
    tx: Tx,
  ): Promise<void> {
    return this.events.append(
      [
        {
          organizationId: context.organizationId,
          type: 'definition_changed',
          objectName: name,
          recordId: null,
          recordVersion: null,
          ...eventOrigin(context),
          data: { object_name: name, version, summary },
        },
      ],
      tx,
    );
  }
}
