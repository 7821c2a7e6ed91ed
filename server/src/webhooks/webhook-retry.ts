import type { WebhookSettings } from 'src/config/app-config';

/** Each retry waits this many times longer than the one before (until retryMaxMs). */
export const RETRY_FACTOR = 4;
/** ± this share of the delay, at random, so retries of many deliveries do not arrive together. */
export const RETRY_JITTER = 0.2;

/**
 * The wait after failed attempt `attempt` (1-based) before the next one: retryBaseMs × 4^(attempt-1),
 * at most retryMaxMs, ±20 % jitter. With the defaults (10 s base, 6 h cap, 10 attempts): 10 s,
 * 40 s, 2.7 min, 10.7 min, 43 min, 2.8 h, then 6 h three times: about 22 hours before a delivery is parked.
 */
export function retryDelayMs(
  attempt: number,
  settings: Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxMs'>,
  random: () => number = Math.random,
): number {
  const exponential = settings.retryBaseMs * RETRY_FACTOR ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, settings.retryMaxMs);
  return Math.round(capped * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()));
}

/** What becomes of a delivery after a failed attempt. */
export function afterFailure(
  attempt: number,
  settings: Pick<WebhookSettings, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'>,
  random: () => number = Math.random,
): { status: 'parked' } | { status: 'retrying'; delayMs: number } {
  return attempt >= settings.maxAttempts
    ? { status: 'parked' }
    : { status: 'retrying', delayMs: retryDelayMs(attempt, settings, random) };
}

/** The reason a subscription is disabled, as the API and the admin UI show it. */
export function disabledReason(
  settings: Pick<WebhookSettings, 'disableAfterFailures' | 'disableAfterMs'>,
  consecutiveFailures: number,
  failingSince: Date,
): string {
  const hours = Math.round((settings.disableAfterMs / 3_600_000) * 10) / 10;
  return (
    `Disabled automatically: ${consecutiveFailures} attempts in a row failed since ` +
    `${failingSince.toISOString()} (the limit is ${settings.disableAfterFailures} failures over at ` +
    `least ${hours} h without a success). Fix the receiver, then enable the subscription again.`
  );
}
