import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { DataSource, type EntityManager } from 'typeorm';
import { propertyKey, uniqueValueSql, validValueSql } from './property-rules.sql';

export interface Violations {
  count: number;
  sampleIds: string[];
}

const SAMPLE_SIZE = 5;

/**
 * Record data as a whole object's or property's, for the data model's changes: counts and checks
 * of existing values, the unique-value guard rows of a property, purges. Record by record writes
 * go through the write path (record-write.pipeline.ts), never through here.
 */
@Injectable()
export class RecordDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  async countRecords(organizationId: string, definitionId: string, tx?: Tx): Promise<number> {
    const rows: Array<{ total: number }> = await this.manager(tx).query(
      'SELECT count(*)::int AS total FROM record WHERE organization_id = $1 AND object_definition_id = $2',
      [organizationId, definitionId],
    );
    return rows[0]?.total ?? 0;
  }

  /**
   * At least `minimum` live records: a count stopped at `minimum`, so it reads at most that many
   * entries of the newest-first index, however large the object.
   */
  async hasAtLeastRecords(
    organizationId: string,
    definitionId: string,
    minimum: number,
    tx?: Tx,
  ): Promise<boolean> {
    const rows: Array<{ total: number }> = await this.manager(tx).query(
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM record
        WHERE organization_id = $1 AND object_definition_id = $2 AND archived_at IS NULL LIMIT $3) r`,
      [organizationId, definitionId, minimum],
    );
    return (rows[0]?.total ?? 0) >= minimum;
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

  /**
   * Records whose value of `property` is one of `states`, within one pipeline (the `selector`
   * property's value) unless `selector` is null.
   */
  findInStates(
    organizationId: string,
    definitionId: string,
    property: string,
    states: string[],
    selector: { property: string; value: string } | null,
    tx: Tx,
  ): Promise<Violations> {
    const params: unknown[] = [organizationId, definitionId, property, states];
    const inPipeline = selector ? ` AND r.properties ->> $5 = $6` : '';
    if (selector) {
      params.push(selector.property, selector.value);
    }
    return this.countAndSample(
      `FROM record r WHERE r.organization_id = $1 AND r.object_definition_id = $2 AND r.properties ->> $3 = ANY($4::text[])${inPipeline}`,
      params,
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

  /** Deletes up to `batchSize` records of an object (archived ones too); returns their ids. */
  async deleteRecordsBatch(
    organizationId: string,
    definitionId: string,
    batchSize: number,
    tx: Tx,
  ): Promise<string[]> {
    const [rows] = await managerOf(tx).query<[Array<{ id: string }>, number]>(
      `DELETE FROM record WHERE organization_id = $1
         AND id IN (SELECT id FROM record WHERE organization_id = $1 AND object_definition_id = $2 LIMIT $3)
       RETURNING id`,
      [organizationId, definitionId, batchSize],
    );
    return rows.map((row) => row.id);
  }
}
