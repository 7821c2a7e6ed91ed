import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { ObjectDefinitionVersionEntity } from 'src/database/entities/object-definition-version.entity';
import { ObjectDefinitionEntity } from 'src/database/entities/object-definition.entity';
import { SystemDefinitionTemplateEntity } from 'src/database/entities/system-definition-template.entity';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager, In, IsNull, type QueryDeepPartialEntity } from 'typeorm';

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
export type SystemTemplateValues = SystemDefinitionTemplateEntity;
export type DefinitionVersionValues = Omit<
  DefinitionVersionRow,
  'id' | 'changedAt' | 'organization' | 'objectDefinition'
>;

/** Records that break a rule: how many, and a few of them. */

export const DEFINITIONS_CHANNEL = 'plinth_definitions';

/** A live definition's own fields, and a SHA-256 of its content (what organizations may share). */
export interface DefinitionHead {
  id: string;
  name: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  contentHash: string;
}

/**
 * Everything of a definition but its id, organization, version and dates (toObjectDefinition's
 * fields), as jsonb text: canonical, so equal contents hash alike in every organization.
 */
const CONTENT_HASH_SQL = `encode(sha256(convert_to(jsonb_build_array(
    name, label_singular, label_plural, description, nav_group, icon, color,
    primary_display_property, identity, properties, json_schema, is_system)::text, 'UTF8')), 'hex')`;

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

  /** The organization's live definitions without their content, in name order. */
  findLiveHeads(organizationId: string): Promise<DefinitionHead[]> {
    return this.dataSource.query(
      `SELECT id, name, version, created_at AS "createdAt", updated_at AS "updatedAt",
              archived_at AS "archivedAt", ${CONTENT_HASH_SQL} AS "contentHash"
         FROM object_definition
        WHERE organization_id = $1 AND archived_at IS NULL
        ORDER BY name`,
      [organizationId],
    );
  }

  /** Some of the organization's definitions, whole. */
  findByIds(organizationId: string, ids: string[]): Promise<ObjectDefinitionRow[]> {
    return this.dataSource
      .getRepository(ObjectDefinitionEntity)
      .find({ where: { organizationId, id: In(ids) } });
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

  /**
   * Stores the shipped definitions (with their first history row) as the template new
   * organizations are copied from; a row whose content is unchanged is left alone.
   */
  async writeSystemTemplate(rows: SystemTemplateValues[], tx: Tx): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    await managerOf(tx)
      .createQueryBuilder()
      .insert()
      .into(SystemDefinitionTemplateEntity)
      .values(rows as QueryDeepPartialEntity<SystemDefinitionTemplateEntity>[])
      .orUpdate(
        [
          'content_hash',
          'label_singular',
          'label_plural',
          'description',
          'nav_group',
          'icon',
          'color',
          'properties',
          'json_schema',
          'primary_display_property',
          'identity',
          'system_source',
          'version_summary',
          'version_diff',
          'version_snapshot',
        ],
        ['name'],
        {
          overwriteCondition: {
            where: 'system_definition_template.content_hash <> EXCLUDED.content_hash',
          },
        },
      )
      .updateEntity(false)
      .execute();
  }

  /**
   * Copies the template rows named in `wanted` whose content hash matches into the organization,
   * with their first history rows, in two statements; returns the ids by name of those copied
   * (a row another server version rewrote meanwhile is not, and its caller inserts it itself).
   */
  async insertFromSystemTemplate(
    organizationId: string,
    wanted: ReadonlyArray<{ name: string; contentHash: string }>,
    tx: Tx,
  ): Promise<Map<string, string>> {
    if (wanted.length === 0) {
      return new Map();
    }
    // One statement, so the definitions and their history read the same template rows.
    const rows = await managerOf(tx).query<Array<{ id: string; name: string }>>(
      `WITH t AS (
         SELECT t.* FROM system_definition_template t
           JOIN unnest($2::text[], $3::text[]) AS w(name, content_hash)
             ON w.name = t.name AND w.content_hash = t.content_hash),
       d AS (
         INSERT INTO object_definition (organization_id, name, label_singular, label_plural,
                description, nav_group, icon, color, is_system, properties, json_schema,
                primary_display_property, identity, system_source, version)
         SELECT $1, name, label_singular, label_plural, description, nav_group, icon, color, true,
                properties, json_schema, primary_display_property, identity, system_source, 1
           FROM t
         RETURNING id, name),
       v AS (
         INSERT INTO object_definition_version (organization_id, object_definition_id, version,
                changed_by, summary, diff, snapshot)
         SELECT $1, d.id, 1, NULL, t.version_summary, t.version_diff, t.version_snapshot
           FROM d JOIN t ON t.name = d.name)
       SELECT id, name FROM d`,
      [organizationId, wanted.map((w) => w.name), wanted.map((w) => w.contentHash)],
    );
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

  async deleteDefinition(organizationId: string, id: string, tx: Tx): Promise<void> {
    await managerOf(tx).getRepository(ObjectDefinitionEntity).delete({ organizationId, id });
  }
}
