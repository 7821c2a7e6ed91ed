import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who owns a record and who made and last changed it (docs/architecture.md, "Access"): `owner_id`
 * is a member (null: nobody, as for records made before members existed or by Plinth itself);
 * `created_by` and `updated_by` name an actor as text (`member:<id>`, `api_key:<id>`, `system`).
 * The index serves "own" scopes and owner filters.
 */
export class RecordOwnerAndActors1766100000000 implements MigrationInterface {
  name = 'RecordOwnerAndActors1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "record" ADD "owner_id" uuid`);
    await queryRunner.query(`ALTER TABLE "record" ADD "created_by" text NOT NULL DEFAULT 'system'`);
    await queryRunner.query(`ALTER TABLE "record" ADD "updated_by" text NOT NULL DEFAULT 'system'`);
    await queryRunner.query(
      `CREATE INDEX "IDX_record_organization_definition_owner" ON "record" ("organization_id", "object_definition_id", "owner_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_record_organization_definition_owner"`);
    await queryRunner.query(`ALTER TABLE "record" DROP COLUMN "updated_by"`);
    await queryRunner.query(`ALTER TABLE "record" DROP COLUMN "created_by"`);
    await queryRunner.query(`ALTER TABLE "record" DROP COLUMN "owner_id"`);
  }
}
