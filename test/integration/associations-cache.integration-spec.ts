import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AssociationDefinitionsRepository } from 'src/association-definitions/association-definitions.repository';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { DefinitionRegistry } from 'src/object-definitions/definition-registry';
import {
  DEFINITIONS_CHANNEL,
  ObjectDefinitionsRepository,
} from 'src/object-definitions/object-definitions.repository';
import { aShipmentCustomer, AssociationsClient } from '../support/association-fixtures';
import { DataModelClient } from '../support/data-model-fixtures';
import { startSecondApp, type SecondApp } from '../support/second-app';
import { sharedTestApp, type TestApp } from '../support/test-app';

/** Association sides are cached per organization; every process learns of every change. */
describe('Associations: cached sides', () => {
  let testApp: TestApp;
  let api: AssociationsClient;
  let model: DataModelClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    const organization = await testApp.createOrganization();
    api = new AssociationsClient(testApp, organization);
    model = new DataModelClient(testApp, organization);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /**
   * Resolves once `app`'s listener has handled every notification committed before the call: it
   * sends a marker after them (PostgreSQL delivers notifications in commit order) and waits for it.
   */
  async function notificationsHandled(app: INestApplication): Promise<void> {
    const registry = app.get(DefinitionRegistry);
    const invalidate = DefinitionRegistry.prototype.invalidate;
    const marker = randomUUID();
    const handled = new Promise<void>((resolve) => {
      jest.spyOn(registry, 'invalidate').mockImplementation((organizationId) => {
        invalidate.call(registry, organizationId);
        if (organizationId === marker) {
          resolve();
        }
      });
    });
    await testApp.dataSource.query('SELECT pg_notify($1, $2)', [DEFINITIONS_CHANNEL, marker]);
    await handled;
  }

  /** The side labels of an object, as the app serves them to the records module. */
  async function sideLabels(app: INestApplication, object: string): Promise<string[]> {
    const sides = await app
      .get(AssociationDefinitionsService)
      .sidesOfObject(api.organization.context, object);
    return sides.map((side) => `${side.name}: ${side.label}`);
  }

  /** A label change written straight to the database, as another server's change lands. */
  async function relabelInDatabase(association: string, fromLabel: string): Promise<void> {
    await testApp.dataSource.query(
      'UPDATE association_definition SET from_label = $3 WHERE organization_id = $1 AND name = $2',
      [api.organization.id, association, fromLabel],
    );
  }

  it('reads and writes records without querying association definitions once warm', async () => {
    const { object } = await aShipmentCustomer(api, model);
    const company = await api.newCompany();
    const [shipment] = await model.newRecords(object, [{ tracking_number: 'A' }]);
    await notificationsHandled(testApp.app);
    await api.getRecord(object, shipment!.id).expect(200);
    const repository = testApp.app.get(AssociationDefinitionsRepository);
    const findAll = jest.spyOn(repository, 'findAll');
    const findForObject = jest.spyOn(repository, 'findForObject');
    await api.getRecord(object, shipment!.id).expect(200);
    await api.getRecord('company', company.id, 'shipments').expect(200);
    await api.listRecords(object, {}).expect(200);
    await api.updateRecord(object, shipment!.id, { tracking_number: 'B' }).expect(200);
    await api.createRecord(object, { tracking_number: 'C' }).expect(201);
    expect(findAll).not.toHaveBeenCalled();
    expect(findForObject).not.toHaveBeenCalled();
  });

  it('answers the very next read after an association is created or deleted here', async () => {
    const object = await model.newObject();
    const [shipment] = await model.newRecords(object, [{ tracking_number: 'A' }]);
    expect((await api.getRecord(object, shipment!.id).expect(200)).body).not.toHaveProperty(
      'customer_id',
    );
    const { body: definition } = await api
      .createDefinition({
        name: `${object}_customer`,
        from: object,
        to: 'company',
        cardinality: 'many_to_one',
        from_side: { name: 'customer', label: 'Customer' },
        to_side: { name: 'shipments', label: 'Shipments' },
      })
      .expect(201);
    expect((await api.getRecord(object, shipment!.id).expect(200)).body).toMatchObject({
      customer_id: null,
    });
    await api.patchDefinition(definition.name, { from_side: { label: 'Client' } }).expect(200);
    expect(await sideLabels(testApp.app, object)).toEqual(['customer: Client']);
    await api.deleteDefinition(definition.name).expect(200);
    expect((await api.getRecord(object, shipment!.id).expect(200)).body).not.toHaveProperty(
      'customer_id',
    );
  });

  it("drops an archived object's sides from the other object, and restores them", async () => {
    const { object } = await aShipmentCustomer(api, model);
    expect(await sideLabels(testApp.app, 'company')).toContain('shipments: Shipments');
    await model.archiveObject(object).expect(200);
    expect(await sideLabels(testApp.app, 'company')).not.toContain('shipments: Shipments');
    await model.restoreObject(object).expect(200);
    expect(await sideLabels(testApp.app, 'company')).toContain('shipments: Shipments');
  });

  it("learns of another server's change from its NOTIFY", async () => {
    const { object, definition } = await aShipmentCustomer(api, model);
    await notificationsHandled(testApp.app);
    expect(await sideLabels(testApp.app, object)).toEqual(['customer: Customer']);
    await relabelInDatabase(definition.name, 'Client');
    // Cached: nothing said the definitions changed yet.
    expect(await sideLabels(testApp.app, object)).toEqual(['customer: Customer']);
    await testApp.dataSource.query('SELECT pg_notify($1, $2)', [
      DEFINITIONS_CHANNEL,
      api.organization.id,
    ]);
    await notificationsHandled(testApp.app);
    expect(await sideLabels(testApp.app, object)).toEqual(['customer: Client']);
  });

  it('forgets every cached side when the listener loses its connection', async () => {
    const { object, definition } = await aShipmentCustomer(api, model);
    await notificationsHandled(testApp.app);
    expect(await sideLabels(testApp.app, object)).toEqual(['customer: Customer']);
    await relabelInDatabase(definition.name, 'Client');
    const registry = testApp.app.get(DefinitionRegistry);
    const invalidateAll = DefinitionRegistry.prototype.invalidateAll;
    const lost = new Promise<void>((resolve) => {
      jest.spyOn(registry, 'invalidateAll').mockImplementation(() => {
        invalidateAll.call(registry);
        resolve();
      });
    });
    const definitions = testApp.app.get(ObjectDefinitionsRepository);
    const listen = ObjectDefinitionsRepository.prototype.listenForChanges;
    const listening = new Promise<void>((resolve) => {
      jest.spyOn(definitions, 'listenForChanges').mockImplementation(async (...args) => {
        const stop = await listen.apply(definitions, args);
        resolve();
        return stop;
      });
    });
    await testApp.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'plinth-listen' AND datname = current_database()`,
    );
    await lost;
    expect(await sideLabels(testApp.app, object)).toEqual(['customer: Client']);
    // Listening again (after its reconnect delay), for the tests that follow.
    await listening;
  });

  describe('with a second server process on the same database', () => {
    let other: SecondApp;

    beforeAll(async () => {
      other = await startSecondApp(testApp);
    });

    afterAll(async () => {
      await other.close();
    });

    const readThroughOther = async (object: string, id: string) =>
      (await other.http().get(`/api/objects/${object}/${id}`).set(api.organization.headers))
        .body as Record<string, unknown>;

    it('serves an association created or deleted through the first process', async () => {
      const object = await model.newObject();
      const [shipment] = await model.newRecords(object, [{ tracking_number: 'A' }]);
      await notificationsHandled(other.app);
      expect(await readThroughOther(object, shipment!.id)).not.toHaveProperty('customer_id');
      const { body: definition } = await api
        .createDefinition({
          name: `${object}_customer`,
          from: object,
          to: 'company',
          cardinality: 'many_to_one',
          from_side: { name: 'customer', label: 'Customer' },
          to_side: { name: 'shipments', label: 'Shipments' },
        })
        .expect(201);
      await notificationsHandled(other.app);
      expect(await readThroughOther(object, shipment!.id)).toMatchObject({ customer_id: null });
      await api.patchDefinition(definition.name, { from_side: { label: 'Client' } }).expect(200);
      await notificationsHandled(other.app);
      expect(await sideLabels(other.app, object)).toEqual(['customer: Client']);
      await api.deleteDefinition(definition.name).expect(200);
      await notificationsHandled(other.app);
      expect(await readThroughOther(object, shipment!.id)).not.toHaveProperty('customer_id');
    });

    it('drops the sides of an object archived through the first process', async () => {
      const { object } = await aShipmentCustomer(api, model);
      await notificationsHandled(other.app);
      expect(await sideLabels(other.app, 'company')).toContain('shipments: Shipments');
      await model.archiveObject(object).expect(200);
      await notificationsHandled(other.app);
      expect(await sideLabels(other.app, 'company')).not.toContain('shipments: Shipments');
    });
  });
});
