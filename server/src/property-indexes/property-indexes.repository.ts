import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import type { PropertyType } from 'src/object-definitions/definition.types';
import { DataSource } from 'typeorm';
import { type IndexedDefinition, type IndexSpec, RUNTIME_INDEX_PREFIX } from './property-indexes';

export interface ExistingIndex {
  name: string;
  isValid: boolean;
}

const LOCK = 7_413_002;

interface RuntimeIndexRow {
  name: string;
  is_valid: boolean;
}

const RUNTIME_INDEXES_SQL = `SELECT c.relname AS name, i.indisvalid AS is_valid
   FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'record'::regclass AND c.relname LIKE $1`;
const RUNTIME_INDEX_LIKE = `${RUNTIME_INDEX_PREFIX.replace('_', '\\_')}%`;

function runtimeIndexesOf(rows: RuntimeIndexRow[]): ExistingIndex[] {
  return rows.map((row) => ({ name: row.name, isValid: row.is_valid }));
}

/** The index lock's connection: DDL, and the runtime indexes that exist now. */
export interface IndexSession {
  ddl: (sql: string) => Promise<void>;
  existing: () => Promise<ExistingIndex[]>;
}

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
   * nothing else: property-indexes.ts). Worked out in SQL, so the rows returned do not grow with the
   * number of organizations (each new one has the same system objects); the scan does (~1 s at
   * 10,000 organizations), hence `PropertyIndexesService.syncForAdded` for a new organization.
   */
  async findIndexedDefinitions(): Promise<IndexedDefinition[]> {
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

  /** The runtime indexes that exist now, read on the pool (whether a run has work to do). */
  async findRuntimeIndexes(): Promise<ExistingIndex[]> {
    return runtimeIndexesOf(
      await this.dataSource.query<RuntimeIndexRow[]>(RUNTIME_INDEXES_SQL, [RUNTIME_INDEX_LIKE]),
    );
  }

  /**
   * Runs `work` holding a session lock (one process changes indexes at a time), on a connection of
   * its own outside any transaction, as CREATE/DROP INDEX CONCURRENTLY require: a build over
   * millions of records takes minutes, and never one of the request pool's connections (nor a
   * second one while it holds the first). No statement timeout; the pool's lock timeout. False
   * when another process holds the lock.
   */
  async withIndexLock(work: (session: IndexSession) => Promise<void>): Promise<boolean> {
    const options = this.dataSource.options as {
      url?: string;
      extra?: { lock_timeout?: number };
    };
    const client = new Client({
      connectionString: options.url,
      application_name: 'plinth-indexes',
      ...(options.extra?.lock_timeout ? { lock_timeout: options.extra.lock_timeout } : {}),
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [LOCK],
      );
      if (!rows[0]?.locked) {
        return false;
      }
      // The lock is the session's: it ends with the connection, below.
      await work({
        ddl: async (sql) => {
          await client.query(sql);
        },
        existing: async () =>
          runtimeIndexesOf(
            (await client.query<RuntimeIndexRow>(RUNTIME_INDEXES_SQL, [RUNTIME_INDEX_LIKE])).rows,
          ),
      });
      return true;
    } finally {
      await client.end().catch(() => undefined);
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
