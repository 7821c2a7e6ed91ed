import type { Response } from 'supertest';
import {
  aDeal,
  anInvoice,
  countStoredRecords,
  createRecord,
  errorBodyMatcher,
  storedRecord,
  UNKNOWN_ID,
} from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const SQL_WORDS = /select|insert|syntax|relation|column/i;
const METHODS = ['get', 'put', 'patch', 'delete'] as const;

/** The one error body of docs/architecture.md, never a 500, never SQL; snapshotted for review. */
function expectError(response: Response, status: number, code: string): void {
  expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  expect(response.body.status).toBe(status);
  expect(response.body.message).not.toMatch(SQL_WORDS);
  expect(response.body.request_id).toBe(response.headers['x-request-id']);
  expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
}

describe('Record API errors', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const send = (method: (typeof METHODS)[number] | 'post', path: string) =>
    testApp.http()[method](path).set(org.headers);

  describe('unknown object', () => {
    it.each([
      ['get', '/api/objects/spaceship'],
      ['post', '/api/objects/spaceship'],
      ['get', `/api/objects/spaceship/${UNKNOWN_ID}`],
      ['put', `/api/objects/spaceship/${UNKNOWN_ID}`],
      ['patch', `/api/objects/spaceship/${UNKNOWN_ID}`],
      ['delete', `/api/objects/spaceship/${UNKNOWN_ID}`],
    ] as const)('answers %s %s with 404 DEFINITION_NOT_FOUND', async (method, path) => {
      expectError(await send(method, path).send({ name: 'x' }), 404, 'DEFINITION_NOT_FOUND');
    });
  });

  describe('unknown record', () => {
    it.each(
      METHODS.flatMap((method) => [UNKNOWN_ID, 'not-a-uuid'].map((id) => [method, id] as const)),
    )('answers %s of id %s with 404 RECORD_NOT_FOUND', async (method, id) => {
      expectError(
        await send(method, `/api/objects/deal/${id}`).send({ name: 'x' }),
        404,
        'RECORD_NOT_FOUND',
      );
    });
  });

  describe('invalid properties', () => {
    it('lists every failing property at once', async () => {
      const response = await send('post', '/api/objects/contract').send({
        signer_email: 'not-an-email',
        value: 10.999,
        colour: 'red',
      });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(Object.keys(response.body.errors).sort()).toEqual([
        'colour',
        'signer_email',
        'title',
        'value',
      ]);
    });

    it('lists every failing property of an update', async () => {
      const deal = await createRecord(testApp, org, 'deal', aDeal());
      const response = await send('patch', `/api/objects/deal/${deal.id}`).send({
        amount: '-1.00',
        stage: 'bogus',
        probability: 'high',
      });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(Object.keys(response.body.errors).sort()).toEqual(['amount', 'probability', 'stage']);
    });

    it('rejects an unknown property', async () => {
      const response = await send('post', '/api/objects/deal').send(aDeal({ colour: 'red' }));
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual({ colour: 'is not a property of deal' });
    });

    it('rejects an unknown property in an update', async () => {
      const deal = await createRecord(testApp, org, 'deal', aDeal());
      const response = await send('put', `/api/objects/deal/${deal.id}`).send({ colour: 'red' });
      expectError(response, 400, 'VALIDATION_FAILED');
    });
  });

  describe('unreadable body', () => {
    it('rejects malformed JSON without quoting it back', async () => {
      const response = await send('post', '/api/objects/deal')
        .set('Content-Type', 'application/json')
        .send('{"name": select * from record');
      expectError(response, 400, 'BAD_REQUEST');
    });

    it('rejects malformed JSON in an update', async () => {
      const deal = await createRecord(testApp, org, 'deal', aDeal());
      const response = await send('patch', `/api/objects/deal/${deal.id}`)
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expectError(response, 400, 'BAD_REQUEST');
    });

    it('rejects a body that is not JSON', async () => {
      const response = await send('post', '/api/objects/deal')
        .set('Content-Type', 'text/plain')
        .send('name=Big deal');
      expectError(response, 400, 'BAD_REQUEST');
    });

    it('rejects a body over the size limit with 413', async () => {
      const response = await send('post', '/api/objects/deal').send(
        aDeal({ description: 'x'.repeat(6 * 1024 * 1024) }),
      );
      expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each([
      ['a JSON array', '[{"name":"Big deal"}]'],
      ['a JSON string', '"Big deal"'],
      ['JSON null', 'null'],
      ['a JSON number', '42'],
    ])('rejects %s as a body', async (_kind, raw) => {
      const deal = await createRecord(testApp, org, 'deal', aDeal());
      const create = await send('post', '/api/objects/deal')
        .set('Content-Type', 'application/json')
        .send(raw);
      const update = await send('patch', `/api/objects/deal/${deal.id}`)
        .set('Content-Type', 'application/json')
        .send(raw);
      expectError(create, 400, 'BAD_REQUEST');
      expectError(update, 400, 'BAD_REQUEST');
    });
  });

  describe('characters the database cannot store', () => {
    it('rejects the NUL character in a property', async () => {
      const response = await send('post', '/api/objects/deal').send(
        aDeal({ name: 'Big\u0000deal' }),
      );
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(Object.keys(response.body.errors)).toEqual(['name']);
    });

    it('rejects the NUL character deep inside a json property', async () => {
      const response = await send('post', '/api/objects/invoice').send(
        anInvoice({
          number: 'INV-NUL',
          line_items: [{ description: 'Disk\u0000', quantity: 1, unit_price: '5' }],
        }),
      );
      expectError(response, 400, 'VALIDATION_FAILED');
    });

    it.each([{ name: 'a\u0000' }, { name_contains: 'a\u0000' }, { q: 'a\u0000' }])(
      'rejects the NUL character in the list filter %j',
      async (filter) => {
        const response = await send('get', '/api/objects/deal').query({
          filter: JSON.stringify(filter),
        });
        expectError(response, 400, 'BAD_REQUEST');
      },
    );
  });

  describe('no partial write', () => {
    it('leaves the count unchanged after a failed create', async () => {
      const before = await countStoredRecords(testApp, org, 'deal');
      expectError(
        await send('post', '/api/objects/deal').send({ amount: '1.999' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await countStoredRecords(testApp, org, 'deal')).toBe(before);
    });

    it('leaves the record unchanged after a failed update', async () => {
      const deal = await createRecord(testApp, org, 'deal', aDeal({ next_step: 'Call' }));
      const response = await send('put', `/api/objects/deal/${deal.id}`).send({
        name: 'Renamed',
        next_step: null,
        amount: '1.999',
      });
      expectError(response, 400, 'VALIDATION_FAILED');
      const read = await send('get', `/api/objects/deal/${deal.id}`).expect(200);
      expect(read.body).toEqual(deal);
      expect((await storedRecord(testApp, deal.id))?.version).toBe(1);
    });
  });

  describe('unknown organization', () => {
    it.each(['no-such-organization', UNKNOWN_ID])(
      'answers a request for organization %s with 404',
      async (organization) => {
        const response = await testApp
          .http()
          .get('/api/objects/deal')
          .set({ ...org.headers, 'X-Organization-Id': organization });
        expectError(response, 404, 'ORGANIZATION_NOT_FOUND');
      },
    );
  });
});
