import { Injectable } from '@nestjs/common';
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

  /** The records holding these values of a key (guard-row name `claim`), by value. */
  async findHolders(
    scope: RecordScope,
    claim: string,
    values: string[],
    tx: Tx,
  ): Promise<Map<string, string>> {
    if (values.length === 0) {
      return new Map();
    }
    const rows: Array<{ value: string; record_id: string }> = await managerOf(tx).query(
      `SELECT u.value, u.record_id FROM record_unique_value u
         JOIN record r ON r.organization_id = u.organization_id AND r.id = u.record_id
          AND r.archived_at IS NULL
        WHERE u.organization_id = $1 AND u.object_definition_id = $2 AND u.property_name = $3
          AND u.value = ANY($4::text[])`,
      [scope.organizationId, scope.definitionId, claim, values],
    );
    return new Map(rows.map((row) => [row.value, row.record_id]));
  }
}
