import type { MigrationInterface, QueryRunner } from 'typeorm';

/** organization, object_definition, record (+ unique-value guard) and association. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "organization" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "slug" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_organization_slug" UNIQUE ("slug"),
        CONSTRAINT "PK_organization" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "object_definition" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "name" text NOT NULL,
        "label_singular" text NOT NULL,
        "label_plural" text NOT NULL,
        "description" text,
        "nav_group" text,
        "icon" text,
        "color" text,
        "is_system" boolean NOT NULL DEFAULT false,
        "properties" jsonb NOT NULL,
        "json_schema" jsonb NOT NULL,
        "primary_display_property" text,
        "system_source" jsonb,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "archived_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_object_definition" PRIMARY KEY ("id"),
        CONSTRAINT "FK_object_definition_organization" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_object_definition_organization_name" ON "object_definition" ("organization_id", "name")`,
    );
    await queryRunner.query(`
      CREATE TABLE "record" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "object_definition_id" uuid NOT NULL,
        "properties" jsonb NOT NULL DEFAULT '{}',
        "display_name" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "archived_at" TIMESTAMP WITH TIME ZONE,
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "PK_record" PRIMARY KEY ("id"),
        CONSTRAINT "FK_record_organization" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_record_object_definition" FOREIGN KEY ("object_definition_id")
          REFERENCES "object_definition"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_record_organization_definition_created" ON "record" ("organization_id", "object_definition_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_record_properties" ON "record" USING GIN ("properties")`,
    );
    await queryRunner.query(`
      CREATE TABLE "record_unique_value" (
        "object_definition_id" uuid NOT NULL,
        "property_name" text NOT NULL,
        "value" text NOT NULL,
        "organization_id" uuid NOT NULL,
        "record_id" uuid NOT NULL,
        CONSTRAINT "PK_record_unique_value" PRIMARY KEY ("object_definition_id", "property_name", "value"),
        CONSTRAINT "FK_record_unique_value_organization" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_record_unique_value_record" FOREIGN KEY ("record_id")
          REFERENCES "record"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_record_unique_value_record" ON "record_unique_value" ("record_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "association" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "association_type" text NOT NULL,
        "from_record_id" uuid NOT NULL,
        "to_record_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_association" PRIMARY KEY ("id"),
        CONSTRAINT "FK_association_organization" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_association_from_record" FOREIGN KEY ("from_record_id")
          REFERENCES "record"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_association_to_record" FOREIGN KEY ("to_record_id")
          REFERENCES "record"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_association_type_from_to" ON "association" ("association_type", "from_record_id", "to_record_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_association_to_record" ON "association" ("to_record_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "association"`);
    await queryRunner.query(`DROP TABLE "record_unique_value"`);
    await queryRunner.query(`DROP TABLE "record"`);
    await queryRunner.query(`DROP TABLE "object_definition"`);
    await queryRunner.query(`DROP TABLE "organization"`);
  }
}
