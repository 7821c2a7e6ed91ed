import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WebhookSettings } from 'src/config/app-config';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import { eventEnvelope, messageIdOf } from './webhook-event';
import { WebhookEventFeed } from './webhook-event-feed';
import { isSelected, isWebhookFilter } from './webhook-filter';
import { afterFailure, disabledReason } from './webhook-retry';
import { sendWebhook } from './webhook-sender';
import {
  type DeliveryOutcome,
  type NewDelivery,
  type SubscriptionRow,
  WebhooksRepository,
} from './webhooks.repository';

/**
 * The two halves of the delivery worker, each one transaction: the fan-out turns new events of the
 * log into deliveries (and moves its cursor with them), the sender claims due deliveries, sends
 * them and records each attempt.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly feed: WebhookEventFeed,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  /**
   * Reads up to `limit` events after the cursor (commit order) and queues one delivery per event
   * and subscription that wants it. The cursor row is locked for the transaction: another process
   * fanning out meanwhile skips the round. Answers how many events were read (-1: skipped).
   */
  fanOut(limit: number): Promise<{ read: number; queued: number }> {
    return this.runInTransaction(async (tx) => {
      const cursor = await this.repository.lockCursor(tx);
      if (!cursor) {
        return { read: -1, queued: 0 };
      }
      const page = await this.feed.positionsAfter(cursor.position, limit);
      if (page.read === 0 || !page.next) {
        return { read: 0, queued: 0 };
      }
      // Only the events of organizations with an enabled subscription are read whole: an import
      // into an organization without webhooks costs the fan-out its events' positions only.
      const subscriptions = await this.repository.enabledSubscriptions(page.organizationIds, tx);
      const subscribed = [
        ...new Set(subscriptions.map((subscription) => subscription.organizationId)),
      ];
      const events =
        subscribed.length === 0
          ? []
          : await this.feed.eventsBetween(cursor.position, page.next, subscribed);
      const deliveries: NewDelivery[] = [];
      for (const event of events) {
        for (const subscription of subscriptions) {
          if (subscription.organizationId === event.organizationId && wants(subscription, event)) {
            deliveries.push({
              organizationId: event.organizationId,
              subscriptionId: subscription.id,
              messageId: messageIdOf(event.id),
              eventId: event.id,
              eventType: event.type,
              recordId: event.recordId,
              payload: eventEnvelope(event),
            });
          }
        }
      }
      const queued = await this.repository.insertDeliveries(deliveries, tx);
      await this.repository.saveCursor(page.next, tx);
      return { read: page.read, queued: queued.length };
    });
  }

  /**
   * Claims up to `batchSize` due deliveries (`FOR UPDATE SKIP LOCKED`, held while they are sent),
   * sends them at once, records every attempt, and disables subscriptions that keep failing.
   * A process killed meanwhile loses its connection, so the claims end and another process (or
   * this one, restarted) sends them: at least once, never twice at once. Answers how many it sent.
   */
  deliverDue(settings: WebhookSettings): Promise<number> {
    return this.runInTransaction(async (tx) => {
      const claimed = await this.repository.claimDue(settings.batchSize, tx);
      if (claimed.length === 0) {
        return 0;
      }
      const outcomes = await Promise.all(
        claimed.map(async (delivery): Promise<DeliveryOutcome> => {
          const result = await sendWebhook(delivery, settings.timeoutMs);
          const attempt = delivery.attempts + 1;
          const base = {
            id: delivery.id,
            organizationId: delivery.organizationId,
            subscriptionId: delivery.subscriptionId,
            attempt,
            attemptedAt: result.attemptedAt,
            responseStatus: result.responseStatus,
            latencyMs: result.latencyMs,
            error: result.error,
          };
          if (result.isSuccess) {
            return { ...base, status: 'delivered', nextAttemptAt: null };
          }
          const next = afterFailure(attempt, settings);
          return next.status === 'parked'
            ? { ...base, status: 'parked', nextAttemptAt: null }
            : {
                ...base,
                status: 'retrying',
                nextAttemptAt: new Date(result.attemptedAt.getTime() + next.delayMs),
              };
        }),
      );
      const health = await this.repository.recordOutcomes(outcomes, tx);
      const now = Date.now();
      for (const subscription of health) {
        if (
          subscription.failingSince !== null &&
          subscription.consecutiveFailures >= settings.disableAfterFailures &&
          now - subscription.failingSince.getTime() >= settings.disableAfterMs
        ) {
          const reason = disabledReason(
            settings,
            subscription.consecutiveFailures,
            subscription.failingSince,
          );
          await this.repository.disableSubscription(subscription.id, reason, tx);
          this.logger.warn(`Webhook subscription ${subscription.id} disabled: it keeps failing`);
        }
      }
      return claimed.length;
    });
  }
}

function wants(subscription: SubscriptionRow, event: Parameters<typeof isSelected>[0]): boolean {
  return isSelected(event, {
    eventTypes: subscription.eventTypes,
    objectNames: subscription.objectNames,
    filter: isWebhookFilter(subscription.filter) ? subscription.filter : null,
    createdAt: subscription.createdAt,
  });
}
