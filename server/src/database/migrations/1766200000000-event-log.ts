import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log (issue 14, docs/architecture.md "Timeline"): one row per change, written in the
 * change's transaction. `tx_id` orders the change feed by commit (readers see only transactions
 * below their snapshot's xmin); the record index serves timelines, history and as-of reads.
 */
export class EventLog1766200000000 implements MigrationInterface {
  name = 'EventLog1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event" (
         "organization_id" uuid NOT NULL,
         "id" bigint GENERATED ALWAYS AS IDENTITY,
         "tx_id" xid8 NOT NULL DEFAULT pg_current_xact_id(),
         "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "type" text NOT NULL,
         "object_name" text,
         "record_id" uuid,
         "record_version" integer,
         "actor" text NOT NULL,
         "source" text NOT NULL,
         "request_id" text,
         "cause_event_id" bigint,
         "data" jsonb NOT NULL,
         CONSTRAINT "PK_event" PRIMARY KEY ("organization_id", "id"),
         CONSTRAINT "CHK_event_type" CHECK ("type" IN ('created', 'updated', 'deleted', 'restored', 'associated', 'dissociated', 'merged', 'status_changed', 'comment', 'definition_changed')),
         CONSTRAINT "CHK_event_source" CHECK ("source" IN ('ui', 'api', 'import', 'system'))
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_event_record" ON "event" ("organization_id", "record_id", "id") WHERE "record_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_event_feed" ON "event" ("organization_id", "tx_id", "id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_event_feed_all" ON "event" ("tx_id", "id")`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "FK_event_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event"`);
  }
}
