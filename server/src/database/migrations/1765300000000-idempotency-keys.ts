import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key: the first answer to a create or batch, kept 24 hours for retries. */
export class IdempotencyKeys1765300000000 implements MigrationInterface {
  name = 'IdempotencyKeys1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_key" ("organization_id" uuid NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "response_status" integer, "response_body" text, "response_headers" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_idempotency_key" PRIMARY KEY ("organization_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_idempotency_key_expires_at" ON "idempotency_key" ("expires_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "idempotency_key" ADD CONSTRAINT "FK_idempotency_key_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_key" DROP CONSTRAINT "FK_idempotency_key_organization"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_idempotency_key_expires_at"`);
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
