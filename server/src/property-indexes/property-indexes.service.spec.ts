import { Logger } from '@nestjs/common';
import { indexSpecsOf } from './property-indexes';
import type { IndexSession, PropertyIndexesRepository } from './property-indexes.repository';
import { FIRST_RETRY_MS, PropertyIndexesService } from './property-indexes.service';

/** A repository whose reads wait until the test lets each run go on. */
function pausingRepository() {
  const releases: Array<() => void> = [];
  let runs = 0;
  const repository = {
    findIndexedDefinitions: jest.fn(async () => {
      runs++;
      await new Promise<void>((resolve) => releases.push(resolve));
      return [];
    }),
    findRuntimeIndexes: jest.fn(() => Promise.resolve([])),
    withIndexLock: jest.fn(() => Promise.resolve(true)),
  };
  return {
    service: new PropertyIndexesService(repository as unknown as PropertyIndexesRepository),
    runs: () => runs,
    /** Lets the waiting run go on, then lets the promises settle. */
    async releaseRun(): Promise<void> {
      releases.shift()?.();
      for (let i = 0; i < 10; i++) {
        await Promise.resolve();
      }
    },
  };
}

describe(PropertyIndexesService.name, () => {
  describe('sync', () => {
    it('runs once more after a run for every request made during it, then stops', async () => {
      const { service, runs, releaseRun } = pausingRepository();
      const first = service.sync();
      const during = [service.sync(), service.sync(), service.sync()];
      expect(runs()).toBe(1);
      await releaseRun();
      await expect(first).resolves.toEqual({ created: [], dropped: [], failed: [], ran: true });
      expect(runs()).toBe(2);
      await releaseRun();
      expect(runs()).toBe(2);
      await expect(Promise.all(during)).resolves.toHaveLength(3);
    });

    it('takes the lock (and its own connection) only when an index is to be built or dropped', async () => {
      const { service, releaseRun } = pausingRepository();
      const repository = (service as unknown as { repository: Record<string, jest.Mock> })
        .repository;
      const run = service.sync();
      await releaseRun();
      await expect(run).resolves.toEqual({ created: [], dropped: [], failed: [], ran: true });
      expect(repository.findRuntimeIndexes).toHaveBeenCalledTimes(1);
      expect(repository.withIndexLock).not.toHaveBeenCalled();
      repository.findRuntimeIndexes!.mockResolvedValueOnce([
        { name: 'rx_t_gone_1', isValid: true },
      ]);
      const second = service.sync();
      await releaseRun();
      await second;
      expect(repository.withIndexLock).toHaveBeenCalledTimes(1);
    });

    it('starts no run once the application is shutting down', async () => {
      const { service, runs, releaseRun } = pausingRepository();
      const first = service.sync();
      const during = service.sync();
      const shutdown = service.beforeApplicationShutdown();
      await releaseRun();
      await shutdown;
      await expect(first).resolves.toMatchObject({ ran: true });
      await expect(during).resolves.toEqual({ created: [], dropped: [], failed: [], ran: false });
      await expect(service.sync()).resolves.toMatchObject({ ran: false });
      expect(runs()).toBe(1);
    });
  });

  describe('after definitions were only added (a new organization)', () => {
    const added = {
      primary_display_property: 'title',
      properties: [{ name: 'title', type: 'text' as const, label: 'Title' }],
    };
    const [spec] = indexSpecsOf(added);

    it("reads no organization's definitions when the added ones' indexes exist", async () => {
      const { service, runs } = pausingRepository();
      const repository = (service as unknown as { repository: Record<string, jest.Mock> })
        .repository;
      repository.findRuntimeIndexes!.mockResolvedValue([
        { name: spec!.name, isValid: true },
        { name: 'rx_t_other_1', isValid: true },
      ]);
      await expect(service.syncForAdded([added])).resolves.toBe(false);
      expect(runs()).toBe(0);
      expect(repository.withIndexLock).not.toHaveBeenCalled();
    });

    it('runs the full sync when one of their indexes is missing or invalid', async () => {
      for (const existing of [[], [{ name: spec!.name, isValid: false }]]) {
        const { service, runs, releaseRun } = pausingRepository();
        const repository = (service as unknown as { repository: Record<string, jest.Mock> })
          .repository;
        repository.findRuntimeIndexes!.mockResolvedValue(existing);
        const pending = service.syncForAdded([added]);
        await releaseRun();
        expect(runs()).toBe(1);
        await releaseRun();
        await expect(pending).resolves.toBe(true);
      }
    });
  });

  describe('a build that fails', () => {
    const definition = {
      properties: [
        { name: 'total', type: 'number' as const, label: 'Total', indexed: true },
        { name: 'label', type: 'text' as const, label: 'Label', indexed: true },
      ],
    };

    /** Indexes live in a set; building one on `total` fails while `isBroken` says so. */
    function failingRepository() {
      const built = new Set<string>();
      const state = { isBroken: true, attempts: 0 };
      const repository = {
        findIndexedDefinitions: jest.fn(() => Promise.resolve([definition])),
        findRuntimeIndexes: jest.fn(() =>
          Promise.resolve([...built].map((name) => ({ name, isValid: true }))),
        ),
        createSql: (spec: { name: string }) => `create ${spec.name}`,
        dropSql: (name: string) => `drop ${name}`,
        withIndexLock: jest.fn(async (work: (session: IndexSession) => Promise<void>) => {
          await work({
            ddl: (sql) => {
              const name = sql.replace(/^create /, '');
              if (name.startsWith('rx_n_total')) {
                state.attempts++;
                if (state.isBroken) {
                  return Promise.reject(new Error('value overflows numeric format'));
                }
              }
              built.add(name);
              return Promise.resolve();
            },
            existing: () => Promise.resolve([...built].map((name) => ({ name, isValid: true }))),
          });
          return true;
        }),
      };
      return {
        service: new PropertyIndexesService(repository as unknown as PropertyIndexesRepository),
        state,
        repository,
      };
    }

    beforeEach(() => {
      jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    });

    afterEach(() => {
      jest.useRealTimers();
      jest.restoreAllMocks();
    });

    it('builds the others, is logged once, shows in status and is retried with exponential back-off', async () => {
      const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      const { service, state } = failingRepository();

      const first = await service.sync();
      expect(first.failed).toEqual([expect.stringMatching(/^rx_n_total_/)]);
      expect(first.created).toEqual([expect.stringMatching(/^rx_t_label_/)]);
      expect(service.status().failing).toEqual([
        {
          index: first.failed[0],
          reason: 'value overflows numeric format',
          failures: 1,
          next_retry_at: new Date(Date.now() + FIRST_RETRY_MS).toISOString(),
        },
      ]);

      // Before the back-off ends, runs leave it alone.
      await service.sync();
      expect(state.attempts).toBe(1);

      jest.setSystemTime(Date.now() + FIRST_RETRY_MS);
      await service.sync();
      expect(state.attempts).toBe(2);
      expect(service.status().failing[0]).toMatchObject({
        failures: 2,
        next_retry_at: new Date(Date.now() + 2 * FIRST_RETRY_MS).toISOString(),
      });
      expect(errors).toHaveBeenCalledTimes(1);

      state.isBroken = false;
      jest.setSystemTime(Date.now() + 2 * FIRST_RETRY_MS);
      const recovered = await service.sync();
      expect(recovered.created).toEqual(first.failed);
      expect(service.status().failing).toEqual([]);
      await service.beforeApplicationShutdown();
    });
  });
});
