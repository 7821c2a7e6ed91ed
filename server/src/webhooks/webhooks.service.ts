import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { DEFAULT_PAGE_SIZE } from 'src/common/http/list-query';
import { type AppConfig } from 'src/config/app-config';
import { APP_CONFIG, RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction } from 'src/database/transaction';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { actorText } from 'src/records/record-actors';
import { TEST_EVENT_TYPE } from './webhook-event';
import { isWebhookFilter } from './webhook-filter';
import { newWebhookSecret, sendWebhook } from './webhook-sender';
import type { CreateWebhookDto, UpdateWebhookDto } from './webhooks.dto';
import {
  type AttemptRow,
  type DeliveryRow,
  type SubscriptionRow,
  type SubscriptionValues,
  WebhooksRepository,
} from './webhooks.repository';

/** A delivery with its attempts (the delivery log's line). */
export interface DeliveryWithAttempts {
  delivery: DeliveryRow;
  attempts: AttemptRow[];
}

const FILTER_PROBLEM =
  'must be {"property":"<property name>","equals":<string, number, boolean or null>}';

function notFound(what: string, id: string): AppError {
  return new AppError(ErrorCode.NotFound, `No ${what} "${id}" in this organization`);
}

/** Webhook subscriptions of an organization: managed by admins, their deliveries and replays. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly definitions: ObjectDefinitionsService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  listWebhooks(context: RequestContext): Promise<SubscriptionRow[]> {
    return this.repository.listSubscriptions(context.organizationId);
  }

  async getWebhook(context: RequestContext, id: string): Promise<SubscriptionRow> {
    const row = await this.repository.findSubscription(context.organizationId, id);
    if (!row) {
      throw notFound('webhook', id);
    }
    return row;
  }

  /** The new subscription and its secret, which the API never shows again. */
  async createWebhook(
    context: RequestContext,
    input: CreateWebhookDto,
  ): Promise<{ row: SubscriptionRow; secret: string }> {
    const secret = newWebhookSecret();
    const row = await this.repository.insertSubscription(context.organizationId, {
      ...(await this.values(context, input, undefined)),
      secret,
      createdBy: actorText(context.actor),
    });
    if (input.enabled === false) {
      return { row: await this.updateWebhook(context, row.id, { enabled: false }), secret };
    }
    return { row, secret };
  }

  async updateWebhook(
    context: RequestContext,
    id: string,
    input: UpdateWebhookDto,
  ): Promise<SubscriptionRow> {
    const current = await this.getWebhook(context, id);
    const row = await this.repository.updateSubscription(context.organizationId, id, {
      ...(await this.values(context, input, current)),
      isEnabled: input.enabled ?? current.isEnabled,
    });
    if (!row) {
      throw notFound('webhook', id);
    }
    if (row.isEnabled && !current.isEnabled) {
      // Deliveries held while it was disabled are due again.
      await this.repository.notifyQueued();
    }
    return row;
  }

  async deleteWebhook(context: RequestContext, id: string): Promise<void> {
    if (!(await this.repository.deleteSubscription(context.organizationId, id))) {
      throw notFound('webhook', id);
    }
  }

  private async values(
    context: RequestContext,
    input: UpdateWebhookDto,
    current: SubscriptionRow | undefined,
  ): Promise<SubscriptionValues> {
    const filter = input.filter === undefined ? (current?.filter ?? null) : input.filter;
    if (filter !== null && !isWebhookFilter(filter)) {
      throw new AppError(ErrorCode.ValidationFailed, `filter ${FILTER_PROBLEM}`, {
        filter: FILTER_PROBLEM,
      });
    }
    const objects = input.objects === undefined ? (current?.objectNames ?? null) : input.objects;
    if (input.objects) {
      await this.checkObjects(context, input.objects);
    }
    return {
      url: input.url ?? current?.url ?? '',
      description: input.description ?? current?.description ?? '',
      eventTypes: [...new Set(input.event_types ?? current?.eventTypes ?? [])],
      objectNames: objects === null ? null : [...new Set(objects)],
      filter,
    };
  }

  /** Each named object exists in the organization (an archived one may come back: it counts). */
  private async checkObjects(context: RequestContext, objects: string[]): Promise<void> {
    const known = new Set(
      (await this.definitions.listDefinitions(context)).map((definition) => definition.name),
    );
    const unknown = objects.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      const message = `no object named ${unknown.map((name) => `"${name}"`).join(', ')}`;
      throw new AppError(ErrorCode.ValidationFailed, `objects: ${message}`, { objects: message });
    }
  }

  /**
   * Sends a `webhook.test` message now and answers with its delivery and attempt. Not retried: the
   * answer says at once whether the receiver got it. The delivery stays locked by this transaction
   * while it is sent, so no worker sends it too.
   */
  async sendTestEvent(context: RequestContext, id: string): Promise<DeliveryWithAttempts> {
    const subscription = await this.getWebhook(context, id);
    const deliveryId = await this.runInTransaction(async (tx) => {
      const messageId = `msg_test_${randomUUID()}`;
      const [delivery] = await this.repository.insertDeliveries(
        [
          {
            organizationId: context.organizationId,
            subscriptionId: subscription.id,
            messageId,
            eventId: null,
            eventType: TEST_EVENT_TYPE,
            recordId: null,
            payload: {
              type: TEST_EVENT_TYPE,
              timestamp: new Date().toISOString(),
              data: { subscription_id: subscription.id, organization_id: context.organizationId },
            },
          },
        ],
        tx,
      );
      if (!delivery) {
        throw new AppError(ErrorCode.InternalError, 'The test delivery was not queued');
      }
      const result = await sendWebhook(
        {
          url: subscription.url,
          secret: subscription.secret,
          messageId,
          payload: delivery.payload,
        },
        this.config.webhooks.timeoutMs,
      );
      await this.repository.recordOutcomes(
        [
          {
            id: delivery.id,
            organizationId: context.organizationId,
            subscriptionId: subscription.id,
            attempt: 1,
            status: result.isSuccess ? 'delivered' : 'parked',
            nextAttemptAt: null,
            ...result,
          },
        ],
        tx,
      );
      return delivery.id;
    });
    return this.getDelivery(context, id, deliveryId);
  }

  async listDeliveries(
    context: RequestContext,
    id: string,
    requested: { start: number; end: number } | undefined,
  ): Promise<{ deliveries: DeliveryWithAttempts[]; total: number; start: number }> {
    const range = requested ?? { start: 0, end: DEFAULT_PAGE_SIZE - 1 };
    await this.getWebhook(context, id);
    const { rows, total } = await this.repository.listDeliveries(
      context.organizationId,
      id,
      range.start,
      range.end - range.start + 1,
    );
    const attempts = await this.repository.listAttempts(
      context.organizationId,
      rows.map((row) => row.id),
    );
    return {
      deliveries: rows.map((delivery) => ({
        delivery,
        attempts: attempts.filter((attempt) => attempt.deliveryId === delivery.id),
      })),
      total,
      start: range.start,
    };
  }

  async getDelivery(
    context: RequestContext,
    id: string,
    deliveryId: string,
  ): Promise<DeliveryWithAttempts> {
    const delivery = /^\d{1,18}$/.test(deliveryId)
      ? await this.repository.findDelivery(context.organizationId, id, deliveryId)
      : undefined;
    if (!delivery) {
      throw notFound('delivery', deliveryId);
    }
    const attempts = await this.repository.listAttempts(context.organizationId, [delivery.id]);
    return { delivery, attempts };
  }

  /** Queues the delivery's message again (same `webhook-id`), after the record's pending ones. */
  async replayDelivery(
    context: RequestContext,
    id: string,
    deliveryId: string,
  ): Promise<DeliveryWithAttempts> {
    const { delivery } = await this.getDelivery(context, id, deliveryId);
    const replay = await this.repository.insertReplay(context.organizationId, id, delivery.id);
    if (!replay) {
      throw new AppError(ErrorCode.InternalError, 'The replay was not queued');
    }
    await this.repository.notifyQueued();
    return { delivery: replay, attempts: [] };
  }

  /** Queues again every event sent (or tried) to the subscription that happened since `since`. */
  async replaySince(context: RequestContext, id: string, since: Date): Promise<number> {
    await this.getWebhook(context, id);
    const queued = await this.repository.replaySince(context.organizationId, id, since);
    if (queued > 0) {
      await this.repository.notifyQueued();
    }
    return queued;
  }
}
