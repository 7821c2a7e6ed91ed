import { DataModelClient, expectError, idsOf } from '../support/data-model-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

const FRAGILE = { name: 'fragile', type: 'boolean', label: 'Fragile' };

describe('Data model: properties', () => {
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

  describe('add', () => {
    it('adds a property at any record count, usable on the very next request', async () => {
      const name = await api.newObject();
      await api.newRecords(name, [{ reference: 'a' }, { reference: 'b' }, { reference: 'c' }]);
      const added = await api.addProperty(name, FRAGILE).expect(201);
      expect(added.body).toEqual({ dry_run: false, property: FRAGILE, checked_records: 0 });
      expect(await api.versionOf(name)).toBe(2);
      const properties = (await api.listProperties(name).expect(200)).body as Array<{
        name: string;
      }>;
      expect(properties.at(-1)).toEqual(FRAGILE);
      const record = await api.createRecord(name, { fragile: true }).expect(201);
      expect(record.body).toMatchObject({ fragile: true });
    });

    it('refuses a required property without a default while records lack it', async () => {
      const name = await api.newObject();
      const records = await api.newRecords(name, [{ reference: 'a' }, { reference: 'b' }]);
      const body = { ...FRAGILE, required: true };
      for (const isDryRun of [true, false]) {
        expectError(await api.addProperty(name, body, isDryRun), {
          status: 409,
          code: 'SCHEMA_CHANGE_CONFLICT',
          message: `Cannot apply this change to the property fragile: 2 ${name} records have no value for it and it has no default; fix or remove them first (dry_run=true reports this without changing anything)`,
          errors: { fragile: 'have no value for it and it has no default' },
          details: { violations: 2, sample_ids: idsOf(records) },
        });
      }
      expect(await api.versionOf(name)).toBe(1);
    });

    it('adds a required property without a default to an object without records', async () => {
      const name = await api.newObject();
      const body = { ...FRAGILE, required: true };
      await api.addProperty(name, body).expect(201);
      const response = await api.createRecord(name, { reference: 'x' });
      expectError(response, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: fragile is required`,
        errors: { fragile: 'is required' },
      });
    });

    it('adds a required property with a default, which reads of older records return', async () => {
      const name = await api.newObject();
      const [old] = await api.newRecords(name, [{ reference: 'old' }]);
      await api.addProperty(name, { ...FRAGILE, required: true, default: false }).expect(201);
      expect((await api.getRecord(name, old!.id).expect(200)).body).toMatchObject({
        fragile: false,
      });
      expect((await api.listRecords(name).expect(200)).body).toEqual([
        expect.objectContaining({ id: old!.id, fragile: false }),
      ]);
      const updated = await api.patchRecord(name, old!.id, { reference: 'older' }).expect(200);
      expect(updated.body).toMatchObject({ reference: 'older', fragile: false });
      const created = await api.createRecord(name, { reference: 'new' }).expect(201);
      expect(await api.storedProperties(created.body.id)).toEqual({
        reference: 'new',
        fragile: false,
      });
    });

    it('only checks the data on a dry run', async () => {
      const name = await api.newObject();
      await api.newRecords(name, [{ reference: 'a' }]);
      const response = await api.addProperty(name, FRAGILE, true).expect(201);
      expect(response.body).toEqual({ dry_run: true, property: FRAGILE, checked_records: 0 });
      expect(await api.versionOf(name)).toBe(1);
      await api.createRecord(name, { fragile: true }).expect(400);
    });
  });

  describe('label and name', () => {
    it('renames the label at any time without checking data', async () => {
      const name = await api.newObject();
      await api.newRecords(name, [{ weight_kg: 1 }, { weight_kg: 2 }]);
      const response = await api.patchProperty(name, 'weight_kg', { label: 'Weight' }).expect(200);
      expect(response.body).toEqual({
        dry_run: false,
        property: { name: 'weight_kg', type: 'number', label: 'Weight' },
        checked_records: 0,
      });
      expect(await api.versionOf(name)).toBe(2);
    });

    it('never changes the name, the API key', async () => {
      const name = await api.newObject();
      expectError(await api.patchProperty(name, 'weight_kg', { name: 'weight' }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: "A property's name never changes (it is the API key); change its label instead",
        errors: { name: 'cannot be changed' },
      });
      expect(await api.versionOf(name)).toBe(1);
    });
  });

  describe('delete, restore and purge', () => {
    it('hides a deleted property from the API and brings its values back on restore', async () => {
      const name = await api.newObject();
      const [record] = await api.newRecords(name, [{ reference: 'R-1', weight_kg: 3 }]);
      const deleted = await api.deleteProperty(name, 'weight_kg').expect(200);
      expect(deleted.body).toEqual({ name: 'weight_kg', type: 'number', label: 'Weight (kg)' });
      const definition = await api.getObject(name).expect(200);
      expect(definition.body.properties.map((p: { name: string }) => p.name)).not.toContain(
        'weight_kg',
      );
      const schema = await testApp
        .http()
        .get(`/api/object-definitions/${name}/schema`)
        .set(api.organization.headers)
        .expect(200);
      expect(JSON.parse(schema.text).properties).not.toHaveProperty('weight_kg');
      expect((await api.getRecord(name, record!.id).expect(200)).body).toEqual({
        id: record!.id,
        reference: 'R-1',
        // Created with the organization owner's API key: the owner owns it, the key acted.
        owner_id: api.organization.context.memberId,
        created_by: expect.stringMatching(/^api_key:[0-9a-f-]{36}$/),
        updated_by: expect.stringMatching(/^api_key:[0-9a-f-]{36}$/),
        created_at: record!.created_at,
        updated_at: record!.updated_at,
      });
      expectError(await api.listRecords(name, { weight_kg: 3 }), {
        status: 400,
        code: 'BAD_REQUEST',
        message: `Invalid filter: weight_kg is not a property of ${name}`,
        errors: { 'filter.weight_kg': `is not a property of ${name}` },
      });
      expectError(await api.createRecord(name, { weight_kg: 4 }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: weight_kg is not a property of ${name}`,
        errors: { weight_kg: `is not a property of ${name}` },
      });
      await api.patchRecord(name, record!.id, { reference: 'R-2' }).expect(200);
      expect(await api.storedProperties(record!.id)).toEqual({ reference: 'R-2', weight_kg: 3 });

      await api.restoreProperty(name, 'weight_kg').expect(200);
      expect((await api.getRecord(name, record!.id).expect(200)).body).toMatchObject({
        reference: 'R-2',
        weight_kg: 3,
      });
      expect((await api.listRecords(name, { weight_kg: 3 }).expect(200)).body).toHaveLength(1);
      expect(await api.versionOf(name)).toBe(3);
    });

    it('keeps the name of a deleted property until it is purged', async () => {
      const name = await api.newObject();
      await api.deleteProperty(name, 'weight_kg').expect(200);
      expectError(await api.addProperty(name, { name: 'weight_kg', type: 'text', label: 'W' }), {
        status: 409,
        code: 'CONFLICT',
        message: `${name} has a deleted property "weight_kg": restore it or purge it first`,
        errors: { name: 'belongs to a deleted property' },
      });
    });

    it('purges the values of a deleted property only, then frees its name', async () => {
      const name = await api.newObject();
      const records = await api.newRecords(name, [
        { reference: 'a', weight_kg: 1 },
        { reference: 'b', weight_kg: 2 },
        { reference: 'c' },
      ]);
      expectError(await api.purgeProperty(name, 'weight_kg'), {
        status: 409,
        code: 'CONFLICT',
        message: `Delete the property weight_kg of ${name} before purging it`,
      });
      await api.deleteProperty(name, 'weight_kg').expect(200);
      expect((await api.purgeProperty(name, 'weight_kg').expect(200)).body).toEqual({
        purged_records: 2,
      });
      for (const record of records) {
        expect(await api.storedProperties(record.id)).toEqual({ reference: record.reference });
      }
      expectError(await api.restoreProperty(name, 'weight_kg'), {
        status: 404,
        code: 'NOT_FOUND',
        message: `${name} has no deleted property "weight_kg"`,
      });
      await api.addProperty(name, { name: 'weight_kg', type: 'text', label: 'Weight' }).expect(201);
      expect((await api.getRecord(name, records[0]!.id).expect(200)).body).not.toHaveProperty(
        'weight_kg',
      );
    });

    it('removes a purged value from full-text search, keeping the record findable by the rest', async () => {
      const name = await api.newObject();
      const [record] = await api.newRecords(name, [
        { tracking_number: 'TRK-1', reference: 'zanzibar parcel' },
      ]);
      const found = async (q: string): Promise<string[]> =>
        ((await api.listRecords(name, { q }).expect(200)).body as Array<{ id: string }>).map(
          (r) => r.id,
        );
      expect(await found('zanzibar')).toEqual([record!.id]);
      await api.deleteProperty(name, 'reference').expect(200);
      await api.purgeProperty(name, 'reference').expect(200);
      expect(await found('zanzibar')).toEqual([]);
      expect(await found('trk')).toEqual([record!.id]);
      const [stored] = await testApp.dataSource.query<Array<{ words: string }>>(
        'SELECT search_vector::text AS words, display_name FROM record WHERE id = $1',
        [record!.id],
      );
      expect(stored!.words).not.toMatch(/zanzibar|parcel/);
    });

    it('refuses to delete the primary display property', async () => {
      const name = await api.newObject();
      expectError(await api.deleteProperty(name, 'tracking_number'), {
        status: 409,
        code: 'CONFLICT',
        message: `tracking_number is the primary display property of ${name}: choose another one first`,
      });
    });

    it('refuses to restore a required property while records created since lack it', async () => {
      const name = await api.newObject();
      await api.addProperty(name, { ...FRAGILE, required: true }).expect(201);
      await api.newRecords(name, [{ fragile: true }]);
      await api.deleteProperty(name, 'fragile').expect(200);
      const [later] = await api.newRecords(name, [{ reference: 'later' }]);
      expectError(await api.restoreProperty(name, 'fragile'), {
        status: 409,
        code: 'SCHEMA_CHANGE_CONFLICT',
        message: `Cannot apply this change to the property fragile: 1 ${name} record has no value for it and it has no default; fix or remove it first (dry_run=true reports this without changing anything)`,
        errors: { fragile: 'have no value for it and it has no default' },
        details: { violations: 1, sample_ids: [later!.id] },
      });
    });
  });
});
