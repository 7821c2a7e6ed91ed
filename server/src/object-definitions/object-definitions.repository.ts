import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { ObjectDefinitionVersionEntity } from 'src/database/entities/object-definition-version.entity';
import { ObjectDefinitionEntity } from 'src/database/entities/object-definition.entity';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager, IsNull, type QueryDeepPartialEntity } from 'typeorm';
import type { PropertyDefinition } from './definition.types';
import { propertyKey, uniqueValueSql, validValueSql } from './property-rules.sql';

export type ObjectDefinitionRow = ObjectDefinitionEntity;
export type ObjectDefinitionValues = Omit<
  ObjectDefinitionEntity,
  | 'id'
  | 'organization'
  | 'createdAt'
  | 'updatedAt'
  | 'archivedAt'
  | 'purgeStartedAt'
  | 'deletedProperties'
> & { deletedProperties?: unknown[] };
export type DefinitionVersionRow = ObjectDefinitionVersionEntity;
export type DefinitionVersionValues = Omit<
  DefinitionVersionRow,
  'id' | 'changedAt' | 'organization' | 'objectDefinition'
>;

/** Records that break a rule: how many, and a few of them. */
export interface Violations {
  count: number;
  sampleIds: string[];
}

export const DEFINITIONS_CHANNEL = 'plinth_definitions';
const SAMPLE_SIZE = 5;

@Injectable()
export class ObjectDefinitionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /** The organization's definitions; archived ones only when asked for. */
  findAll(
    organizationId: string,
    includeArchived = false,
    tx?: Tx,
  ): Promise<ObjectDefinitionRow[]> {
    return this.manager(tx)
      .getRepository(ObjectDefinitionEntity)
      .find({
        where: includeArchived ? { organizationId } : { organizationId, archivedAt: IsNull() },
        order: { name: 'ASC' },
      });
  }

  /** One definition (archived included), locked against concurrent changes and record writes. */
  findByNameForUpdate(
    organizationId: string,
    name: string,
    tx: Tx,
  ): Promise<ObjectDefinitionRow | null> {
    return managerOf(tx)
      .getRepository(ObjectDefinitionEntity)
      .findOne({ where: { organizationId, name }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * One definition by id (archived included), held FOR SHARE: definition changes (FOR UPDATE)
   * wait until the transaction ends, record writes (FOR SHARE) do not.
   */
  findByIdForShare(
    organizationId: string,
    id: string,
    tx: Tx,
  ): Promise<ObjectDefinitionRow | null> {
    return managerOf(tx)
      .getRepository(ObjectDefinitionEntity)
      .findOne({ where: { organizationId, id }, lock: { mode: 'pessimistic_read' } });
  }

  /**
   * Record writers hold the definition row FOR SHARE: a schema change (FOR UPDATE) waits for them
   * and they for it. Returns the version they may write under, or undefined (gone or archived).
   */
  async lockForRecordWrite(
    organizationId: string,
    definitionId: string,
    tx: Tx,
  ): Promise<number | undefined> {
    const rows: Array<{ version: number }> = await managerOf(tx).query(
      `SELECT version FROM object_definition
        WHERE organization_id = $1 AND id = $2 AND archived_at IS NULL FOR SHARE`,
      [organizationId, definitionId],
    );
    return rows[0]?.version;
  }

  /** The version a record write would find (undefined: gone or archived), without locking. */
  async findVersion(organizationId: string, definitionId: string): Promise<number | undefined> {
    const rows: Array<{ version: number }> = await this.dataSource.query(
      'SELECT version FROM object_definition WHERE organization_id = $1 AND id = $2 AND archived_at IS NULL',
      [organizationId, definitionId],
    );
    return rows[0]?.version;
  }

  /** Serializes definition changes of one organization (held until the transaction ends). */
  async lockOrganization(organizationId: string, tx: Tx): Promise<void> {
    await managerOf(tx).query(
      "SELECT pg_advisory_xact_lock(hashtext('object_definition:' || $1))",
      [organizationId],
    );
  }

  async insert(values: ObjectDefinitionValues, tx?: Tx): Promise<ObjectDefinitionRow> {
    const repository = this.manager(tx).getRepository(ObjectDefinitionEntity);
    return repository.save(repository.create(values));
  }

  async update(
    organizationId: string,
    id: string,
    values: Partial<ObjectDefinitionRow>,
    tx?: Tx,
  ): Promise<void> {
    await this.manager(tx)
      .getRepository(ObjectDefinitionEntity)
      .update({ organizationId, id }, values as Parameters<EntityManager['update']>[2]);
  }

  /** Several definitions in one statement (as `insert` would, row by row); returns name → id. */
  async insertMany(values: ObjectDefinitionValues[], tx: Tx): Promise<Map<string, string>> {
    if (values.length === 0) {
      return new Map();
    }
    const result = await managerOf(tx)
      .createQueryBuilder()
      .insert()
      .into(ObjectDefinitionEntity)
      // Its json columns are typed unknown[], which QueryDeepPartialEntity cannot map.
      .values(values as QueryDeepPartialEntity<ObjectDefinitionEntity>[])
      .returning(['id', 'name'])
      .updateEntity(false)
      .execute();
    const rows = result.raw as Array<{ id: string; name: string }>;
    return new Map(rows.map((row) => [row.name, row.id]));
  }

  async insertVersion(values: DefinitionVersionValues, tx: Tx): Promise<void> {
    const repository = managerOf(tx).getRepository(ObjectDefinitionVersionEntity);
    await repository.save(repository.create(values));
  }

  /** Several history rows in one statement. */
  async insertVersions(values: DefinitionVersionValues[], tx: Tx): Promise<void> {
    if (values.length === 0) {
      return;
    }
    await managerOf(tx)
      .createQueryBuilder()
      .insert()
      .into(ObjectDefinitionVersionEntity)
      .values(values as QueryDeepPartialEntity<ObjectDefinitionVersionEntity>[])
      .updateEntity(false)
      .execute();
  }

  findVersions(organizationId: string, definitionId: string): Promise<DefinitionVersionRow[]> {
    return this.dataSource.getRepository(ObjectDefinitionVersionEntity).find({
      where: { organizationId, objectDefinitionId: definitionId },
      order: { version: 'DESC' },
    });
  }

  /** Delivered to every Plinth process LISTENing, when the transaction commits. */
  async notifyChanged(organizationId: string, tx: Tx): Promise<void> {
    await managerOf(tx).query('SELECT pg_notify($1, $2)', [DEFINITIONS_CHANNEL, organizationId]);
  }

  /**
   * Calls `onChange(organizationId)` whenever any process commits a definition change. Uses a
   * dedicated connection (LISTEN holds it); returns a function that stops listening.
   */
  async listenForChanges(
    onChange: (organizationId: string) => void,
    onLost: () => void,
  ): Promise<() => Promise<void>> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'plinth-listen' });
    let isClosing = false;
    client.on('notification', (message) => {
      if (message.channel === DEFINITIONS_CHANNEL && message.payload) {
        onChange(message.payload);
      }
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (!isClosing) {
        onLost();
      }
    });
    await client.connect();
    await client.query(`LISTEN ${DEFINITIONS_CHANNEL}`);
    return () => {
      isClosing = true;
      return client.end();
    };
  }

  async countRecords(organizationId: string, definitionId: string, tx?: Tx): Promise<number> {
    const rows: Array<{ total: number }> = await this.manager(tx).query(
      'SELECT count(*)::int AS total FROM record WHERE organization_id = $1 AND object_definition_id = $2',
      [organizationId, definitionId],
    );
    return rows[0]?.total ?? 0;
  }

  /** Records whose value of `property` breaks its rules (and, if asked, those lacking a value). */
  async findViolations(
    organizationId: string,
    definitionId: string,
    property: PropertyDefinition,
    options: { values: boolean; presence: boolean },
    tx: Tx,
  ): Promise<Violations> {
    const params: unknown[] = [organizationId, definitionId];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const key = propertyKey(property);
    const broken: string[] = [];
    if (options.values) {
      broken.push(`(r.properties ? ${key} AND NOT (${validValueSql(property, bind)}))`);
    }
    if (options.presence) {
      broken.push(`NOT (r.properties ? ${key})`);
    }
    if (broken.length === 0) {
      return { count: 0, sampleIds: [] };
    }
    return this.countAndSample(
      `FROM record r WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND (${broken.join(' OR ')})`,
      params,
      tx,
    );
  }

  /** Records sharing a value of `property` with another record. */
  async findDuplicates(
    organizationId: string,
    definitionId: string,
    property: PropertyDefinition,
    tx: Tx,
  ): Promise<Violations> {
    const value = uniqueValueSql(property);
    return this.countAndSample(
      `FROM record r JOIN (
         SELECT ${value} AS v FROM record r
          WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.properties ? ${propertyKey(property)}
          GROUP BY 1 HAVING count(*) > 1) d ON d.v = ${value}
        WHERE r.organization_id = $1 AND r.object_definition_id = $2`,
      [organizationId, definitionId],
      tx,
    );
  }

  private async countAndSample(from: string, params: unknown[], tx: Tx): Promise<Violations> {
    // Counting and sampling apart: aggregating every violating id would cost more than the count.
    const [counted] = await managerOf(tx).query<
      Array<{
        total: number;
      }>
    >(`SELECT count(*)::int AS total ${from}`, params);
    const total = counted?.total ?? 0;
    if (total === 0) {
      return { count: 0, sampleIds: [] };
    }
    const sample = await managerOf(tx).query<Array<{ id: string }>>(
      `SELECT r.id ${from} LIMIT ${SAMPLE_SIZE}`,
      params,
    );
    return { count: total, sampleIds: sample.map((row) => row.id) };
  }

  /** The guard rows of a property turned unique (checked for duplicates first). */
  async claimUniqueValues(
    organizationId: string,
    definitionId: string,
    property: PropertyDefinition,
    tx: Tx,
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO record_unique_value (object_definition_id, property_name, value, organization_id, record_id)
       SELECT r.object_definition_id, $3, ${uniqueValueSql(property)}, r.organization_id, r.id FROM record r
        WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.properties ? ${propertyKey(property)}`,
      [organizationId, definitionId, property.name],
    );
  }

  async releaseUniqueValues(
    organizationId: string,
    definitionId: string,
    propertyName: string,
    tx: Tx,
  ): Promise<void> {
    await managerOf(tx).query(
      `DELETE FROM record_unique_value WHERE organization_id = $1 AND object_definition_id = $2 AND property_name = $3`,
      [organizationId, definitionId, propertyName],
    );
  }

  /** Reads json values in pages (for checks SQL cannot make); `visit` returns false to stop. */
  async scanValues(
    organizationId: string,
    definitionId: string,
    property: PropertyDefinition,
    visit: (id: string, value: unknown) => boolean,
    tx: Tx,
  ): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; value: unknown }> = await managerOf(tx).query(
        `SELECT r.id, r.properties->${propertyKey(property)} AS value FROM record r
          WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.id > $3 AND r.properties ? ${propertyKey(property)}
          ORDER BY r.id LIMIT 1000`,
        [organizationId, definitionId, after],
      );
      for (const row of rows) {
        if (!visit(row.id, row.value)) {
          return;
        }
      }
      const last = rows[rows.length - 1];
      if (!last) {
        return;
      }
      after = last.id;
    }
  }

  /**
   * Up to `batchSize` records of the object still holding a value of the property, locked until the
   * transaction ends (a concurrent write cannot slip between reading and rewriting them).
   */
  async lockRecordsWithValue(
    organizationId: string,
    definitionId: string,
    propertyName: string,
    batchSize: number,
    tx: Tx,
  ): Promise<Array<{ id: string; properties: Record<string, unknown> }>> {
    return managerOf(tx).query(
      `SELECT id, properties FROM record
        WHERE organization_id = $1 AND object_definition_id = $2 AND properties ? $3::text
        ORDER BY id LIMIT $4 FOR UPDATE`,
      [organizationId, definitionId, propertyName, batchSize],
    );
  }

  /**
   * Removes a property's value from the given records, with their display name and search text
   * recomputed without it, so neither the record nor full-text search keeps a copy.
   */
  async removeValues(
    organizationId: string,
    propertyName: string,
    records: Array<{ id: string; displayName: string | null; searchText: string }>,
    tx: Tx,
  ): Promise<void> {
    await managerOf(tx).query(
      `UPDATE record AS r SET properties = r.properties - $2::text, display_name = x.display_name,
              search_vector = to_tsvector('simple', plinth_unaccent(x.search_text))
         FROM unnest($3::uuid[], $4::text[], $5::text[]) AS x(id, display_name, search_text)
        WHERE r.organization_id = $1 AND r.id = x.id`,
      [
        organizationId,
        propertyName,
        records.map((record) => record.id),
        records.map((record) => record.displayName),
        records.map((record) => record.searchText),
      ],
    );
  }

  /** Deletes up to `batchSize` records of an object; returns how many. */
  async deleteRecordsBatch(
    organizationId: string,
    definitionId: string,
    batchSize: number,
    tx: Tx,
  ): Promise<number> {
    const [, affected] = await managerOf(tx).query<[unknown[], number]>(
      `DELETE FROM record WHERE id IN (SELECT id FROM record WHERE organization_id = $1 AND object_definition_id = $2 LIMIT $3)`,
      [organizationId, definitionId, batchSize],
    );
    return affected;
  }

  async deleteDefinition(organizationId: string, id: string, tx: Tx): Promise<void> {
    await managerOf(tx).getRepository(ObjectDefinitionEntity).delete({ organizationId, id });
  }
}
