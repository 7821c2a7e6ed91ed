import { Injectable } from '@nestjs/common';
import { preparedQuery } from 'src/database/prepared-query';
import { managerOf, type Tx } from 'src/database/transaction';
import type { RecordScope } from './records.repository';

/**
 * Finding records by a key (a unique property or a composite key) for find-or-create: the key's
 * guard rows in `record_unique_value`, and transaction-scoped advisory locks on key values so two
 * concurrent upserts of one key run one after the other (the second finds what the first made).
 */
@Injectable()
export class RecordKeysRepository {
  /**
   * Locks each key value until `tx` ends. In hash order, so two batches that share keys never
   * wait for each other in a cycle.
   */
  async lockKeyValues(scope: RecordScope, claim: string, values: string[], tx: Tx): Promise<void> {
    if (values.length === 0) {
      return;
    }
    await managerOf(tx).query(
      `SELECT pg_advisory_xact_lock(h) FROM (
         SELECT DISTINCT hashtextextended($1 || '/' || $2 || '/' || $3 || '/' || v, 0) AS h
           FROM unnest($4::text[]) AS v ORDER BY 1) AS k`,
      [scope.organizationId, scope.definitionId, claim, values],
    );
  }

  /**
   * The records holding these values of a key (guard-row name `claim`), by value; a holder in the
   * recycle bin is left out. Two prepared statements, each with one reasonable plan whatever the
   * tables' statistics say: an import grows `record` and `record_unique_value` faster than
   * autovacuum analyzes them, and the join this replaced was then planned as a walk over every
   * record of the organization (~200 ms a batch of 1,000 keys at 100,000 people, more than the
   * batch's insert), and planned anew per call (a 1,000-value array costs ~20 ms to plan).
   */
  async findHolders(
    scope: RecordScope,
    claim: string,
    values: string[],
    tx: Tx,
  ): Promise<Map<string, string>> {
    if (values.length === 0) {
      return new Map();
    }
    const manager = managerOf(tx);
    const held = await preparedQuery<{ value: string; record_id: string }>(
      manager,
      `SELECT value, record_id FROM record_unique_value
        WHERE organization_id = $1 AND object_definition_id = $2 AND property_name = $3
          AND value = ANY($4::text[])`,
      [scope.organizationId, scope.definitionId, claim, values],
    );
    if (held.length === 0) {
      return new Map();
    }
    const archived = await preparedQuery<{ id: string }>(
      manager,
      `SELECT id FROM record
        WHERE organization_id = $1 AND id = ANY($2::uuid[]) AND archived_at IS NOT NULL`,
      [scope.organizationId, held.map((row) => row.record_id)],
    );
    const inRecycleBin = new Set(archived.map((row) => row.id));
    return new Map(
      held
        .filter((row) => !inRecycleBin.has(row.record_id))
        .map((row) => [row.value, row.record_id]),
    );
  }
}
