import { ThrottlerStorageService } from '@nestjs/throttler';
import { RateLimitCounters } from './rate-limit-counters';

const TTL = 60_000;

describe(RateLimitCounters.name, () => {
  let now: number;
  let counters: RateLimitCounters;

  beforeEach(() => {
    now = 1_000_000;
    counters = new RateLimitCounters(() => now);
  });

  it('counts hits in the window and blocks past the limit until the block expires', async () => {
    const hit = () => counters.increment('caller', TTL, 3, TTL, 'default');
    expect((await hit()).totalHits).toBe(1);
    await hit();
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('lets hits leave the window one by one, oldest first', async () => {
    const hit = () => counters.increment('caller', TTL, 100, TTL, 'default');
    await hit();
    now += 20_000;
    await hit();
    now += 41_000;
    expect((await hit()).totalHits).toBe(2);
  });

  it('keeps callers and throttlers apart, and forgets idle callers', async () => {
    await counters.increment('a', TTL, 10, TTL, 'default');
    await counters.increment('a', TTL, 10, TTL, 'default');
    expect((await counters.increment('b', TTL, 10, TTL, 'default')).totalHits).toBe(1);
    expect((await counters.increment('a', TTL, 10, TTL, 'burst')).totalHits).toBe(1);
    expect(counters.size).toBe(3);
    now += TTL + 1;
    counters.forgetIdle();
    expect(counters.size).toBe(0);
  });

  it('grants several hits at once only while less than half the budget is used', async () => {
    const take = (want: number) => counters.take('caller', TTL, 20, TTL, 'default', want);
    expect(await take(4)).toMatchObject({ granted: 4, record: { totalHits: 4 } });
    expect(await take(8)).toMatchObject({ granted: 1, record: { totalHits: 5 } });
    expect(await take(4)).toMatchObject({ granted: 4, record: { totalHits: 9 } });
    expect(await take(2)).toMatchObject({ granted: 1, record: { totalHits: 10 } });
    for (let hit = 11; hit <= 20; hit++) {
      expect(await take(64)).toMatchObject({ granted: 1, record: { totalHits: hit } });
    }
    expect(await take(64)).toMatchObject({ granted: 1, record: { isBlocked: true } });
  });

  it('answers as @nestjs/throttler storage does, over a long run of mixed calls', async () => {
    jest.useFakeTimers({ now, doNotFake: ['setInterval'] });
    try {
      const theirs = new ThrottlerStorageService();
      let seed = 7;
      const random = (): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      const blocked = { a: 0, b: 0 };
      for (let i = 0; i < 3_000; i++) {
        now += Math.floor(random() * 1_500);
        jest.setSystemTime(now);
        const key = random() < 0.5 ? 'a' : 'b';
        const blockDuration = key === 'a' ? TTL : 0;
        const args = [key, TTL, 40, blockDuration, 'default'] as const;
        const ours = await counters.increment(...args);
        expect(ours).toEqual(await theirs.increment(...args));
        blocked[key] += ours.isBlocked ? 1 : 0;
      }
      // Both kinds of limit were reached (with a block, and without one).
      expect(blocked.a).toBeGreaterThan(0);
      expect(blocked.b).toBeGreaterThan(0);
      theirs.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });
});
