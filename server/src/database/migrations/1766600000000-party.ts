import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One party, many roles (README "People and companies"): a definition's identity rules (title
 * properties, composite keys, duplicate rules) in `object_definition.identity`; on `record`, the
 * normalised match keys of its exact duplicate rules (`match_keys`, GIN) and the survivor a merged
 * record points to (`merged_into`: the tombstone, archived). Fuzzy rules compare titles with
 * `pg_trgm` (shipped with the embedded PostgreSQL; a trusted extension since PostgreSQL 13, so a
 * role with CREATE on the database may install it) through a trigram GIN index on `display_name`.
 */
export class Party1766600000000 implements MigrationInterface {
  name = 'Party1766600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`ALTER TABLE "object_definition" ADD "identity" jsonb`);
    await queryRunner.query(`ALTER TABLE "record" ADD "match_keys" text array`);
    await queryRunner.query(`ALTER TABLE "record" ADD "merged_into" uuid`);
    await queryRunner.query(
      `CREATE INDEX "IDX_record_match_keys" ON "record" USING gin ("match_keys") WHERE "match_keys" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_record_display_name_trgm" ON "record" USING gin ("display_name" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_record_merged_into" ON "record" ("merged_into") WHERE "merged_into" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_record_merged_into"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_record_display_name_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_record_match_keys"`);
    await queryRunner.query(`ALTER TABLE "record" DROP COLUMN "merged_into"`);
    await queryRunner.query(`ALTER TABLE "record" DROP COLUMN "match_keys"`);
    await queryRunner.query(`ALTER TABLE "object_definition" DROP COLUMN "identity"`);
  }
}
