import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Purged means gone everywhere" (issue 14): a delivery keeps its event's envelope, not the
 * record's values. `data.details` leaves `webhook_delivery.payload` of every event's delivery; the
 * senders and the delivery log read it from the event row (webhooks.repository.ts), which a purge
 * erases in its own transaction. Deliveries of records purged before this version thus show
 * `{"erased": true}` too. A test message (no event) keeps its whole body.
 */
export class WebhookPayloadWithoutValues1766800000000 implements MigrationInterface {
  name = 'WebhookPayloadWithoutValues1766800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "webhook_delivery" SET "payload" = "payload" #- '{data,details}'
        WHERE "event_id" IS NOT NULL AND "payload" -> 'data' ? 'details'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "webhook_delivery" d
          SET "payload" = jsonb_set(d."payload", '{data,details}', coalesce(
                (SELECT e."data" FROM "event" e
                  WHERE e."organization_id" = d."organization_id" AND e."id" = d."event_id"),
                '{"erased": true}'::jsonb))
        WHERE d."event_id" IS NOT NULL`,
    );
  }
}
