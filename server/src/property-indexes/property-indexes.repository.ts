import { Injectable } from '@nestjs/common';
import type { ObjectDefinitionInput, PropertyType } from 'src/object-definitions/definition.types';
import { DataSource } from 'typeorm';
import { type IndexSpec, RUNTIME_INDEX_PREFIX } from './property-indexes';

export interface ExistingIndex {
  name: string;
  isValid: boolean;
}

const LOCK = 7_413_002;

/**
 * DDL of the runtime indexes. Indexes serve every organization at once, so these are the only
 * queries that read definitions across organizations (their properties, nothing else).
 */
@Injectable()
export class PropertyIndexesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * What the runtime indexes are built from, over every organization: each distinct name and type
   * of a property that is indexed, unique, a primary display property or automatically indexed
   * (built or pinned; README, "Indexes that build themselves") (an index depends on
   * nothing else: property-indexes.ts). Worked out in SQL, so the rows read do not grow with the
   * number of organizations (each new one has the same system objects).
   */
  async findIndexedDefinitions(): Promise<
    Array<Pick<ObjectDefinitionInput, 'properties' | 'primary_display_property'>>
  > {
    const rows = await this.dataSource.query<Array<{ name: string; type: PropertyType }>>(
      `SELECT DISTINCT p->>'name' AS name, p->>'type' AS type
         FROM object_definition d
        CROSS JOIN LATERAL jsonb_array_elements(d.properties) AS p
        WHERE d.archived_at IS NULL
          AND (p->>'indexed' = 'true' OR p->>'unique' = 'true'
               OR p->>'name' = d.primary_display_property
               OR p->>'auto_index' IN ('built', 'pinned'))`,
    );
    return [
      { properties: rows.map(({ name, type }) => ({ name, type, label: name, indexed: true })) },
    ];
  }

  async findRuntimeIndexes(): Promise<ExistingIndex[]> {
    const rows = await this.dataSource.query<Array<{ name: string; is_valid: boolean }>>(
      `SELECT c.relname AS name, i.indisvalid AS is_valid
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'record'::regclass AND c.relname LIKE $1`,
      [`${RUNTIME_INDEX_PREFIX.replace('_', '\\_')}%`],
    );
    return rows.map((row) => ({ name: row.name, isValid: row.is_valid }));
  }

  /**
   * Runs `work` holding a session lock (one process changes indexes at a time), on one connection
   * outside any transaction, as CREATE/DROP INDEX CONCURRENTLY require. False when another
   * process holds it.
   */
  async withIndexLock(
    work: (ddl: (sql: string) => Promise<void>) => Promise<void>,
  ): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        LOCK,
      ])) as Array<{ locked: boolean }>;
      if (!lock?.locked) {
        return false;
      }
      try {
        // A concurrent build over millions of records outlasts the pool's statement timeout.
        await runner.query('SET statement_timeout = 0');
        await work(async (sql) => {
          await runner.query(sql);
        });
      } finally {
        await runner.query('RESET statement_timeout');
        await runner.query('SELECT pg_advisory_unlock($1)', [LOCK]);
      }
      return true;
    } finally {
      await runner.release();
    }
  }

  /** Names and expressions come from indexSpecsOf (identifiers checked, no input text). */
  createSql(spec: IndexSpec): string {
    return `CREATE INDEX CONCURRENTLY IF NOT EXISTS "${spec.name}" ON record (object_definition_id, (${spec.expression}), id) WHERE ${spec.predicate}`;
  }

  dropSql(name: string): string {
    return `DROP INDEX CONCURRENTLY IF EXISTS "${name}"`;
  }
}
