import type { Response } from 'supertest';
import {
  anEmail,
  anInvoice,
  aPerson,
  countStoredRecords,
  createRecord,
  errorBodyMatcher,
  storedRecord,
} from '../support/factories';
import { race } from '../support/lock-gate';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/** Ten spellings of one address, differing only in letter case. */
function letterCases(email: string): string[] {
  return Array.from({ length: 10 }, (_, n) =>
    [...email].map((c, i) => ((n >> (i % 4)) & 1 ? c.toUpperCase() : c)).join(''),
  );
}

function expectConflict(response: Response, property: string, existingId: string): void {
  expect(response.status).toBe(409);
  expect(response.body).toMatchObject({
    status: 409,
    code: 'UNIQUE_VIOLATION',
    errors: { [property]: expect.any(String) },
    details: { existing_id: existingId },
  });
  expect(response.body).toMatchSnapshot(errorBodyMatcher(response));
}

describe('Unique properties', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const call = (
    org: TestOrganization,
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    body?: object,
  ) => {
    const test = testApp.http()[method](`/api/objects/${path}`).set(org.headers);
    return body === undefined ? test : test.send(body);
  };

  /** The people holding an email, found by the API's case-insensitive email filter. */
  async function peopleWithEmail(
    org: TestOrganization,
    email: string,
  ): Promise<Array<{ id: string }>> {
    const response = await testApp
      .http()
      .get('/api/objects/person')
      .query({ filter: JSON.stringify({ email }) })
      .set(org.headers)
      .expect(200);
    return response.body as Array<{ id: string }>;
  }

  describe('person.email', () => {
    let org: TestOrganization;

    beforeAll(async () => {
      org = await testApp.createOrganization();
    });

    it('rejects a second person with the same email in other letter case', async () => {
      const ann = await createRecord(testApp, org, 'person', aPerson({ email: 'Ann@Example.com' }));
      const before = await countStoredRecords(testApp, org, 'person');
      const response = await call(org, 'post', 'person', aPerson({ email: 'ann@example.com' }));
      expectConflict(response, 'email', ann.id);
      expect(await countStoredRecords(testApp, org, 'person')).toBe(before);
    });

    it('rejects changing another person to a taken email and leaves that person unchanged', async () => {
      const ann = await createRecord(testApp, org, 'person', aPerson());
      const bob = await createRecord(testApp, org, 'person', aPerson());
      const response = await call(org, 'patch', `person/${bob.id}`, {
        email: String(ann.email).toUpperCase(),
        job_title: 'Buyer',
      });
      expectConflict(response, 'email', ann.id);
      const read = await call(org, 'get', `person/${bob.id}`).expect(200);
      expect(read.body).toEqual(bob);
      expect((await storedRecord(testApp, bob.id))?.version).toBe(1);
    });

    it('lets a person change the letter case of their own email', async () => {
      const ann = await createRecord(testApp, org, 'person', aPerson());
      const response = await call(org, 'put', `person/${ann.id}`, {
        ...ann,
        email: String(ann.email).toUpperCase(),
      }).expect(200);
      expect(response.body.email).toBe(String(ann.email).toUpperCase());
    });

    it('frees the old email when a person changes theirs', async () => {
      const oldEmail = anEmail();
      const ann = await createRecord(testApp, org, 'person', aPerson({ email: oldEmail }));
      await call(org, 'patch', `person/${ann.id}`, { email: anEmail() }).expect(200);
      const newcomer = await createRecord(
        testApp,
        org,
        'person',
        aPerson({ email: oldEmail.toUpperCase() }),
      );
      expect(newcomer.id).not.toBe(ann.id);
    });

    it('keeps the email taken while a person holds it after other updates', async () => {
      const ann = await createRecord(testApp, org, 'person', aPerson());
      await call(org, 'patch', `person/${ann.id}`, { city: 'Oslo' }).expect(200);
      const response = await call(org, 'post', 'person', { email: ann.email });
      expectConflict(response, 'email', ann.id);
    });

    it('keeps a deleted person’s email reserved (recycle bin) and frees it when purged', async () => {
      const ann = await createRecord(testApp, org, 'person', aPerson());
      await call(org, 'delete', `person/${ann.id}`).expect(200);
      const response = await call(org, 'post', 'person', aPerson({ email: ann.email }));
      expectConflict(response, 'email', ann.id);
      expect(response.body.details).toEqual({ existing_id: ann.id, existing_archived: true });
      expect(response.body.message).toContain('recycle bin');
      await testApp
        .http()
        .delete(`/api/objects/person/${ann.id}`)
        .query({ permanent: 'true' })
        .set(org.headers)
        .expect(200);
      await createRecord(testApp, org, 'person', aPerson({ email: ann.email }));
    });

    it('lets exactly one of ten concurrent creates of one email win', async () => {
      const spellings = letterCases(anEmail());
      expect(new Set(spellings).size).toBe(10);
      const before = await countStoredRecords(testApp, org, 'person');
      const responses = await race(
        testApp,
        spellings.map((email) => call(org, 'post', 'person', aPerson({ email }))),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(9).fill(409)]);
      const winner = responses.find((response) => response.status === 201)?.body as { id: string };
      for (const loser of responses.filter((response) => response.status === 409)) {
        expect(loser.body).toMatchObject({
          code: 'UNIQUE_VIOLATION',
          details: { existing_id: winner.id },
        });
      }
      expect(await countStoredRecords(testApp, org, 'person')).toBe(before + 1);
      expect(await peopleWithEmail(org, spellings[0] as string)).toEqual([
        expect.objectContaining({ id: winner.id }),
      ]);
    });

    it('lets exactly one of two concurrent updates to one email win', async () => {
      const email = anEmail();
      const people = [
        await createRecord(testApp, org, 'person', aPerson()),
        await createRecord(testApp, org, 'person', aPerson()),
      ];
      const responses = await race(
        testApp,
        people.map((person, i) =>
          call(org, 'patch', `person/${person.id}`, {
            email: i === 0 ? email : email.toUpperCase(),
          }),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      expect(await peopleWithEmail(org, email)).toHaveLength(1);
    });
  });

  describe('invoice.number', () => {
    let org: TestOrganization;

    beforeAll(async () => {
      org = await testApp.createOrganization();
    });

    it('rejects a second invoice with the same number', async () => {
      const first = await createRecord(
        testApp,
        org,
        'invoice',
        anInvoice({ number: 'INV-2026-0042' }),
      );
      const response = await call(org, 'post', 'invoice', anInvoice({ number: 'INV-2026-0042' }));
      expectConflict(response, 'number', first.id);
    });

    it('rejects renumbering an invoice to a taken number and leaves it unchanged', async () => {
      const first = await createRecord(testApp, org, 'invoice', anInvoice());
      const second = await createRecord(testApp, org, 'invoice', anInvoice());
      const response = await call(org, 'put', `invoice/${second.id}`, { number: first.number });
      expectConflict(response, 'number', first.id);
      const read = await call(org, 'get', `invoice/${second.id}`).expect(200);
      expect(read.body).toEqual(second);
    });

    it('frees a number when its invoice is renumbered or purged', async () => {
      const renumbered = await createRecord(testApp, org, 'invoice', anInvoice());
      const deleted = await createRecord(testApp, org, 'invoice', anInvoice());
      await call(org, 'patch', `invoice/${renumbered.id}`, anInvoice()).expect(200);
      await call(org, 'delete', `invoice/${deleted.id}`).expect(200);
      await createRecord(testApp, org, 'invoice', anInvoice({ number: renumbered.number }));
      // A deleted invoice keeps its number until it is purged (README, "Recycle bin").
      const taken = await call(org, 'post', 'invoice', anInvoice({ number: deleted.number }));
      expect(taken.status).toBe(409);
      expect(taken.body.details).toEqual({ existing_id: deleted.id, existing_archived: true });
      await testApp
        .http()
        .delete(`/api/objects/invoice/${deleted.id}`)
        .query({ permanent: 'true' })
        .set(org.headers)
        .expect(200);
      await createRecord(testApp, org, 'invoice', anInvoice({ number: deleted.number }));
    });

    it('lets exactly one of five concurrent creates of one number win', async () => {
      const body = anInvoice();
      const responses = await race(
        testApp,
        Array.from({ length: 5 }, () => call(org, 'post', 'invoice', body)),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([
        201, 409, 409, 409, 409,
      ]);
    });
  });

  describe('across organizations', () => {
    it('allows the same email and invoice number in two organizations', async () => {
      const [first, second] = [
        await testApp.createOrganization(),
        await testApp.createOrganization(),
      ];
      const email = anEmail();
      const number = `INV-${email}`;
      for (const org of [first, second]) {
        await createRecord(testApp, org, 'person', aPerson({ email }));
        await createRecord(testApp, org, 'invoice', anInvoice({ number }));
        expect(await peopleWithEmail(org, email)).toHaveLength(1);
      }
    });
  });
});
