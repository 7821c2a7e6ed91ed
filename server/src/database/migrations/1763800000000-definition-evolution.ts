import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Definition history, and deleted properties whose values stay in the records until purged. */
export class DefinitionEvolution1763800000000 implements MigrationInterface {
  name = 'DefinitionEvolution1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "object_definition" ADD "deleted_properties" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(`
      CREATE TABLE "object_definition_version" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "object_definition_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "changed_by" text,
        "summary" text NOT NULL,
        "diff" jsonb NOT NULL,
        "snapshot" jsonb NOT NULL,
        CONSTRAINT "PK_object_definition_version" PRIMARY KEY ("id"),
        CONSTRAINT "FK_object_definition_version_organization" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_object_definition_version_definition" FOREIGN KEY ("object_definition_id")
          REFERENCES "object_definition"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_object_definition_version" ON "object_definition_version" ("object_definition_id", "version")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "object_definition_version"`);
    await queryRunner.query(`ALTER TABLE "object_definition" DROP COLUMN "deleted_properties"`);
  }
}
