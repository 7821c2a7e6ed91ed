import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const shipment = {
  name: 'shipment',
  labels: { singular: 'Shipment', plural: 'Shipments' },
  description: 'Goods on their way to a customer',
  primary_display_property: 'tracking_number',
  properties: [
    {
      name: 'tracking_number',
      type: 'text',
      label: 'Tracking number',
      required: true,
      unique: true,
      max_length: 64,
    },
    {
      name: 'status',
      type: 'enumeration',
      label: 'Status',
      default: 'pending',
      options: [
        { value: 'pending', label: 'Pending' },
        { value: 'shipped', label: 'Shipped' },
      ],
    },
    { name: 'weight_kg', type: 'number', label: 'Weight (kg)', minimum: 0 },
  ],
};

describe('Definitions as code (export and import)', () => {
  let testApp: TestApp;
  let source: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    source = await testApp.createOrganization();
    await testApp
      .http()
      .post('/api/object-definitions')
      .set(source.headers)
      .send(shipment)
      .expect(201);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function exported(): Promise<{ format: string; definitions: Array<{ name: string }> }> {
    const response = await testApp
      .http()
      .get('/api/definitions/export')
      .set(source.headers)
      .expect(200);
    return response.body;
  }

  it('exports the custom objects only, in the declarative format', async () => {
    const document = await exported();
    expect(document.format).toBe('plinth.object-definitions');
    expect(document.definitions).toEqual([shipment]);
  });

  it('plans without applying on a dry run, then creates the objects in another organization', async () => {
    const target = await testApp.createOrganization();
    const document = await exported();
    const dryRun = await testApp
      .http()
      .post('/api/definitions/import?dry_run=true')
      .set(target.headers)
      .send(document)
      .expect(200);
    expect(dryRun.body).toMatchObject({
      dry_run: true,
      applied: false,
      objects: [{ name: 'shipment', action: 'created' }],
    });
    await testApp.http().get('/api/object-definitions/shipment').set(target.headers).expect(404);

    const applied = await testApp
      .http()
      .post('/api/definitions/import')
      .set(target.headers)
      .send(document)
      .expect(200);
    expect(applied.body).toMatchObject({ dry_run: false, applied: true });
    const created = await testApp
      .http()
      .get('/api/object-definitions/shipment')
      .set(target.headers)
      .expect(200);
    expect(created.body.properties).toEqual(shipment.properties);
    await testApp
      .http()
      .post('/api/objects/shipment')
      .set(target.headers)
      .send({ tracking_number: 'TRK-1' })
      .expect(201);
  });

  it('reports unchanged objects and applies property changes under the evolution rules', async () => {
    const target = await testApp.createOrganization();
    const document = await exported();
    await testApp
      .http()
      .post('/api/definitions/import')
      .set(target.headers)
      .send(document)
      .expect(200);
    const again = await testApp
      .http()
      .post('/api/definitions/import')
      .set(target.headers)
      .send(document)
      .expect(200);
    expect(again.body.objects).toEqual([
      expect.objectContaining({ name: 'shipment', action: 'unchanged' }),
    ]);

    const relabelled = structuredClone(document) as typeof document & {
      definitions: Array<typeof shipment>;
    };
    relabelled.definitions[0]!.properties[2]!.label = 'Weight in kilograms';
    const changed = await testApp
      .http()
      .post('/api/definitions/import')
      .set(target.headers)
      .send(relabelled)
      .expect(200);
    expect(changed.body.objects[0]).toMatchObject({
      action: 'changed',
      properties: expect.arrayContaining([{ name: 'weight_kg', action: 'changed' }]),
    });
  });

  it('refuses the whole import when one change breaks existing data, and changes nothing', async () => {
    const target = await testApp.createOrganization();
    const document = await exported();
    await testApp
      .http()
      .post('/api/definitions/import')
      .set(target.headers)
      .send(document)
      .expect(200);
    await testApp
      .http()
      .post('/api/objects/shipment')
      .set(target.headers)
      .send({ tracking_number: 'A-VERY-LONG-TRACKING-NUMBER' })
      .expect(201);
    const tightened = structuredClone(document) as typeof document & {
      definitions: Array<typeof shipment>;
    };
    tightened.definitions[0]!.properties[0]!.max_length = 5;
    tightened.definitions.push({
      ...shipment,
      name: 'parcel',
      labels: { singular: 'Parcel', plural: 'Parcels' },
    });

    const refused = await testApp
      .http()
      .post('/api/definitions/import')
      .set(target.headers)
      .send(tightened)
      .expect(409);
    expect(refused.body.code).toBe('SCHEMA_CHANGE_CONFLICT');
    expect(refused.body.details.plan.objects).toEqual([
      expect.objectContaining({
        name: 'shipment',
        action: 'refused',
        properties: expect.arrayContaining([
          expect.objectContaining({
            name: 'tracking_number',
            action: 'refused',
            reason: expect.stringMatching(/1 shipment record/),
          }),
        ]),
      }),
      expect.objectContaining({ name: 'parcel', action: 'created' }),
    ]);
    await testApp.http().get('/api/object-definitions/parcel').set(target.headers).expect(404);
    const unchanged = await testApp
      .http()
      .get('/api/object-definitions/shipment')
      .set(target.headers)
      .expect(200);
    expect(unchanged.body.properties[0].max_length).toBe(64);
  });

  it('refuses to add back the name of a deleted property, whose values are still stored', async () => {
    const target = await testApp.createOrganization();
    const document = await exported();
    const http = () => testApp.http();
    await http().post('/api/definitions/import').set(target.headers).send(document).expect(200);
    const { body: record } = await http()
      .post('/api/objects/shipment')
      .set(target.headers)
      .send({ tracking_number: 'T-1', weight_kg: 12 })
      .expect(201);
    await http()
      .delete('/api/object-definitions/shipment/properties/weight_kg')
      .set(target.headers)
      .expect(200);

    const refused = await http()
      .post('/api/definitions/import')
      .set(target.headers)
      .send(document)
      .expect(409);
    expect(refused.body.details.plan.objects[0].properties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'weight_kg',
          action: 'refused',
          reason: expect.stringMatching(/deleted property/),
        }),
      ]),
    );
    const read = await http()
      .get(`/api/objects/shipment/${record.id}`)
      .set(target.headers)
      .expect(200);
    expect(read.body).not.toHaveProperty('weight_kg');
  });

  it('refuses an invalid definition or a system object in the document, naming why', async () => {
    const target = await testApp.createOrganization();
    const response = await testApp
      .http()
      .post('/api/definitions/import?dry_run=true')
      .set(target.headers)
      .send({
        format: 'plinth.object-definitions',
        version: 1,
        definitions: [
          { ...shipment, properties: [{ name: 'id', type: 'text', label: 'Id' }] },
          { ...shipment, name: 'person' },
        ],
      })
      .expect(200);
    expect(response.body.objects).toEqual([
      expect.objectContaining({ action: 'refused', reason: expect.stringContaining('reserved') }),
      expect.objectContaining({
        name: 'person',
        action: 'refused',
        reason: 'person is a system object here',
      }),
    ]);
  });

  it('rejects a body that is not an export document', async () => {
    const response = await testApp
      .http()
      .post('/api/definitions/import')
      .set(source.headers)
      .send({ definitions: [] })
      .expect(400);
    expect(response.body).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      errors: { format: expect.any(String) },
    });
  });

  it.each([false, true])(
    'refuses a document that names one new object twice, dry run %s, naming the duplicate',
    async (isDryRun) => {
      const target = await testApp.createOrganization();
      const response = await testApp
        .http()
        .post(`/api/definitions/import${isDryRun ? '?dry_run=true' : ''}`)
        .set(target.headers)
        .send({
          format: 'plinth.object-definitions',
          version: 1,
          definitions: [shipment, { ...shipment, description: 'The other one' }],
        });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: {
          'definitions.shipment': 'object "shipment" appears more than once in the document',
        },
      });
      await testApp.http().get('/api/object-definitions/shipment').set(target.headers).expect(404);
    },
  );

  it.each([false, true])(
    'refuses a document that names one property of an object twice, dry run %s',
    async (isDryRun) => {
      const target = await testApp.createOrganization();
      const response = await testApp
        .http()
        .post(`/api/definitions/import${isDryRun ? '?dry_run=true' : ''}`)
        .set(target.headers)
        .send({
          format: 'plinth.object-definitions',
          version: 1,
          definitions: [
            { ...shipment, properties: [...shipment.properties, shipment.properties[2]] },
          ],
        });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: {
          'definitions.shipment.properties.weight_kg':
            'property "weight_kg" appears more than once in shipment',
        },
      });
    },
  );
});
