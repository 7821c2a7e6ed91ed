import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { startSecondApp } from '../support/second-app';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

interface StoredTask {
  version: number;
  label_plural: string;
  has_estimate: boolean;
  hash: string | null;
}

/**
 * A start syncs no organization but the default one: each other organization gets the shipped
 * system definitions on its first request (or from the background pass), before that request
 * reads them (docs/architecture.md, "Many organizations").
 */
describe('Organizations: system definitions upgraded on first use', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  /**
   * What an earlier release would have left: its task had no `estimated_hours` and was called
   * "Old tasks", and the organization is marked with that release's content (here: none).
   */
  async function makeOutdated(organizationId: string): Promise<void> {
    const withoutEstimate = `(SELECT jsonb_agg(p ORDER BY n) FROM jsonb_array_elements(properties)
        WITH ORDINALITY AS e(p, n) WHERE p->>'name' <> 'estimated_hours')`;
    await testApp.dataSource.query(
      `UPDATE object_definition
          SET properties = ${withoutEstimate},
              json_schema = json_schema #- '{properties,estimated_hours}',
              label_plural = 'Old tasks',
              system_source = jsonb_set(
                jsonb_set(system_source, '{properties}', ${withoutEstimate.replace(
                  'jsonb_array_elements(properties)',
                  "jsonb_array_elements(system_source->'properties')",
                )}),
                '{labels,plural}', '"Old tasks"')
        WHERE organization_id = $1 AND name = 'task'`,
      [organizationId],
    );
    await testApp.dataSource.query(
      `UPDATE organization SET system_definitions_hash = NULL WHERE id = $1`,
      [organizationId],
    );
  }

  async function storedTask(organizationId: string): Promise<StoredTask> {
    const [row] = await testApp.dataSource.query<StoredTask[]>(
      `SELECT d.version, d.label_plural, d.properties @> '[{"name": "estimated_hours"}]' AS has_estimate,
              o.system_definitions_hash AS hash
         FROM object_definition d JOIN organization o ON o.id = d.organization_id
        WHERE d.organization_id = $1 AND d.name = 'task'`,
      [organizationId],
    );
    if (!row) {
      throw new Error(`no task in ${organizationId}`);
    }
    return row;
  }

  const task = { title: 'Estimate', status: 'todo', priority: 'low', estimated_hours: 3 };

  it('starts without syncing them, upgrades one before its first request and the rest in the background', async () => {
    const organizations: TestOrganization[] = [];
    for (let i = 0; i < 3; i++) {
      organizations.push(await testApp.createOrganization());
    }
    const current = await storedTask(organizations[0]!.id);
    expect(current).toMatchObject({ version: 1, label_plural: 'Tasks', has_estimate: true });
    expect(current.hash).toEqual(expect.stringMatching(/^[0-9a-f]{64}$/));
    for (const organization of organizations) {
      await makeOutdated(organization.id);
    }
    const outdated = { version: 1, label_plural: 'Old tasks', has_estimate: false, hash: null };

    // Another server process starts on this database: like a restart after an upgrade.
    const second = await startSecondApp(testApp);
    try {
      for (const organization of organizations) {
        expect(await storedTask(organization.id)).toEqual(outdated);
      }

      const [first, ...others] = organizations;
      const created = await second
        .http()
        .post('/api/objects/task')
        .set(first!.headers)
        .send(task)
        .expect(201);
      expect(created.body).toMatchObject({ estimated_hours: 3 });
      expect(await storedTask(first!.id)).toEqual({ ...current, version: 2 });
      const definition = await second
        .http()
        .get('/api/object-definitions/task')
        .set(first!.headers)
        .expect(200);
      expect(definition.body).toMatchObject({ labels: { plural: 'Tasks' }, version: 2 });
      for (const organization of others) {
        expect(await storedTask(organization.id)).toEqual(outdated);
      }

      expect(await second.app.get(SystemDefinitionsBootstrap).upgradeInBackground()).toBe(
        others.length,
      );
      for (const organization of others) {
        expect(await storedTask(organization.id)).toEqual({ ...current, version: 2 });
      }
      await second.http().post('/api/objects/task').set(others[0]!.headers).send(task).expect(201);
    } finally {
      await second.close();
    }
  });

  it('checks a marked organization once and changes nothing in it', async () => {
    const organization = await testApp.createOrganization();
    const before = await storedTask(organization.id);
    const second = await startSecondApp(testApp);
    try {
      await second
        .http()
        .post('/api/objects/task')
        .set(organization.headers)
        .send(task)
        .expect(201);
      await second.http().get('/api/objects/task').set(organization.headers).expect(200);
      expect(await storedTask(organization.id)).toEqual(before);
      expect(await second.app.get(SystemDefinitionsBootstrap).upgradeInBackground()).toBe(0);
    } finally {
      await second.close();
    }
  });
});
