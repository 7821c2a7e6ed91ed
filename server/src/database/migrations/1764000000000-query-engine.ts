import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The query engine's SQL building blocks: full-text search (a tsvector per record, accents and case
 * ignored) and immutable, never-failing casts, so typed expressions can be indexed over the one
 * shared record table (another object's odd value yields NULL instead of breaking a write).
 */
export class QueryEngine1764000000000 implements MigrationInterface {
  name = 'QueryEngine1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'unaccent is not available: full-text search will not ignore accents';
      END $$`);
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
          EXECUTE format(
            'CREATE OR REPLACE FUNCTION plinth_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS %L',
            'SELECT ' || (SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent')
              || '.unaccent(' || quote_literal((SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent') || '.unaccent') || '::regdictionary, $1)');
        ELSE
          CREATE OR REPLACE FUNCTION plinth_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS 'SELECT $1';
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION plinth_numeric(text) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE WHEN $1 ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN $1::numeric END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION plinth_timestamptz(value text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
      $$ BEGIN
        IF value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$' THEN RETURN NULL; END IF;
        RETURN value::timestamptz;
      EXCEPTION WHEN OTHERS THEN RETURN NULL;
      END $$`);
    await queryRunner.query(`ALTER TABLE "record" ADD "search_vector" tsvector`);
    await queryRunner.query(`
      UPDATE "record" SET "search_vector" = to_tsvector('simple', plinth_unaccent(concat_ws(' ', display_name,
        (SELECT string_agg(value, ' ') FROM jsonb_each_text(properties) WHERE length(value) < 10000))))`);
    await queryRunner.query(
      `CREATE INDEX "IDX_record_search" ON "record" USING GIN ("search_vector")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_record_search"`);
    await queryRunner.query(`ALTER TABLE "record" DROP COLUMN "search_vector"`);
    await queryRunner.query(`DROP FUNCTION plinth_timestamptz(text)`);
    await queryRunner.query(`DROP FUNCTION plinth_numeric(text)`);
    await queryRunner.query(`DROP FUNCTION plinth_unaccent(text)`);
  }
}
