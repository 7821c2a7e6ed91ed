import { Injectable } from '@nestjs/common';
import { preparedQuery } from 'src/database/prepared-query';
import { managerOf, transactionRunner, type Tx } from 'src/database/transaction';
import { DataSource } from 'typeorm';
import type { RecordScope } from './records.repository';

/** A record that looks like another: its id and title, how alike (1 = an exact key), which rules. */
export interface DuplicateMatch {
  id: string;
  display_name: string | null;
  score: number;
  rules: string[];
}

/** A suspected pair across the organization. */
export interface DuplicatePair extends DuplicateMatch {
  other_id: string;
  other_display_name: string | null;
}

/** How many matches of a fuzzy rule a record's check answers, best first. */
const FUZZY_MATCHES = 20;

/**
 * How many records at or above a fuzzy rule's threshold the check scores at most: where thousands
 * share one title ("Bench", "Test"), the best 20 of the first 200 found, not a sort of all of them
 * on every create.
 */
const FUZZY_CANDIDATES = 200;

/** How many recent records the organization-wide fuzzy pair list compares (each against all). */
export const FUZZY_PAIR_WINDOW = 5000;

/**
 * The SQL of duplicate rules: exact keys through `record.match_keys` (GIN, `&&`), fuzzy titles
 * through `pg_trgm` on `record.display_name` (trigram GIN; `%` filters at the rule's threshold).
 * Archived records (merged ones included) never match.
 */
@Injectable()
export class RecordDuplicatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], tx?: Tx): Promise<T[]> {
    return (tx ? managerOf(tx) : this.dataSource.manager).query(sql, params);
  }

  /** Records holding any of `keys` (`<rule>:<value>`), with the keys they share. */
  async findByKeys(
    scope: RecordScope,
    keys: string[],
    exceptId: string | null,
    tx?: Tx,
  ): Promise<Array<{ id: string; display_name: string | null; keys: string[] }>> {
    if (keys.length === 0) {
      return [];
    }
    return this.query(
      // Materialized, so the LIMIT does not plan the match: `&&` on keys nobody shares is
      // estimated at 0.5% of the rows, and a LIMIT then makes a sequential scan look cheaper
      // than the index (72 ms against 0.1 ms at 300,000 people).
      `WITH matched AS MATERIALIZED (
         SELECT r.id, r.display_name, r.match_keys FROM record r
          WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL
            AND r.match_keys && $3::text[] AND r.id IS DISTINCT FROM $4::uuid)
       SELECT id, display_name,
              ARRAY(SELECT unnest(match_keys) INTERSECT SELECT unnest($3::text[])) AS keys
         FROM matched LIMIT 50`,
      [scope.organizationId, scope.definitionId, keys, exceptId],
      tx,
    );
  }

  /**
   * Records whose title is at least `threshold` similar to `title`, best first. `%` (what the
   * trigram index answers) filters at the rule's threshold rather than pg_trgm's 0.3, so the
   * index hands over only the candidates that can match, not every shared first name: the
   * threshold is a transaction-local setting, so without the caller's transaction the query runs
   * in one of its own (a create checks its duplicates before its transaction begins).
   */
  async findSimilar(
    scope: RecordScope,
    title: string,
    threshold: number,
    exceptId: string | null,
    tx?: Tx,
  ): Promise<Array<{ id: string; display_name: string | null; score: number }>> {
    if (!tx) {
      return transactionRunner(this.dataSource)((own) =>
        this.findSimilar(scope, title, threshold, exceptId, own),
      );
    }
    await this.setSimilarityThreshold(threshold, tx);
    // Prepared: at 1,000,000 people, planning it (the trigram index's costs) took 13 ms of its
    // 41; the generic plan is the same bitmap scan of that index.
    const rows = await preparedQuery<{ id: string; display_name: string | null; score: string }>(
      managerOf(tx),
      `SELECT id, display_name, score FROM (
         SELECT r.id, r.display_name, similarity(r.display_name, $3) AS score
           FROM record r
          WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL
            AND r.display_name % $3 AND similarity(r.display_name, $3) >= $4
            AND r.id IS DISTINCT FROM $5::uuid
          LIMIT ${FUZZY_CANDIDATES}) candidates
        ORDER BY score DESC LIMIT ${FUZZY_MATCHES}`,
      [scope.organizationId, scope.definitionId, title, threshold, exceptId],
    );
    return rows.map((row) => ({ ...row, score: Number(row.score) }));
  }

  /** The match keys and title of one record (undefined: none, or archived). */
  async findIdentity(
    scope: RecordScope,
    id: string,
  ): Promise<{ match_keys: string[] | null; display_name: string | null } | undefined> {
    const [row] = await this.query<{ match_keys: string[] | null; display_name: string | null }>(
      `SELECT match_keys, display_name FROM record
        WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3 AND archived_at IS NULL`,
      [scope.organizationId, scope.definitionId, id],
    );
    return row;
  }

  /** Pairs sharing an exact key, across the organization's records of the object. */
  async exactPairs(scope: RecordScope, limit: number): Promise<DuplicatePair[]> {
    const rows = await this.query<DuplicatePair>(
      `WITH k AS (
         SELECT r.id, r.display_name, unnest(r.match_keys) AS key FROM record r
          WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL
            AND r.match_keys IS NOT NULL)
       SELECT a.id, a.display_name, b.id AS other_id, b.display_name AS other_display_name,
              1 AS score, array_agg(DISTINCT split_part(a.key, ':', 1)) AS rules
         FROM k a JOIN k b ON b.key = a.key AND a.id < b.id
        GROUP BY a.id, a.display_name, b.id, b.display_name
        ORDER BY count(*) DESC, a.id LIMIT $3`,
      [scope.organizationId, scope.definitionId, limit],
    );
    return rows.map((row) => ({ ...row, score: 1 }));
  }

  /** Pairs of similar titles among the FUZZY_PAIR_WINDOW newest records, best first. */
  async similarPairs(
    scope: RecordScope,
    threshold: number,
    limit: number,
  ): Promise<DuplicatePair[]> {
    return transactionRunner(this.dataSource)(async (tx) => {
      await this.setSimilarityThreshold(threshold, tx);
      const rows = await this.query<DuplicatePair & { score: string }>(
        `WITH a AS (
         SELECT r.id, r.display_name FROM record r
          WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL
            AND r.display_name IS NOT NULL
          ORDER BY r.created_at DESC LIMIT ${FUZZY_PAIR_WINDOW})
       SELECT a.id, a.display_name, b.id AS other_id, b.display_name AS other_display_name,
              similarity(a.display_name, b.display_name) AS score, ARRAY[]::text[] AS rules
         FROM a JOIN record b ON b.organization_id = $1 AND b.object_definition_id = $2
          AND b.archived_at IS NULL AND b.display_name % a.display_name AND b.id <> a.id
          AND (b.id > a.id OR NOT EXISTS (SELECT 1 FROM a a2 WHERE a2.id = b.id))
        WHERE similarity(a.display_name, b.display_name) >= $3
        ORDER BY score DESC, a.id LIMIT $4`,
        [scope.organizationId, scope.definitionId, threshold, limit],
        tx,
      );
      return rows.map((row) => ({ ...row, score: Number(row.score) }));
    });
  }

  /** `%` (what the trigram index answers) at `threshold`, for the rest of `tx`. */
  private async setSimilarityThreshold(threshold: number, tx: Tx): Promise<void> {
    // A hair below: the exact comparison is each query's `>=`, whatever `%` does at the edge.
    await this.query(
      `SELECT set_config('pg_trgm.similarity_threshold', $1, true)`,
      [String(Math.max(0, threshold - 0.001))],
      tx,
    );
  }
}
