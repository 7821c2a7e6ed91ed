import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Association definitions, and the columns that let the database enforce cardinality. */
export class AssociationDefinitions1763900000000 implements MigrationInterface {
  name = 'AssociationDefinitions1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "association_definition" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "name" text NOT NULL,
        "from_object_definition_id" uuid NOT NULL,
        "to_object_definition_id" uuid NOT NULL,
        "from_name" text NOT NULL,
        "from_label" text NOT NULL,
        "to_name" text NOT NULL,
        "to_label" text NOT NULL,
        "cardinality" text NOT NULL,
        "is_system" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_association_definition" PRIMARY KEY ("id"),
        CONSTRAINT "FK_association_definition_organization" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_association_definition_from" FOREIGN KEY ("from_object_definition_id")
          REFERENCES "object_definition"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_association_definition_to" FOREIGN KEY ("to_object_definition_id")
          REFERENCES "object_definition"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_association_definition_organization_name" ON "association_definition" ("organization_id", "name")`,
    );
    await queryRunner.query(`ALTER TABLE "association" ADD "from_single" uuid`);
    await queryRunner.query(`ALTER TABLE "association" ADD "to_single" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_association_from_single" ON "association" ("association_type", "from_single") WHERE "from_single" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_association_to_single" ON "association" ("association_type", "to_single") WHERE "to_single" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_association_to_single"`);
    await queryRunner.query(`DROP INDEX "UQ_association_from_single"`);
    await queryRunner.query(`ALTER TABLE "association" DROP COLUMN "to_single"`);
    await queryRunner.query(`ALTER TABLE "association" DROP COLUMN "from_single"`);
    await queryRunner.query(`DROP TABLE "association_definition"`);
  }
}
