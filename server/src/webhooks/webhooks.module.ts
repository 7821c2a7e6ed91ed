import { Module } from '@nestjs/common';
import { EventsModule } from 'src/events/events.module';
import { ObjectDefinitionsModule } from 'src/object-definitions/object-definitions.module';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEventFeed } from './webhook-event-feed';
import { WebhookWorker } from './webhook.worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions, their API and the delivery worker (started by main.ts or a test). */
@Module({
  imports: [EventsModule, ObjectDefinitionsModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    WebhooksService,
    WebhookDeliveryService,
    WebhookEventFeed,
    WebhookWorker,
  ],
  exports: [WebhookWorker],
})
export class WebhooksModule {}
