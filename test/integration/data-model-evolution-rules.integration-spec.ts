import { DataModelClient, expectError, idsOf } from '../support/data-model-fixtures';
import type { WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

const SUFFIX = '; fix or remove them first (dry_run=true reports this without changing anything)';

/** Enumeration options, required and unique: decided by querying the existing records. */
describe('Data model: options, required and unique', () => {
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

  const option = (value: string) => ({ value, label: value.toUpperCase() });

  describe('enumeration options', () => {
    it('refuses removing an option a record uses, allows removing an unused one', async () => {
      const name = await api.newObject();
      const [, ups] = await api.newRecords(name, [{ carrier: 'dhl' }, { carrier: 'ups' }, {}]);
      const withoutUps = { options: [option('dhl'), option('fedex')] };
      for (const isDryRun of [true, false]) {
        expectError(await api.patchProperty(name, 'carrier', withoutUps, isDryRun), {
          status: 409,
          code: 'SCHEMA_CHANGE_CONFLICT',
          message: `Cannot apply this change to the property carrier: 1 ${name} record has values that break the new rule; fix or remove it first (dry_run=true reports this without changing anything)`,
          errors: { carrier: 'have values that break the new rule' },
          details: { violations: 1, sample_ids: [ups!.id] },
        });
      }
      const withoutFedex = { options: [option('dhl'), option('ups')] };
      const removed = await api.patchProperty(name, 'carrier', withoutFedex).expect(200);
      expect(removed.body).toMatchObject({ checked_records: 3 });
      expectError(await api.createRecord(name, { carrier: 'fedex' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: carrier must be one of: dhl, ups`,
        errors: { carrier: 'must be one of: dhl, ups' },
      });
    });

    it('always adds options', async () => {
      const name = await api.newObject();
      await api.newRecords(name, [{ carrier: 'dhl' }]);
      const options = ['dhl', 'ups', 'fedex', 'gls'].map(option);
      const response = await api.patchProperty(name, 'carrier', { options }).expect(200);
      expect(response.body).toMatchObject({ checked_records: 0, property: { options } });
      await api.createRecord(name, { carrier: 'gls' }).expect(201);
    });
  });

  describe('required', () => {
    it('refuses required without a default while a record lacks a value', async () => {
      const name = await api.newObject();
      const [, missing] = await api.newRecords(name, [{ reference: 'a' }, { weight_kg: 1 }]);
      for (const isDryRun of [true, false]) {
        expectError(await api.patchProperty(name, 'reference', { required: true }, isDryRun), {
          status: 409,
          code: 'SCHEMA_CHANGE_CONFLICT',
          message: `Cannot apply this change to the property reference: 1 ${name} record has no value for it and it has no default; fix or remove it first (dry_run=true reports this without changing anything)`,
          errors: { reference: 'have no value for it and it has no default' },
          details: { violations: 1, sample_ids: [missing!.id] },
        });
      }
      await api.patchRecord(name, missing!.id, { reference: 'b' }).expect(200);
      const allowed = await api.patchProperty(name, 'reference', { required: true }).expect(200);
      expect(allowed.body).toMatchObject({ checked_records: 2 });
      expectError(await api.createRecord(name, { weight_kg: 2 }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: reference is required`,
        errors: { reference: 'is required' },
      });
    });

    it('makes a property required with a default, which reads return for records lacking it', async () => {
      const name = await api.newObject();
      const [lacking, having] = await api.newRecords(name, [{ weight_kg: 1 }, { reference: 'r' }]);
      const patch = { required: true, default: 'n/a' };
      const response = await api.patchProperty(name, 'reference', patch).expect(200);
      expect(response.body).toMatchObject({ checked_records: 0 });
      expect((await api.getRecord(name, lacking!.id).expect(200)).body).toMatchObject({
        reference: 'n/a',
      });
      expect((await api.getRecord(name, having!.id).expect(200)).body).toMatchObject({
        reference: 'r',
      });
      expect(await api.storedProperties(lacking!.id)).toEqual({ weight_kg: 1 });
      await api.patchRecord(name, lacking!.id, { weight_kg: 2 }).expect(200);
    });
  });

  describe('unique', () => {
    it('refuses unique while records share a value, naming how many and which', async () => {
      const name = await api.newObject();
      const records = await api.newRecords(name, [
        { reference: 'x' },
        { reference: 'x' },
        { reference: 'y' },
        { reference: 'x' },
      ]);
      const duplicates = records.filter((record) => record.reference === 'x');
      for (const isDryRun of [true, false]) {
        expectError(await api.patchProperty(name, 'reference', { unique: true }, isDryRun), {
          status: 409,
          code: 'SCHEMA_CHANGE_CONFLICT',
          message: `Cannot apply this change to the property reference: 3 ${name} records share a value with another record${SUFFIX}`,
          errors: { reference: 'share a value with another record' },
          details: { violations: 3, sample_ids: idsOf(duplicates) },
        });
      }
      await api.createRecord(name, { reference: 'x' }).expect(201);
    });

    it('compares emails case-insensitively when turning unique on', async () => {
      const name = await api.newObject();
      await api.addProperty(name, { name: 'contact', type: 'email', label: 'Contact' }).expect(201);
      const records = await api.newRecords(name, [
        { contact: 'Ann@Example.com' },
        { contact: 'ann@example.COM' },
      ]);
      expectError(await api.patchProperty(name, 'contact', { unique: true }), {
        status: 409,
        code: 'SCHEMA_CHANGE_CONFLICT',
        message: `Cannot apply this change to the property contact: 2 ${name} records share a value with another record${SUFFIX}`,
        errors: { contact: 'share a value with another record' },
        details: { violations: 2, sample_ids: idsOf(records) },
      });
      await api.patchRecord(name, records[1]!.id, { contact: 'bob@example.com' }).expect(200);
      await api.patchProperty(name, 'contact', { unique: true }).expect(200);
      const duplicate = await api.createRecord(name, { contact: 'ANN@example.com' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.details).toEqual({ existing_id: records[0]!.id });
    });

    it('keeps a unique email unique when it is widened to text (then compared exactly)', async () => {
      const name = await api.newObject();
      const contact = { name: 'contact', type: 'email', label: 'Contact', unique: true };
      await api.addProperty(name, contact).expect(201);
      const [ann] = await api.newRecords(name, [{ contact: 'Ann@Example.com' }]);
      await api.patchProperty(name, 'contact', { type: 'text' }).expect(200);
      expectError(await api.createRecord(name, { contact: 'Ann@Example.com' }), {
        status: 409,
        code: 'UNIQUE_VIOLATION',
        message: `Another ${name} already has this contact`,
        errors: { contact: `must be unique: another ${name} already has this value` },
        details: { existing_id: ann!.id },
      });
      await api.createRecord(name, { contact: 'ann@example.com' }).expect(201);
    });

    it('turns unique on when values are distinct, then refuses a duplicate', async () => {
      const name = await api.newObject();
      const [a] = await api.newRecords(name, [{ reference: 'a' }, { reference: 'b' }, {}]);
      const [pieces] = await api.newRecords(name, [{ pieces: 3 }]);
      await api.patchProperty(name, 'reference', { unique: true }).expect(200);
      await api.patchProperty(name, 'pieces', { unique: true }).expect(200);
      expectError(await api.createRecord(name, { reference: 'a' }), {
        status: 409,
        code: 'UNIQUE_VIOLATION',
        message: `Another ${name} already has this reference`,
        errors: { reference: `must be unique: another ${name} already has this value` },
        details: { existing_id: a!.id },
      });
      expectError(await api.createRecord(name, { pieces: 3 }), {
        status: 409,
        code: 'UNIQUE_VIOLATION',
        message: `Another ${name} already has this pieces`,
        errors: { pieces: `must be unique: another ${name} already has this value` },
        details: { existing_id: pieces!.id },
      });
      await api.createRecord(name, { reference: 'c', pieces: 4 }).expect(201);
    });

    it('allows duplicates again once unique is turned off, and checks again when it is turned on', async () => {
      const name = await api.newObject();
      await api.patchProperty(name, 'reference', { unique: true }).expect(200);
      const [first] = await api.newRecords(name, [{ reference: 'a' }]);
      await api.patchProperty(name, 'reference', { unique: false }).expect(200);
      const [second] = await api.newRecords(name, [{ reference: 'a' }]);
      expectError(await api.patchProperty(name, 'reference', { unique: true }), {
        status: 409,
        code: 'SCHEMA_CHANGE_CONFLICT',
        message: `Cannot apply this change to the property reference: 2 ${name} records share a value with another record${SUFFIX}`,
        errors: { reference: 'share a value with another record' },
        details: { violations: 2, sample_ids: idsOf([first!, second!] as WireRecord[]) },
      });
    });

    it('releases the values of a deleted unique property and claims them again on restore', async () => {
      const name = await api.newObject();
      await api.patchProperty(name, 'reference', { unique: true }).expect(200);
      const [first] = await api.newRecords(name, [{ reference: 'a' }]);
      await api.deleteProperty(name, 'reference').expect(200);
      await api.restoreProperty(name, 'reference').expect(200);
      const duplicate = await api.createRecord(name, { reference: 'a' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.details).toEqual({ existing_id: first!.id });
    });
  });

  describe('dry run', () => {
    it('reports an allowed change without making it', async () => {
      const name = await api.newObject();
      await api.newRecords(name, [{ reference: 'a' }, { reference: 'b' }]);
      const response = await api
        .patchProperty(name, 'reference', { unique: true, max_length: 1 }, true)
        .expect(200);
      expect(response.body).toEqual({
        dry_run: true,
        property: {
          name: 'reference',
          type: 'text',
          label: 'Reference',
          unique: true,
          max_length: 1,
        },
        checked_records: 2,
      });
      expect(await api.versionOf(name)).toBe(1);
      expect((await api.versions(name).expect(200)).body).toHaveLength(1);
      await api.createRecord(name, { reference: 'aa' }).expect(201);
      await api.createRecord(name, { reference: 'a' }).expect(201);
    });

    it('refuses a dry_run that is not true or false', async () => {
      const name = await api.newObject();
      const response = await testApp
        .http()
        .patch(`/api/object-definitions/${name}/properties/reference`)
        .query({ dry_run: 'yes' })
        .set(api.organization.headers)
        .send({ label: 'Ref' });
      expectError(response, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'Invalid request: dry_run must be true or false',
        errors: { dry_run: 'dry_run must be true or false' },
      });
    });
  });
});
