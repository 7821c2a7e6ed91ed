import type { DatabaseLimits } from 'src/config/app-config';
import { aDeal, createRecord } from '../support/factories';
import { listRecords } from '../support/list-fixtures';
import { LockGate, send } from '../support/lock-gate';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/**
 * A request never waits forever for the database: a lock held by another transaction, a slow
 * statement, a full pool each end in 409 / 503 with Retry-After. The test's own transaction (the
 * gate) holds the lock, so the waits are forced by the database, never by sleeps.
 */
describe('Database timeouts', () => {
  async function withApp(
    limits: Partial<DatabaseLimits>,
    work: (testApp: TestApp, org: TestOrganization, gate: LockGate) => Promise<void>,
  ): Promise<void> {
    const testApp = await startTestApp({ database: limits });
    const gate = await LockGate.open(testApp);
    try {
      await work(testApp, await testApp.createOrganization(), gate);
    } finally {
      await gate.close();
      await testApp.close();
    }
  }

  function rename(testApp: TestApp, org: TestOrganization, id: string, name: string) {
    return testApp.http().patch(`/api/objects/deal/${id}`).set(org.headers).send({ name });
  }

  it('answers 409 with Retry-After when a lock is held past the lock timeout', async () => {
    await withApp({ lockTimeoutMs: 50 }, async (testApp, org, gate) => {
      const deal = await createRecord(testApp, org, 'deal', aDeal());
      await gate.hold('SELECT 1 FROM record WHERE id = $1 FOR UPDATE', [deal.id]);
      const response = await rename(testApp, org, deal.id, 'Blocked');
      expect(response.status).toBe(409);
      expect(response.headers['retry-after']).toBe('2');
      expect(response.body).toMatchObject({ status: 409, code: 'TRANSACTION_CONFLICT' });
      await gate.release();
      expect((await rename(testApp, org, deal.id, 'Free')).status).toBe(200);
    });
  });

  it('answers 503 with Retry-After when a statement runs past the statement timeout', async () => {
    await withApp({ lockTimeoutMs: 0, statementTimeoutMs: 3000 }, async (testApp, org, gate) => {
      const deal = await createRecord(testApp, org, 'deal', aDeal());
      await gate.hold('SELECT 1 FROM record WHERE id = $1 FOR UPDATE', [deal.id]);
      const response = await rename(testApp, org, deal.id, 'Slow');
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ status: 503, code: 'DATABASE_BUSY' });
      await gate.release();
      const stored = await testApp.http().get(`/api/objects/deal/${deal.id}`).set(org.headers);
      expect(stored.body).toMatchObject({ name: deal.name });
    });
  });

  it('answers 503 with Retry-After when no pooled connection comes free in time', async () => {
    const limits = {
      poolSize: 2,
      lockTimeoutMs: 0,
      statementTimeoutMs: 0,
      poolAcquireTimeoutMs: 1000,
    };
    await withApp(limits, async (testApp, org, gate) => {
      const deal = await createRecord(testApp, org, 'deal', aDeal());
      await gate.hold('SELECT 1 FROM record WHERE id = $1 FOR UPDATE', [deal.id]);
      // Both connections wait for the gate's lock inside their transactions.
      const waiting = [
        send(rename(testApp, org, deal.id, 'First')),
        send(rename(testApp, org, deal.id, 'Second')),
      ];
      await gate.waitForWaiters(2);
      const response = await listRecords(testApp, org, 'deal');
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ status: 503, code: 'DATABASE_BUSY' });
      await gate.release();
      const answers = await Promise.all(waiting.map((pending) => pending.response));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    });
  });
});
