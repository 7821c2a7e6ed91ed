import { afterFailure, disabledReason, retryDelayMs } from './webhook-retry';

const SETTINGS = { retryBaseMs: 10_000, retryMaxMs: 6 * 3_600_000, maxAttempts: 10 };
const MIDDLE = () => 0.5;

describe(retryDelayMs.name, () => {
  it('grows four times per attempt from the base', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, SETTINGS, MIDDLE))).toEqual([
      10_000, 40_000, 160_000, 640_000,
    ]);
  });

  it('stops growing at the maximum', () => {
    expect(retryDelayMs(9, SETTINGS, MIDDLE)).toBe(6 * 3_600_000);
  });

  it('adds at most 20 % jitter either way', () => {
    expect(retryDelayMs(1, SETTINGS, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, SETTINGS, () => 1)).toBe(12_000);
  });
});

describe(afterFailure.name, () => {
  it('retries until the last attempt, then parks', () => {
    expect(afterFailure(9, SETTINGS, MIDDLE)).toEqual({
      status: 'retrying',
      delayMs: 6 * 3_600_000,
    });
    expect(afterFailure(10, SETTINGS, MIDDLE)).toEqual({ status: 'parked' });
  });

  it('spans about 22 hours before parking with the defaults', () => {
    const total = Array.from({ length: 9 }, (_, index) =>
      retryDelayMs(index + 1, SETTINGS, MIDDLE),
    ).reduce((sum, delay) => sum + delay, 0);
    expect(Math.round(total / 3_600_000)).toBe(22);
  });
});

describe(disabledReason.name, () => {
  it('says how many attempts failed, since when, and what the rule is', () => {
    expect(
      disabledReason(
        { disableAfterFailures: 50, disableAfterMs: 72 * 3_600_000 },
        51,
        new Date('2026-01-01T00:00:00Z'),
      ),
    ).toBe(
      'Disabled automatically: 51 attempts in a row failed since 2026-01-01T00:00:00.000Z (the limit is 50 failures over at least 72 h without a success). Fix the receiver, then enable the subscription again.',
    );
  });
});
