import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (README, "Timeline and webhooks"): subscriptions, one delivery per event and
 * subscription, the log of each attempt, and the fan-out's position in the event log.
 */
export class Webhooks1766400000000 implements MigrationInterface {
  name = 'Webhooks1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_cursor" ("name" text NOT NULL, "position" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_webhook_cursor" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_subscription" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "organization_id" uuid NOT NULL, "url" text NOT NULL, "description" text NOT NULL DEFAULT '', "event_types" jsonb NOT NULL, "object_names" jsonb, "filter" jsonb, "secret" text NOT NULL, "is_enabled" boolean NOT NULL DEFAULT true, "disabled_reason" text, "disabled_at" TIMESTAMP WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT '0', "failing_since" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_webhook_subscription" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_subscription_organization" ON "webhook_subscription" ("organization_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "organization_id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "message_id" text NOT NULL, "event_id" bigint, "event_type" text NOT NULL, "record_id" uuid, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_response_status" integer, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "replay_of" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_webhook_delivery" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_webhook_delivery_event" ON "webhook_delivery" ("subscription_id", "event_id") WHERE replay_of IS NULL AND event_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_delivery_subscription" ON "webhook_delivery" ("organization_id", "subscription_id", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_delivery_record_order" ON "webhook_delivery" ("subscription_id", "record_id", "id") WHERE status IN ('pending', 'retrying')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_delivery_due" ON "webhook_delivery" ("next_attempt_at", "id") WHERE status IN ('pending', 'retrying')`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery_attempt" ("delivery_id" bigint NOT NULL, "attempt" integer NOT NULL, "organization_id" uuid NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" text NOT NULL, "response_status" integer, "latency_ms" integer NOT NULL, "error" text, CONSTRAINT "PK_webhook_delivery_attempt" PRIMARY KEY ("delivery_id", "attempt"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_subscription" ADD CONSTRAINT "FK_webhook_subscription_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_webhook_delivery_subscription" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery_attempt" ADD CONSTRAINT "FK_webhook_delivery_attempt_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "webhook_cursor" ("name", "position") VALUES ('fanout', NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_delivery_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_subscription"`);
    await queryRunner.query(`DROP TABLE "webhook_cursor"`);
  }
}
