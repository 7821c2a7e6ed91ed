import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { readSystemAssociations } from 'src/association-definitions/system-associations';
import { ObjectDefinitionEntity } from 'src/database/entities/object-definition.entity';
import { diffDefinitions, toDefinitionInput } from 'src/object-definitions/definition-change';
import { readSystemDefinitionFiles } from 'src/object-definitions/definition-files';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import { DEFINITIONS_CHANNEL } from 'src/object-definitions/object-definitions.repository';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { startTestApp, type TestApp } from '../support/test-app';

/** An organization's system rows, ids replaced by object names and timestamps left out. */
interface StoredDefinitions {
  objects: Array<Record<string, unknown>>;
  history: Array<Record<string, unknown>>;
  associations: Array<Record<string, unknown>>;
  /** Distinct created_at, updated_at and changed_at values: one transaction writes them all. */
  timestamps: number;
}

/** A new organization holds exactly the system objects, history and associations the files ship. */
describe('Organizations: provisioning', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function stored(organizationId: string): Promise<StoredDefinitions> {
    const query = async (sql: string): Promise<Array<Record<string, unknown>>> => {
      const rows: Array<{ row: Record<string, unknown> }> = await testApp.dataSource.query(sql, [
        organizationId,
      ]);
      return rows.map(({ row }) => row);
    };
    const [timestamps] = await query(
      `SELECT jsonb_build_object('count', count(DISTINCT t)) AS row FROM (
         SELECT created_at AS t FROM object_definition WHERE organization_id = $1
         UNION ALL SELECT updated_at FROM object_definition WHERE organization_id = $1
         UNION ALL SELECT changed_at FROM object_definition_version WHERE organization_id = $1) x`,
    );
    return {
      objects: await query(
        `SELECT to_jsonb(d) - 'id' - 'organization_id' - 'created_at' - 'updated_at' AS row
           FROM object_definition d WHERE d.organization_id = $1 ORDER BY d.name`,
      ),
      history: await query(
        `SELECT to_jsonb(v) - 'id' - 'organization_id' - 'object_definition_id' - 'changed_at'
                || jsonb_build_object('object', d.name) AS row
           FROM object_definition_version v JOIN object_definition d ON d.id = v.object_definition_id
          WHERE v.organization_id = $1 ORDER BY d.name, v.version`,
      ),
      associations: await query(
        `SELECT to_jsonb(a) - 'id' - 'organization_id' - 'from_object_definition_id'
                - 'to_object_definition_id' - 'created_at' - 'updated_at'
                || jsonb_build_object('from', f.name, 'to', t.name) AS row
           FROM association_definition a
           JOIN object_definition f ON f.id = a.from_object_definition_id
           JOIN object_definition t ON t.id = a.to_object_definition_id
          WHERE a.organization_id = $1 ORDER BY a.name`,
      ),
      timestamps: timestamps?.count as number,
    };
  }

  it('registers exactly the shipped objects, their first history rows and associations', async () => {
    const organization = await testApp.createOrganization();
    const definitions = readSystemDefinitionFiles().map(
      ({ content }) => content as ObjectDefinitionInput,
    );
    const objects = await testApp.dataSource
      .getRepository(ObjectDefinitionEntity)
      .find({ where: { organizationId: organization.id }, order: { name: 'ASC' } });
    // The `hubspot` block names the object on the HubSpot surface; it is read from the file, not stored.
    expect(objects.map(toDefinitionInput)).toEqual(
      definitions.map(({ hubspot: _hubspot, ...definition }) => definition),
    );
    expect(objects.map(({ jsonSchema, systemSource }) => ({ jsonSchema, systemSource }))).toEqual(
      definitions.map((definition) => ({
        jsonSchema: compileDefinitionSchema(definition),
        systemSource: definition,
      })),
    );
    for (const object of objects) {
      expect(object).toMatchObject({ isSystem: true, version: 1, deletedProperties: [] });
      expect(object).toMatchObject({ archivedAt: null, purgeStartedAt: null });
    }
    const rows = await stored(organization.id);
    expect(rows.history).toEqual(
      definitions.map((definition) => ({
        object: definition.name,
        version: 1,
        changed_by: null,
        summary: 'Registered system object',
        diff: diffDefinitions(undefined, definition),
        snapshot: definition,
      })),
    );
    expect(rows.timestamps).toBe(1);
    const associations = await testApp.app
      .get(AssociationDefinitionsService)
      .listDefinitions(organization.context);
    expect(
      associations.map(({ name, from, to, cardinality, from_side, to_side, isSystem }) => ({
        name,
        from,
        to,
        cardinality,
        from_side,
        to_side,
        isSystem,
      })),
    ).toEqual(
      readSystemAssociations()
        .map((association) => ({ ...association, isSystem: true }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  });

  it('provisions the same rows as the start-up registration of the default organization', async () => {
    const defaultId = await testApp.app.get(OrganizationsService).defaultOrganizationId();
    const organization = await testApp.createOrganization();
    expect(await stored(organization.id)).toEqual(await stored(defaultId));
  });

  it('copies the shipped definitions from the template, and inserts any it does not hold as shipped', async () => {
    const defaultId = await testApp.app.get(OrganizationsService).defaultOrganizationId();
    const names = (
      await testApp.dataSource.query<Array<{ name: string }>>(
        `SELECT name FROM system_definition_template ORDER BY name`,
      )
    ).map(({ name }) => name);
    expect(names).toEqual(
      readSystemDefinitionFiles()
        .map(({ content }) => (content as ObjectDefinitionInput).name)
        .sort(),
    );
    // Another server version rewrote one row: this one does not copy it, it inserts its own.
    const [saved] = await testApp.dataSource.query<
      Array<{ content_hash: string; properties: unknown[] }>
    >(`SELECT content_hash, properties FROM system_definition_template WHERE name = 'deal'`);
    await testApp.dataSource.query(
      `UPDATE system_definition_template SET content_hash = 'other', properties = '[]'
        WHERE name = 'deal'`,
    );
    try {
      const organization = await testApp.createOrganization();
      expect(await stored(organization.id)).toEqual(await stored(defaultId));
    } finally {
      await testApp.dataSource.query(
        `UPDATE system_definition_template SET content_hash = $1, properties = $2::jsonb
          WHERE name = 'deal'`,
        [saved!.content_hash, JSON.stringify(saved!.properties)],
      );
    }
  });

  it('changes nothing when the organization is provisioned again', async () => {
    const organization = await testApp.createOrganization();
    const before = await stored(organization.id);
    expect(
      await testApp.app.get(ObjectDefinitionsService).syncSystemDefinitions(organization.id),
    ).toEqual({ created: [], upgraded: [] });
    expect(
      await testApp.app.get(AssociationDefinitionsService).syncSystemAssociations(organization.id),
    ).toBe(0);
    expect(await stored(organization.id)).toEqual(before);
  });

  it('registers only what is missing: one object and the associations of live objects', async () => {
    const organization = await testApp.createOrganization();
    const expected = await stored(organization.id);
    await testApp.dataSource.query(
      `DELETE FROM object_definition WHERE organization_id = $1 AND name = 'appointment'`,
      [organization.id],
    );
    await testApp.dataSource.query(
      `UPDATE object_definition SET archived_at = now() WHERE organization_id = $1 AND name = 'file'`,
      [organization.id],
    );
    await testApp.dataSource.query(
      `DELETE FROM association_definition a USING object_definition d
        WHERE a.organization_id = $1 AND d.name = 'file'
          AND d.id IN (a.from_object_definition_id, a.to_object_definition_id)`,
      [organization.id],
    );
    expect(
      await testApp.app.get(ObjectDefinitionsService).syncSystemDefinitions(organization.id),
    ).toEqual({ created: ['appointment'], upgraded: [] });
    const created = await testApp.app
      .get(AssociationDefinitionsService)
      .syncSystemAssociations(organization.id);
    const rows = await stored(organization.id);
    const isFile = (row: Record<string, unknown>) => row.name === 'file';
    expect(rows.objects.filter((row) => !isFile(row))).toEqual(
      expected.objects.filter((row) => !isFile(row)),
    );
    expect(rows.history).toEqual(expected.history);
    const of = (object: string) => (row: Record<string, unknown>) =>
      row.from === object || row.to === object;
    expect(created).toBe(expected.associations.filter(of('appointment')).length);
    expect(rows.associations).toEqual(expected.associations.filter((row) => !of('file')(row)));
  });

  it('upgrades an object whose shipped file changed, keeping the properties admins added and automatic index states', async () => {
    const organization = await testApp.createOrganization();
    const note = { name: 'admin_note', type: 'text', label: 'Admin note' };
    // An admin dropped the automatic index of a shipped property: that stays too.
    const price = (
      await testApp.dataSource.query<Array<{ i: number }>>(
        `SELECT i - 1 AS i FROM object_definition, jsonb_array_elements(properties) WITH ORDINALITY AS p(v, i)
        WHERE organization_id = $1 AND name = 'product' AND v->>'name' = 'price'`,
        [organization.id],
      )
    )[0]!.i;
    await testApp.dataSource.query(
      `UPDATE object_definition
          SET system_source = jsonb_set(system_source, '{labels,plural}', '"Old products"'),
              properties = jsonb_set(properties, ARRAY[$3::text, 'auto_index'], '"dropped"')
                           || jsonb_build_array($2::jsonb)
        WHERE organization_id = $1 AND name = 'product'`,
      [organization.id, note, String(price)],
    );
    expect(
      await testApp.app.get(ObjectDefinitionsService).syncSystemDefinitions(organization.id),
    ).toEqual({ created: [], upgraded: ['product'] });
    const product = await testApp.dataSource
      .getRepository(ObjectDefinitionEntity)
      .findOneByOrFail({ organizationId: organization.id, name: 'product' });
    const shippedProduct = readSystemDefinitionFiles().find(({ file }) => file === 'product.json')
      ?.content as ObjectDefinitionInput;
    expect(product).toMatchObject({ version: 2, systemSource: shippedProduct });
    expect(product.properties).toEqual([
      ...shippedProduct.properties.map((p) =>
        p.name === 'price' ? { ...p, auto_index: 'dropped' } : p,
      ),
      note,
    ]);
    const history = (await stored(organization.id)).history.filter(
      (row) => row.object === 'product',
    );
    expect(history.map(({ version, summary }) => `${String(version)}: ${String(summary)}`)).toEqual(
      ['1: Registered system object', '2: Upgraded from the shipped definition file'],
    );
  });

  it('notifies the other processes once', async () => {
    const { url } = testApp.dataSource.options as { url?: string };
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const payloads: string[] = [];
      const marker = randomUUID();
      const markerSeen = new Promise<void>((resolve) => {
        client.on('notification', ({ payload }) => {
          if (payload === marker) {
            resolve();
          } else if (payload) {
            payloads.push(payload);
          }
        });
      });
      await client.query(`LISTEN ${DEFINITIONS_CHANNEL}`);
      const organization = await testApp.createOrganization();
      // Notifications arrive in commit order: once the marker is in, provisioning's are too.
      await testApp.dataSource.query('SELECT pg_notify($1, $2)', [DEFINITIONS_CHANNEL, marker]);
      await markerSeen;
      expect(payloads).toEqual([organization.id]);
    } finally {
      await client.end();
    }
  });
});
