import type { Response } from 'supertest';
import { DataModelClient, expectError, idsOf } from '../support/data-model-fixtures';
import type { WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

/** Type changes and constraints: refused while existing values break the new rule, else instant. */
describe('Data model: type and constraint changes', () => {
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

  /** The 409 naming how many records break the new rule of `property`, and which. */
  function expectBrokenValues(
    response: Response,
    name: string,
    property: string,
    violating: WireRecord[],
  ): void {
    const count = violating.length;
    const records = count === 1 ? `1 ${name} record has` : `${count} ${name} records have`;
    expectError(response, {
      status: 409,
      code: 'SCHEMA_CHANGE_CONFLICT',
      message: `Cannot apply this change to the property ${property}: ${records} values that break the new rule; fix or remove ${count === 1 ? 'it' : 'them'} first (dry_run=true reports this without changing anything)`,
      errors: { [property]: 'have values that break the new rule' },
      details: { violations: count, sample_ids: idsOf(violating) },
    });
  }

  /** Asserts a refusal, on a dry run and for real, and that nothing changed. */
  async function expectRefused(
    name: string,
    property: string,
    patch: Record<string, unknown>,
    violating: WireRecord[],
  ): Promise<void> {
    const version = await api.versionOf(name);
    for (const isDryRun of [true, false]) {
      const response = await api.patchProperty(name, property, patch, isDryRun);
      expectBrokenValues(response, name, property, violating);
    }
    expect(await api.versionOf(name)).toBe(version);
  }

  /** Asserts an allowed change and how many records it was checked against. */
  async function expectAllowed(
    name: string,
    property: string,
    patch: Record<string, unknown>,
    checkedRecords: number,
  ): Promise<void> {
    const version = await api.versionOf(name);
    const response = await api.patchProperty(name, property, patch).expect(200);
    expect(response.body).toMatchObject({ dry_run: false, checked_records: checkedRecords });
    expect(response.body.property).toMatchObject({ name: property });
    expect(await api.versionOf(name)).toBe(version + 1);
  }

  describe('type', () => {
    it('refuses text → number while a value is text, even a numeric one (values are never converted)', async () => {
      const name = await api.newObject();
      const violating = await api.newRecords(name, [{ reference: 'abc' }, { reference: '12' }]);
      await api.newRecords(name, [{ weight_kg: 1 }]);
      await expectRefused(name, 'reference', { type: 'number' }, violating);
    });

    it('allows text → number when no record has a value, then takes numbers only', async () => {
      const name = await api.newObject();
      await api.newRecords(name, [{ weight_kg: 1 }, { weight_kg: 2 }]);
      await expectAllowed(name, 'reference', { type: 'number' }, 2);
      await api.createRecord(name, { reference: 12 }).expect(201);
      expectError(await api.createRecord(name, { reference: 'abc' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: reference must be a number`,
        errors: { reference: 'must be a number' },
      });
    });

    it('refuses number → integer while a value has a fraction, allows it when all are whole', async () => {
      const name = await api.newObject();
      const [fraction] = await api.newRecords(name, [{ weight_kg: 2.5 }, { weight_kg: 3 }]);
      await expectRefused(name, 'weight_kg', { type: 'integer' }, [fraction!]);
      await api.patchRecord(name, fraction!.id, { weight_kg: 2 }).expect(200);
      await expectAllowed(name, 'weight_kg', { type: 'integer' }, 2);
    });

    it('refuses text → date while a value is not a real date, allows it once all are', async () => {
      const name = await api.newObject();
      const [impossible] = await api.newRecords(name, [
        { reference: '2026-02-30' },
        { reference: '2026-02-28' },
      ]);
      await expectRefused(name, 'reference', { type: 'date' }, [impossible!]);
      await api.patchRecord(name, impossible!.id, { reference: '2026-03-01' }).expect(200);
      await expectAllowed(name, 'reference', { type: 'date' }, 2);
    });

    it('refuses text → email while a value is not an address the record API accepts', async () => {
      const name = await api.newObject();
      const [bad] = await api.newRecords(name, [
        { reference: 'zoë@example.com' },
        { reference: 'ann@example.com' },
      ]);
      await expectRefused(name, 'reference', { type: 'email' }, [bad!]);
    });

    it('refuses number → text while values are numbers', async () => {
      const name = await api.newObject();
      const violating = await api.newRecords(name, [{ weight_kg: 1 }]);
      await expectRefused(name, 'weight_kg', { type: 'text' }, violating);
    });

    it.each([
      ['integer → number', 'pieces', { type: 'number' }, { pieces: 3 }],
      ['text → long_text', 'reference', { type: 'long_text' }, { reference: 'x'.repeat(300) }],
      ['enumeration → text', 'carrier', { type: 'text', options: null }, { carrier: 'dhl' }],
    ])('widens %s at any record count without checking data', async (_, property, patch, body) => {
      const name = await api.newObject();
      const [record] = await api.newRecords(name, [body, body]);
      await expectAllowed(name, property, patch, 0);
      expect((await api.getRecord(name, record!.id).expect(200)).body).toEqual(record);
    });
  });

  describe('max_length and min_length', () => {
    it('refuses a max_length existing values exceed, allows one they satisfy, then enforces it', async () => {
      const name = await api.newObject();
      const [long] = await api.newRecords(name, [
        { reference: 'abcdef' },
        { reference: 'abc' },
        { weight_kg: 1 },
      ]);
      await expectRefused(name, 'reference', { max_length: 5 }, [long!]);
      await expectAllowed(name, 'reference', { max_length: 6 }, 3);
      expectError(await api.createRecord(name, { reference: 'abcdefg' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: reference must be at most 6 characters`,
        errors: { reference: 'must be at most 6 characters' },
      });
    });

    it('always loosens or removes a max_length', async () => {
      const name = await api.newObject();
      await api.patchProperty(name, 'reference', { max_length: 4 }).expect(200);
      await api.newRecords(name, [{ reference: 'abcd' }]);
      await expectAllowed(name, 'reference', { max_length: 10 }, 0);
      await expectAllowed(name, 'reference', { max_length: null }, 0);
      await api.createRecord(name, { reference: 'x'.repeat(50) }).expect(201);
    });

    it('refuses a min_length a value is shorter than, allows one all satisfy', async () => {
      const name = await api.newObject();
      const [short] = await api.newRecords(name, [{ reference: 'ab' }, { reference: 'abcd' }]);
      await expectRefused(name, 'reference', { min_length: 3 }, [short!]);
      await expectAllowed(name, 'reference', { min_length: 2 }, 2);
    });
  });

  describe('pattern', () => {
    it('refuses a pattern a value does not match, allows it once every value does', async () => {
      const name = await api.newObject();
      const [good, bad] = await api.newRecords(name, [
        { reference: 'AB-1' },
        { reference: 'ab-2' },
      ]);
      const pattern = '^[A-Z]{2}-\\d+$';
      await expectRefused(name, 'reference', { pattern }, [bad!]);
      await api.patchRecord(name, bad!.id, { reference: 'AB-2' }).expect(200);
      await expectAllowed(name, 'reference', { pattern }, 2);
      expectError(await api.createRecord(name, { reference: 'nope' }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: reference must match the pattern ${pattern}`,
        errors: { reference: `must match the pattern ${pattern}` },
      });
      await expectAllowed(name, 'reference', { pattern: null }, 0);
      expect(good).toBeDefined();
    });

    it('checks a pattern with the JavaScript regular expressions records are validated with', async () => {
      const name = await api.newObject();
      const [, lower] = await api.newRecords(name, [{ reference: 'Élan' }, { reference: 'élan' }]);
      await expectRefused(name, 'reference', { pattern: '^\\p{Lu}' }, [lower!]);
      await api.patchRecord(name, lower!.id, { reference: 'Éla' }).expect(200);
      await expectAllowed(name, 'reference', { pattern: '^\\p{Lu}' }, 2);
      const [inside] = await api.newRecords(name, [{ reference: 'Xla' }]);
      await expectRefused(name, 'reference', { pattern: '\\bla' }, [inside!]);
    });
  });

  describe('minimum and maximum', () => {
    it('refuses a range existing values fall outside, allows one they all fit', async () => {
      const name = await api.newObject();
      const [light, , heavy] = await api.newRecords(name, [
        { weight_kg: 1 },
        { weight_kg: 5 },
        { weight_kg: 10.5 },
      ]);
      await expectRefused(name, 'weight_kg', { minimum: 2 }, [light!]);
      await expectRefused(name, 'weight_kg', { maximum: 8 }, [heavy!]);
      await expectRefused(name, 'weight_kg', { minimum: 2, maximum: 8 }, [light!, heavy!]);
      await expectAllowed(name, 'weight_kg', { minimum: 1, maximum: 10.5 }, 3);
      expectError(await api.createRecord(name, { weight_kg: 11 }), {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: `${name} is invalid: weight_kg must be <= 10.5`,
        errors: { weight_kg: 'must be <= 10.5' },
      });
      await expectAllowed(name, 'weight_kg', { minimum: 0, maximum: null }, 0);
      await api.createRecord(name, { weight_kg: 11 }).expect(201);
    });
  });
});
