import {
  aShipmentDefinition,
  DataModelClient,
  expectError,
  SHIPMENT_PROPERTIES,
} from '../support/data-model-fixtures';
import { countStoredRecords } from '../support/factories';
import { sharedTestApp, type TestApp } from '../support/test-app';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Data model: objects', () => {
  let testApp: TestApp;
  let api: DataModelClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    api = new DataModelClient(testApp, await testApp.createOrganization());
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('create', () => {
    it('creates a custom object that serves records on the very next request', async () => {
      const definition = aShipmentDefinition({ icon: 'local_shipping', color: '#3366ff' });
      const created = await api.createObject(definition).expect(201);
      expect(created.body).toEqual({
        id: definition.name,
        name: definition.name,
        labels: { singular: 'Shipment', plural: 'Shipments' },
        icon: 'local_shipping',
        color: '#3366ff',
        primary_display_property: 'tracking_number',
        is_system: false,
        properties: SHIPMENT_PROPERTIES,
        version: 1,
        created_at: expect.stringMatching(ISO_TIME),
        updated_at: expect.stringMatching(ISO_TIME),
      });
      expect((await api.getObject(definition.name).expect(200)).body).toEqual(created.body);
      const listed = await api.listObjects({ is_system: false }).expect(200);
      expect(listed.body).toEqual([created.body]);
      const record = await api.createRecord(definition.name, { weight_kg: 2.5 }).expect(201);
      expect(record.body).toMatchObject({ weight_kg: 2.5 });
    });
  });

  describe('patch', () => {
    it('changes labels, description, display property, icon and colour, and bumps the version', async () => {
      const name = await api.newObject({ description: 'Goods on their way' });
      const response = await api
        .patchObject(name, {
          labels: { singular: 'Parcel', plural: 'Parcels' },
          description: 'Parcels we send',
          primary_display_property: 'reference',
          icon: 'inventory',
          color: '#00aa55',
        })
        .expect(200);
      expect(response.body).toMatchObject({
        labels: { singular: 'Parcel', plural: 'Parcels' },
        description: 'Parcels we send',
        primary_display_property: 'reference',
        icon: 'inventory',
        color: '#00aa55',
        properties: SHIPMENT_PROPERTIES,
        version: 2,
      });
      const removed = await api.patchObject(name, { description: null }).expect(200);
      expect(removed.body).not.toHaveProperty('description');
      expect(removed.body.version).toBe(3);
    });

    it('refuses a primary display property the object does not have', async () => {
      const name = await api.newObject();
      expectError(await api.patchObject(name, { primary_display_property: 'nope' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: primary_display_property "nope" is not one of the properties`,
        errors: { primary_display_property: '"nope" is not one of the properties' },
      });
      expect(await api.versionOf(name)).toBe(1);
    });

    it.each(['person', 'custom'])('refuses to rename a %s object', async (kind) => {
      const name = kind === 'person' ? 'person' : await api.newObject();
      expectError(await api.patchObject(name, { name: 'human' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'Invalid request: name is not allowed here',
        errors: { name: 'is not allowed here' },
      });
      await api.getObject(name).expect(200);
    });

    it('answers 404 for an unknown object', async () => {
      expectError(await api.patchObject('spaceship', { icon: 'rocket' }), {
        status: 404,
        code: 'DEFINITION_NOT_FOUND',
        message: 'No object named "spaceship"',
      });
    });
  });

  describe('archive, restore and purge', () => {
    it('hides an archived object and its records, and brings both back on restore', async () => {
      const name = await api.newObject();
      const [first, second] = await api.newRecords(name, [
        { tracking_number: 'A-1' },
        { tracking_number: 'A-2' },
      ]);
      const archived = await api.archiveObject(name).expect(200);
      expect(archived.body).toMatchObject({
        name,
        version: 2,
        archived_at: expect.stringMatching(ISO_TIME),
      });
      const gone = {
        status: 404,
        code: 'DEFINITION_NOT_FOUND',
        message: `No object named "${name}"`,
      };
      expectError(await api.getObject(name), gone);
      expectError(await api.listRecords(name), gone);
      expectError(await api.getRecord(name, first!.id), gone);
      expectError(await api.createRecord(name, { tracking_number: 'A-3' }), gone);
      expect((await api.listObjects({ is_system: false }).expect(200)).body).toEqual([]);
      expect(await countStoredRecords(testApp, api.organization, name)).toBe(2);

      const restored = await api.restoreObject(name).expect(200);
      expect(restored.body).toMatchObject({ name, version: 3 });
      expect(restored.body).not.toHaveProperty('archived_at');
      expect((await api.getRecord(name, first!.id).expect(200)).body).toEqual(first);
      expect((await api.listRecords(name).expect(200)).body).toHaveLength(2);
      expect(second).toBeDefined();
    });

    it('keeps the name of an archived object taken', async () => {
      const name = await api.newObject();
      await api.archiveObject(name).expect(200);
      expectError(await api.createObject(aShipmentDefinition({ name })), {
        status: 409,
        code: 'CONFLICT',
        message: `An object named "${name}" already exists`,
        errors: { name: 'is taken (archived objects keep their name until purged)' },
      });
    });

    it('refuses to archive a system object', async () => {
      expectError(await api.archiveObject('deal'), {
        status: 409,
        code: 'CONFLICT',
        message: 'deal is a system object and cannot be archived',
      });
      await api.listRecords('deal').expect(200);
    });

    it('refuses to restore an object that is not archived, and answers 404 for an unknown one', async () => {
      const name = await api.newObject();
      expectError(await api.restoreObject(name), {
        status: 409,
        code: 'CONFLICT',
        message: `${name} is not archived`,
      });
      expectError(await api.restoreObject('spaceship'), {
        status: 404,
        code: 'DEFINITION_NOT_FOUND',
        message: 'No object named "spaceship"',
      });
    });

    it('purges only an archived object, then frees its name', async () => {
      const name = await api.newObject();
      await api.newRecords(name, [{ reference: 'r1' }, { reference: 'r2' }, { reference: 'r3' }]);
      expectError(await api.purgeObject(name), {
        status: 409,
        code: 'CONFLICT',
        message: `Archive ${name} before purging it`,
      });
      expect(await countStoredRecords(testApp, api.organization, name)).toBe(3);
      await api.archiveObject(name).expect(200);
      expect((await api.purgeObject(name).expect(200)).body).toEqual({ purged_records: 3 });
      expect(await countStoredRecords(testApp, api.organization, name)).toBe(0);
      expectError(await api.restoreObject(name), {
        status: 404,
        code: 'DEFINITION_NOT_FOUND',
        message: `No object named "${name}"`,
      });
      const again = await api.createObject(aShipmentDefinition({ name })).expect(201);
      expect(again.body.version).toBe(1);
      expect((await api.listRecords(name).expect(200)).body).toEqual([]);
    });
  });

  describe('versions', () => {
    it('lists the change history newest first, each change as a JSON Patch', async () => {
      const name = await api.newObject();
      await api.patchObject(name, { icon: 'inventory' }).expect(200);
      await api.patchProperty(name, 'weight_kg', { label: 'Weight' }).expect(200);
      await api
        .addProperty(name, { name: 'fragile', type: 'boolean', label: 'Fragile' })
        .expect(201);
      const response = await api.versions(name).expect(200);
      const versions = response.body as Array<Record<string, unknown>>;
      expect(versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
      expect(versions[0]).toEqual({
        version: 4,
        changed_at: expect.stringMatching(ISO_TIME),
        changed_by: api.organization.context.memberId,
        summary: 'Added property fragile',
        diff: [
          {
            op: 'add',
            path: '/properties/fragile',
            value: { name: 'fragile', type: 'boolean', label: 'Fragile' },
          },
        ],
      });
      expect(versions[1]).toMatchObject({
        summary: 'Changed property weight_kg',
        diff: [{ op: 'replace', path: '/properties/weight_kg/label', value: 'Weight' }],
      });
      expect(versions[2]).toMatchObject({
        diff: [{ op: 'add', path: '/icon', value: 'inventory' }],
      });
      expect(versions[3]).toMatchObject({ version: 1, summary: `Created ${name}` });
      expect(await api.versionOf(name)).toBe(4);
    });
  });
});
