import { DefinitionRegistry } from 'src/object-definitions/definition-registry';
import type { Response } from 'supertest';
import { DataModelClient, expectError } from '../support/data-model-fixtures';
import type { WireRecord } from '../support/list-fixtures';
import { LockGate, send } from '../support/lock-gate';
import { startSecondApp, type SecondApp } from '../support/second-app';
import { sharedTestApp, type TestApp } from '../support/test-app';

const WRITERS = 20;

/** A schema change lands while other requests write records of the same object. */
describe('Data model: changes under concurrent writes', () => {
  let testApp: TestApp;
  let api: DataModelClient;
  let name: string;
  let seed: WireRecord | undefined;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    api = new DataModelClient(testApp, await testApp.createOrganization());
    name = await api.newObject();
    [seed] = await api.newRecords(name, [{ reference: 'seed-1' }, { reference: 'seed-2' }]);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** The stored values of a property, read from the database. */
  async function storedValues(property: string): Promise<string[]> {
    const rows: Array<{ value: string }> = await testApp.dataSource.query(
      `SELECT r.properties->>$3 AS value FROM record r
         JOIN object_definition d ON d.id = r.object_definition_id
        WHERE r.organization_id = $1 AND d.name = $2 AND r.properties ? $3`,
      [api.organization.id, name, property],
    );
    return rows.map((row) => row.value);
  }

  /** The unique-value guard rows of a property: one per record that has a value. */
  async function claimedValues(property: string): Promise<string[]> {
    const rows: Array<{ value: string }> = await testApp.dataSource.query(
      `SELECT u.value FROM record_unique_value u
         JOIN object_definition d ON d.id = u.object_definition_id
        WHERE u.organization_id = $1 AND d.name = $2 AND u.property_name = $3`,
      [api.organization.id, name, property],
    );
    return rows.map((row) => row.value).sort();
  }

  /**
   * Sends `WRITERS` creates and the property change at once: half the creates go out before the
   * change, half after (requests start in this order; the database decides the rest).
   */
  async function raceChange(
    bodies: Array<Record<string, unknown>>,
    patch: Record<string, unknown>,
  ): Promise<{ change: Response; creates: Response[] }> {
    const send = (body: Record<string, unknown>) => Promise.resolve(api.createRecord(name, body));
    const before = bodies.slice(0, WRITERS / 2).map(send);
    const change = Promise.resolve(api.patchProperty(name, 'reference', patch));
    const after = bodies.slice(WRITERS / 2).map(send);
    const [changed, ...created] = await Promise.all([change, ...before, ...after]);
    return { change: changed, creates: created };
  }

  const statuses = (responses: Response[]) => responses.map((response) => response.status);

  it('turns unique on while distinct values are written: every value ends up guarded', async () => {
    const bodies = Array.from({ length: WRITERS }, (_, i) => ({ reference: `v-${i}` }));
    const { change, creates } = await raceChange(bodies, { unique: true });
    expect(change.status).toBe(200);
    expect(statuses(creates)).toEqual(Array(WRITERS).fill(201));
    const values = (await storedValues('reference')).sort();
    expect(values).toHaveLength(WRITERS + 2);
    expect(await claimedValues('reference')).toEqual(values);
    const duplicates = await Promise.all(bodies.map((body) => api.createRecord(name, body)));
    expect(statuses(duplicates)).toEqual(Array(WRITERS).fill(409));
  });

  it('turns unique on while duplicates are written: either the change or the duplicates are refused', async () => {
    const bodies = Array.from({ length: WRITERS }, (_, i) => ({ reference: `d-${i % 10}` }));
    const { change, creates } = await raceChange(bodies, { unique: true });
    const values = await storedValues('reference');
    const definition = (await api.getObject(name).expect(200)).body;
    const property = definition.properties.find((p: { name: string }) => p.name === 'reference');
    if (change.status === 200) {
      expect(property.unique).toBe(true);
      expect(new Set(values).size).toBe(values.length);
      expect(await claimedValues('reference')).toEqual([...values].sort());
      const refused = creates.filter((response) => response.status !== 201);
      expect(refused.map((response) => response.body.code)).toEqual(
        Array(refused.length).fill('UNIQUE_VIOLATION'),
      );
      expect(values).toHaveLength(2 + WRITERS - refused.length);
    } else {
      expect(change.body).toMatchObject({ status: 409, code: 'SCHEMA_CHANGE_CONFLICT' });
      expect(property).not.toHaveProperty('unique');
      expect(statuses(creates)).toEqual(Array(WRITERS).fill(201));
      expect(values).toHaveLength(2 + WRITERS);
    }
  });

  it('tightens max_length while short values are written: the change and every write succeed', async () => {
    const bodies = Array.from({ length: WRITERS }, (_, i) => ({ reference: `s${i}` }));
    const { change, creates } = await raceChange(bodies, { max_length: 6 });
    expect(change.status).toBe(200);
    expect(statuses(creates)).toEqual(Array(WRITERS).fill(201));
  });

  it('tightens max_length while long values are written: no value breaks the final rule', async () => {
    const bodies = Array.from({ length: WRITERS }, (_, i) => ({
      reference: i % 2 === 0 ? `s${i}` : `long-value-${i}`,
    }));
    const { change, creates } = await raceChange(bodies, { max_length: 6 });
    const values = await storedValues('reference');
    const longest = Math.max(...values.map((value) => value.length));
    if (change.status === 200) {
      expect(longest).toBeLessThanOrEqual(6);
      const refused = creates.filter((response) => response.status !== 201);
      expect(refused.map((response) => response.body.code)).toEqual(
        Array(WRITERS / 2).fill('VALIDATION_FAILED'),
      );
    } else {
      expect(change.body).toMatchObject({ status: 409, code: 'SCHEMA_CHANGE_CONFLICT' });
      expect(statuses(creates)).toEqual(Array(WRITERS).fill(201));
      expect(longest).toBeGreaterThan(6);
    }
  });

  /**
   * A purge removes values in batches, each in its own transaction. The gate holds one record (as
   * an edit in flight would), so the purge's first batch waits for it; the restore is sent then.
   * Restoring what a purge has begun to remove would bring it back with values missing: the
   * restore is refused, and the purge finishes.
   */
  describe('purge against restore', () => {
    async function whilePurgeWaits(
      held: WireRecord,
      purge: () => PromiseLike<Response>,
      restore: () => PromiseLike<Response>,
    ): Promise<{ purged: Response; restored: Response }> {
      const gate = await LockGate.open(testApp);
      try {
        await gate.hold('SELECT 1 FROM record WHERE id = $1 FOR UPDATE', [held.id]);
        const purging = send(purge());
        await gate.waitForWaiters(1, purging.hasAnswered);
        const restoring = send(restore());
        await gate.waitForWaiters(2, restoring.hasAnswered);
        await gate.release();
        return { purged: await purging.response, restored: await restoring.response };
      } finally {
        await gate.close();
      }
    }

    it('refuses to restore a property while its values are being purged', async () => {
      const records = await api.newRecords(name, [
        { reference: 'p-1', weight_kg: 1 },
        { reference: 'p-2', weight_kg: 2 },
      ]);
      await api.deleteProperty(name, 'weight_kg').expect(200);
      const { purged, restored } = await whilePurgeWaits(
        records[0]!,
        () => api.purgeProperty(name, 'weight_kg'),
        () => api.restoreProperty(name, 'weight_kg'),
      );
      expectError(restored, {
        status: 409,
        code: 'CONFLICT',
        message: `The property weight_kg of ${name} is being purged and cannot be restored (purge it again if its purge was interrupted)`,
      });
      expect({ status: purged.status, body: purged.body }).toEqual({
        status: 200,
        body: { purged_records: 2 },
      });
      expect(await storedValues('weight_kg')).toEqual([]);
      expectError(await api.restoreProperty(name, 'weight_kg'), {
        status: 404,
        code: 'NOT_FOUND',
        message: `${name} has no deleted property "weight_kg"`,
      });
      await api.addProperty(name, { name: 'weight_kg', type: 'text', label: 'W' }).expect(201);
    });

    it('refuses to restore an object while its records are being purged', async () => {
      await api.archiveObject(name).expect(200);
      const { purged, restored } = await whilePurgeWaits(
        seed!,
        () => api.purgeObject(name),
        () => api.restoreObject(name),
      );
      expectError(restored, {
        status: 409,
        code: 'CONFLICT',
        message: `${name} is being purged and cannot be restored (purge it again if its purge was interrupted)`,
      });
      expect({ status: purged.status, body: purged.body }).toEqual({
        status: 200,
        body: { purged_records: 2 },
      });
      expect(await api.storedProperties(seed!.id)).toBeUndefined();
      await api.getObject(name).expect(404);
    });
  });

  describe('with a second server process on the same database', () => {
    let other: SecondApp;

    beforeAll(async () => {
      other = await startSecondApp(testApp);
    });

    afterAll(async () => {
      await other.close();
    });

    const viaOther = (method: 'get' | 'post', path: string) =>
      other.http()[method](`/api${path}`).set(api.organization.headers);

    /**
     * Watches the other process's registry; the function returned resolves when it next drops its
     * cached definitions of the organization (call it before the change it waits for).
     */
    function watchInvalidations(): () => Promise<void> {
      const registry = other.app.get(DefinitionRegistry);
      const invalidate = registry.invalidate.bind(registry);
      let waiting: (() => void) | undefined;
      jest.spyOn(registry, 'invalidate').mockImplementation((organizationId) => {
        invalidate(organizationId);
        if (organizationId === api.organization.id) {
          waiting?.();
          waiting = undefined;
        }
      });
      return () => new Promise((resolve) => (waiting = resolve));
    }

    it('accepts a property added through the first process on its very next write', async () => {
      await viaOther('post', `/objects/${name}`).send({ reference: 'warm' }).expect(201);
      await api
        .addProperty(name, { name: 'fragile', type: 'boolean', label: 'Fragile' })
        .expect(201);
      const created = await viaOther('post', `/objects/${name}`)
        .send({ fragile: true })
        .expect(201);
      expect(created.body).toMatchObject({ fragile: true });
    });

    it('enforces a rule turned on through the first process on its very next write', async () => {
      await viaOther('post', `/objects/${name}`).send({ reference: 'warm' }).expect(201);
      await api.patchProperty(name, 'reference', { unique: true }).expect(200);
      const duplicate = await viaOther('post', `/objects/${name}`).send({ reference: 'seed-1' });
      expectError(duplicate, {
        status: 409,
        code: 'UNIQUE_VIOLATION',
        message: `Another ${name} already has this reference`,
        errors: { reference: `must be unique: another ${name} already has this value` },
        details: { existing_id: seed!.id },
      });
    });

    it('learns of a change through LISTEN/NOTIFY and serves the new definition', async () => {
      await viaOther('get', `/object-definitions/${name}`).expect(200);
      const nextInvalidation = watchInvalidations();
      const notified = nextInvalidation();
      await api.addProperty(name, { name: 'size', type: 'text', label: 'Size' }).expect(201);
      await notified;
      const definition = await viaOther('get', `/object-definitions/${name}`).expect(200);
      expect(definition.body.version).toBe(2);
      expect(definition.body.properties.at(-1)).toEqual({
        name: 'size',
        type: 'text',
        label: 'Size',
      });
      const archived = nextInvalidation();
      await api.archiveObject(name).expect(200);
      await archived;
      await viaOther('get', `/objects/${name}`).expect(404);
    });
  });
});
