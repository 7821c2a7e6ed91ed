import type { PropertyIndexesRepository } from './property-indexes.repository';
import { PropertyIndexesService } from './property-indexes.service';

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
      await expect(first).resolves.toEqual({ created: [], dropped: [], ran: true });
      expect(runs()).toBe(2);
      await releaseRun();
      expect(runs()).toBe(2);
      await expect(Promise.all(during)).resolves.toHaveLength(3);
    });

    it('starts no run once the application is shutting down', async () => {
      const { service, runs, releaseRun } = pausingRepository();
      const first = service.sync();
      const during = service.sync();
      const shutdown = service.beforeApplicationShutdown();
      await releaseRun();
      await shutdown;
      await expect(first).resolves.toMatchObject({ ran: true });
      await expect(during).resolves.toEqual({ created: [], dropped: [], ran: false });
      await expect(service.sync()).resolves.toMatchObject({ ran: false });
      expect(runs()).toBe(1);
    });
  });
});
