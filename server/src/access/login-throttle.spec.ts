import {
  FAILED_LOGIN_WINDOW_MS,
  LoginThrottle,
  MAX_FAILED_LOGINS,
  MAX_REMEMBERED_KEYS,
} from './login-throttle';

describe('LoginThrottle', () => {
  it('makes the 11th failure within the window wait until the oldest leaves it', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect(throttle.retryAfterSeconds('ann|1.2.3.4')).toBe(0);
      throttle.recordFailure('ann|1.2.3.4');
      now += 1000;
    }
    expect(throttle.retryAfterSeconds('ann|1.2.3.4')).toBe(FAILED_LOGIN_WINDOW_MS / 1000 - 10);
    now = FAILED_LOGIN_WINDOW_MS + 1;
    expect(throttle.retryAfterSeconds('ann|1.2.3.4')).toBe(0);
  });

  it('remembers a bounded number of keys, forgetting expired ones first, then the oldest', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      throttle.recordFailure('kept');
    }
    now = 1;
    for (let i = 0; i < MAX_REMEMBERED_KEYS + 5; i++) {
      throttle.recordFailure(`spray-${i}`);
    }
    const remembered = (throttle as unknown as { failures: Map<string, number[]> }).failures;
    expect(remembered.size).toBeLessThanOrEqual(MAX_REMEMBERED_KEYS);
    // The oldest key went first; the newest are still counted.
    expect(remembered.has('kept')).toBe(false);
    expect(remembered.has(`spray-${MAX_REMEMBERED_KEYS + 4}`)).toBe(true);
    // Past the window, the next overflow forgets every expired key at once.
    now = 1 + FAILED_LOGIN_WINDOW_MS;
    throttle.recordFailure('late-1');
    throttle.recordFailure('late-2');
    expect([...remembered.keys()]).toEqual(['late-1', 'late-2']);
  });
});
