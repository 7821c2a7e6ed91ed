import { aShipmentDefinition, DataModelClient, expectError } from '../support/data-model-fixtures';
import { sharedTestApp, type TestApp } from '../support/test-app';

const FRAGILE = { name: 'fragile', type: 'boolean', label: 'Fragile' };
const SNAKE_CASE =
  'name must be snake_case: a lower-case letter, then lower-case letters, digits or _ (at most 63)';

/** Bad definitions: each a 400 or 409 whose message names the problem; nothing changes. */
describe('Data model: bad input', () => {
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

  describe('objects', () => {
    it.each([
      ['a custom object', 'custom'],
      ['a system object', 'person'],
    ])('refuses a second object with the name of %s', async (_, kind) => {
      const name = kind === 'custom' ? await api.newObject() : 'person';
      const response = await api.createObject(aShipmentDefinition({ name }));
      expectError(response, {
        status: 409,
        code: 'CONFLICT',
        message: `An object named "${name}" already exists`,
        errors: { name: 'is taken (archived objects keep their name until purged)' },
      });
    });

    it.each(['Shipment', 'shipment-box', '1shipment', 'x'.repeat(64)])(
      'refuses the invalid identifier %s as an object name',
      async (name) => {
        expectError(await api.createObject(aShipmentDefinition({ name })), {
          status: 400,
          code: 'VALIDATION_FAILED',
          message: `Invalid request: ${SNAKE_CASE}`,
          errors: { name: SNAKE_CASE },
        });
      },
    );

    it('names every problem of the request body at once, keyed by field path', async () => {
      const response = await api.createObject({
        ...aShipmentDefinition({ name: 'Shipment' }),
        labels: { singular: '', plural: 'Shipments' },
        foo: 1,
      });
      expectError(response, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^Invalid request: /),
        errors: {
          name: SNAKE_CASE,
          'labels.singular': expect.stringContaining('singular must be longer than'),
          foo: 'is not allowed here',
        },
      });
      expect(response.body.message).toContain(SNAKE_CASE);
      expect(response.body.message).toContain('labels.singular ');
      expect(response.body.message).toContain('foo is not allowed here');
    });

    it('names every problem of an invalid definition at once', async () => {
      const response = await api.createObject(
        aShipmentDefinition({
          name: 'crate',
          properties: [
            { name: 'id', type: 'text', label: 'Id' },
            { name: 'Weight', type: 'number', label: 'Weight' },
            { name: 'size', type: 'huge', label: 'Size' },
            {
              name: 'colour',
              type: 'text',
              label: 'Colour',
              options: [{ value: 'red', label: 'Red' }],
            },
          ],
        }),
      );
      expectError(response, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^crate is invalid: /),
        errors: {
          'properties.id.name': expect.stringMatching(
            /^"id" is a reserved name \(id, created_at, /,
          ),
          'properties.Weight.name': expect.stringContaining('must be snake_case'),
          'properties.size.type': expect.stringContaining('must be one of: text, long_text'),
          'properties.colour.options': '"options" is not allowed for a property of type text',
        },
      });
    });
  });

  describe('properties', () => {
    it.each([
      [
        'a duplicate name',
        { name: 'reference', type: 'text', label: 'Again' },
        { 'properties.reference': 'property "reference" is defined twice' },
      ],
      [
        'a reserved name',
        { name: 'created_at', type: 'datetime', label: 'Created' },
        {
          'properties.created_at.name': expect.stringMatching(/^"created_at" is a reserved name/),
        },
      ],
      [
        'an invalid identifier',
        { name: 'Weight-Kg', type: 'number', label: 'Weight' },
        {
          'properties.Weight-Kg.name':
            'must be snake_case: a lower-case letter, then lower-case letters, digits or _ (at most 63)',
        },
      ],
      [
        'an unknown type',
        { name: 'size', type: 'huge', label: 'Size' },
        { 'properties.size.type': expect.stringMatching(/^must be one of: text, long_text, /) },
      ],
      [
        'options on a non-enumeration',
        { name: 'colour', type: 'text', label: 'Colour', options: [{ value: 'r', label: 'R' }] },
        { 'properties.colour.options': '"options" is not allowed for a property of type text' },
      ],
      [
        'an enumeration without options',
        { name: 'size', type: 'enumeration', label: 'Size' },
        { 'properties.size.options': 'is required' },
      ],
      [
        'a default that fails its own rule',
        { name: 'code', type: 'text', label: 'Code', max_length: 3, default: 'toolong' },
        {
          'properties.code.default':
            'the default "toolong" fails its own rule: must NOT have more than 3 characters',
        },
      ],
    ])('refuses %s', async (_, body, errors) => {
      const name = await api.newObject();
      const response = await api.addProperty(name, body);
      expectError(response, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(new RegExp(`^${name} is invalid: `)),
        errors,
      });
      expect(response.body.message).toContain(Object.keys(errors)[0]);
      expect(await api.versionOf(name)).toBe(1);
    });

    it.each([
      [
        'an unknown type',
        { type: 'huge' },
        { 'properties.reference.type': expect.stringMatching(/^must be one of: text, /) },
      ],
      [
        'options on a text property',
        { options: [{ value: 'r', label: 'R' }] },
        { 'properties.reference.options': '"options" is not allowed for a property of type text' },
      ],
      [
        'a default that fails its own rule',
        { max_length: 3, default: 'toolong' },
        {
          'properties.reference.default':
            'the default "toolong" fails its own rule: must NOT have more than 3 characters',
        },
      ],
      [
        'a min_length above the max_length',
        { min_length: 5, max_length: 2 },
        { 'properties.reference.min_length': 'must not exceed max_length' },
      ],
    ])('refuses a change to %s', async (_, patch, errors) => {
      const name = await api.newObject();
      const response = await api.patchProperty(name, 'reference', patch);
      expectError(response, {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(new RegExp(`^${name} is invalid: `)),
        errors,
      });
      expect(response.body.message).toContain(Object.keys(errors)[0]);
      expect(await api.versionOf(name)).toBe(1);
    });

    it('refuses a body that is not an object', async () => {
      const name = await api.newObject();
      expectError(await api.addProperty(name, [FRAGILE]), {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'The body must be a JSON object describing a property',
      });
    });

    it('answers 404 for an unknown property or object', async () => {
      const name = await api.newObject();
      expectError(await api.patchProperty(name, 'nope', { label: 'Nope' }), {
        status: 404,
        code: 'NOT_FOUND',
        message: `${name} has no property "nope"`,
      });
      expectError(await api.deleteProperty(name, 'nope'), {
        status: 404,
        code: 'NOT_FOUND',
        message: `${name} has no property "nope"`,
      });
      expectError(await api.addProperty('spaceship', FRAGILE), {
        status: 404,
        code: 'DEFINITION_NOT_FOUND',
        message: 'No object named "spaceship"',
      });
    });
  });
});
