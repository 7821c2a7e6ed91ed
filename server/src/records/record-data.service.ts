import { Injectable } from '@nestjs/common';
import type { Tx } from 'src/database/transaction';
import { EventsService } from 'src/events/events.service';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordDataRepository, type Violations } from './record-data.repository';

export type { Violations };

/**
 * What the data model (data-model/, definitions-transfer/) asks of an object's records as a
 * whole: how many, which break a planned rule, the unique guard rows of a property, purges. The
 * only writers of `record` and `record_unique_value` besides the write path; each runs in the
 * caller's definition-change transaction. Each treats the records of the recycle bin as
 * records: they can come back, so a schema change must hold for them, a unique property counts
 * their values, and a purge removes them too (README, "Recycle bin").
 */
@Injectable()
export class RecordDataService {
  constructor(
    private readonly repository: RecordDataRepository,
    private readonly events: EventsService,
  ) {}

  countRecords(context: RequestContext, definitionId: string, tx?: Tx): Promise<number> {
    return this.repository.countRecords(context.organizationId, definitionId, tx);
  }

  /** Whether the object has at least `minimum` live records (reads at most that many). */
  hasAtLeastRecords(
    context: RequestContext,
    definitionId: string,
    minimum: number,
    tx?: Tx,
  ): Promise<boolean> {
    return this.repository.hasAtLeastRecords(context.organizationId, definitionId, minimum, tx);
  }

  findViolations(
    context: RequestContext,
    definitionId: string,
    property: PropertyDefinition,
    options: { values: boolean; presence: boolean },
    tx: Tx,
  ): Promise<Violations> {
    return this.repository.findViolations(
      context.organizationId,
      definitionId,
      property,
      options,
      tx,
    );
  }

  findDuplicates(
    context: RequestContext,
    definitionId: string,
    property: PropertyDefinition,
    tx: Tx,
  ): Promise<Violations> {
    return this.repository.findDuplicates(context.organizationId, definitionId, property, tx);
  }

  scanValues(
    context: RequestContext,
    definitionId: string,
    property: PropertyDefinition,
    visit: (id: string, value: unknown) => boolean,
    tx: Tx,
  ): Promise<void> {
    return this.repository.scanValues(context.organizationId, definitionId, property, visit, tx);
  }

  /** Records in one of `states` (of one pipeline unless `selector` is null): retiring stages. */
  findInStates(
    context: RequestContext,
    definitionId: string,
    property: string,
    states: string[],
    selector: { property: string; value: string } | null,
    tx: Tx,
  ): Promise<Violations> {
    return this.repository.findInStates(
      context.organizationId,
      definitionId,
      property,
      states,
      selector,
      tx,
    );
  }

  /** The guard rows of a property turned unique (checked for duplicates first). */
  claimUniqueValues(
    context: RequestContext,
    definitionId: string,
    property: PropertyDefinition,
    tx: Tx,
  ): Promise<void> {
    return this.repository.claimUniqueValues(context.organizationId, definitionId, property, tx);
  }

  releaseUniqueValues(
    context: RequestContext,
    definitionId: string,
    propertyName: string,
    tx: Tx,
  ): Promise<void> {
    return this.repository.releaseUniqueValues(
      context.organizationId,
      definitionId,
      propertyName,
      tx,
    );
  }

  /** Up to `batchSize` records still holding a value of the property, locked until `tx` ends. */
  lockRecordsWithValue(
    context: RequestContext,
    definitionId: string,
    propertyName: string,
    batchSize: number,
    tx: Tx,
  ): Promise<Array<{ id: string; properties: Record<string, unknown> }>> {
    return this.repository.lockRecordsWithValue(
      context.organizationId,
      definitionId,
      propertyName,
      batchSize,
      tx,
    );
  }

  /** Removes a property's value with its copies (display name, search text recomputed without it). */
  removeValues(
    context: RequestContext,
    propertyName: string,
    records: Array<{ id: string; displayName: string | null; searchText: string }>,
    tx: Tx,
  ): Promise<void> {
    return this.repository.removeValues(context.organizationId, propertyName, records, tx);
  }

  /**
   * Purges up to `batchSize` records of an object (live ones and the recycle bin's alike), with
   * their links, unique values and their values' copies in events; returns how many went.
   */
  async deleteRecordsBatch(
    context: RequestContext,
    definitionId: string,
    batchSize: number,
    tx: Tx,
  ): Promise<number> {
    const ids = await this.repository.deleteRecordsBatch(
      context.organizationId,
      definitionId,
      batchSize,
      tx,
    );
    await this.events.eraseRecordValues(context.organizationId, ids, tx);
    return ids.length;
  }
}
