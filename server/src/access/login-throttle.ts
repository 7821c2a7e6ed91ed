/** The name the primary process serves the failed sign-ins under (docs/scaling.md, "Workers"). */
export const LOGIN_THROTTLE_STATE = 'login-throttle';

/** Failed sign-ins allowed per email and address in the window before 429. */
export const MAX_FAILED_LOGINS = 10;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60_000;
/** Emails and addresses remembered at most; beyond it the expired ones go, then the oldest. */
export const MAX_REMEMBERED_KEYS = 100_000;

/**
 * Counts failed sign-ins per email + client address: the 11th attempt within 15
 * minutes waits (429 with Retry-After) until the oldest failure leaves the window. With several
 * worker processes the primary's instance counts for all of them (auth.service.ts).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds to wait before another attempt, or 0 when one may be made now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < MAX_FAILED_LOGINS) {
      return 0;
    }
    const oldest = recent[recent.length - MAX_FAILED_LOGINS] ?? this.now();
    return Math.max(1, Math.ceil((oldest + FAILED_LOGIN_WINDOW_MS - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const failures = [...this.recent(key), this.now()];
    this.failures.delete(key); // re-inserted last: the Map's order is the last failure's
    this.failures.set(key, failures);
    if (this.failures.size > MAX_REMEMBERED_KEYS) {
      this.forgetExpired();
    }
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  /** Bounds the memory a stream of distinct emails can take: expired keys, then the oldest. */
  private forgetExpired(): void {
    const since = this.now() - FAILED_LOGIN_WINDOW_MS;
    for (const [key, failures] of this.failures) {
      if ((failures.at(-1) ?? 0) <= since) {
        this.failures.delete(key);
      }
    }
    for (const key of this.failures.keys()) {
      if (this.failures.size <= MAX_REMEMBERED_KEYS) {
        break;
      }
      this.failures.delete(key);
    }
  }

  private recent(key: string): number[] {
    const since = this.now() - FAILED_LOGIN_WINDOW_MS;
    const recent = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) {
      this.failures.delete(key);
    }
    return recent;
  }
}
