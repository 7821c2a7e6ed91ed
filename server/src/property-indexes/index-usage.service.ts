import { Injectable } from '@nestjs/common';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import {
  countsTowardAutoIndex,
  type IndexUse,
  type ObjectUsage,
  UsageCounter,
} from './index-usage';

/** Objects whose uses one bucket tracks: bounds the memory whatever the number of organizations. */
const MAX_TRACKED_OBJECTS = 10_000;

/**
 * Counts, per organization, object and property, how lists and searches filter and sort, in
 * memory (README, "Indexes that build themselves"). Records call `note` on every list and search;
 * the data model's AutoIndexesService reads the totals to decide which indexes to build.
 */
@Injectable()
export class IndexUsageService {
  private readonly counter = new UsageCounter(MAX_TRACKED_OBJECTS);

  note(
    organizationId: string,
    definition: Pick<ObjectDefinitionInput, 'name' | 'primary_display_property'> & { id: string },
    uses: IndexUse[],
  ): void {
    for (const use of uses) {
      if (countsTowardAutoIndex(use, definition)) {
        this.counter.note(organizationId, definition, use.property.name, use.use);
      }
    }
  }

  /** The uses of the last `windowMs`, closing the bucket counting now. */
  totals(now: number, windowMs: number): ObjectUsage[] {
    return this.counter.rollover(now, windowMs);
  }

  forget(organizationId: string, definitionId: string, property: string): void {
    this.counter.forget(organizationId, definitionId, property);
  }
}
