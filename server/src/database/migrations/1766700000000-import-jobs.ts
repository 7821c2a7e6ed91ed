import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CSV imports (README "Import and export"): the jobs and the rows each could not write. */
export class ImportJobs1766700000000 implements MigrationInterface {
  name = 'ImportJobs1766700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "import_job" ("organization_id" uuid NOT NULL, "id" uuid NOT NULL, "object_name" text NOT NULL, "status" text NOT NULL, "mode" text NOT NULL DEFAULT 'create', "key_name" text, "mapping" jsonb NOT NULL DEFAULT '{}', "columns" jsonb NOT NULL DEFAULT '[]', "file_name" text NOT NULL, "file_size" bigint NOT NULL, "rows_total" integer NOT NULL DEFAULT '0', "rows_done" integer NOT NULL DEFAULT '0', "created_count" integer NOT NULL DEFAULT '0', "updated_count" integer NOT NULL DEFAULT '0', "failed_count" integer NOT NULL DEFAULT '0', "error" text, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "cancel_requested_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_import_job" PRIMARY KEY ("organization_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_import_job_created_at" ON "import_job" ("organization_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "import_job_failure" ("organization_id" uuid NOT NULL, "job_id" uuid NOT NULL, "row_number" integer NOT NULL, "reason" text NOT NULL, "cells" jsonb NOT NULL, CONSTRAINT "PK_import_job_failure" PRIMARY KEY ("organization_id", "job_id", "row_number"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "import_job" ADD CONSTRAINT "FK_import_job_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "import_job_failure" ADD CONSTRAINT "FK_import_job_failure_job" FOREIGN KEY ("organization_id", "job_id") REFERENCES "import_job"("organization_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "import_job_failure" DROP CONSTRAINT "FK_import_job_failure_job"`,
    );
    await queryRunner.query(
      `ALTER TABLE "import_job" DROP CONSTRAINT "FK_import_job_organization"`,
    );
    await queryRunner.query(`DROP TABLE "import_job_failure"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_import_job_created_at"`);
    await queryRunner.query(`DROP TABLE "import_job"`);
  }
}
