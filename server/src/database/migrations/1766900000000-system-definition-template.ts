import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The shipped system definitions stored once, copied in SQL into each new organization. */
export class SystemDefinitionTemplate1766900000000 implements MigrationInterface {
  name = 'SystemDefinitionTemplate1766900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "system_definition_template" ("name" text NOT NULL, "content_hash" text NOT NULL, "label_singular" text NOT NULL, "label_plural" text NOT NULL, "description" text, "nav_group" text, "icon" text, "color" text, "properties" jsonb NOT NULL, "json_schema" jsonb NOT NULL, "primary_display_property" text, "identity" jsonb, "system_source" jsonb NOT NULL, "version_summary" text NOT NULL, "version_diff" jsonb NOT NULL, "version_snapshot" jsonb NOT NULL, CONSTRAINT "PK_system_definition_template" PRIMARY KEY ("name"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "system_definition_template"`);
  }
}
