import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `plinth_numeric` raised "value overflows numeric format" for a digit string longer than
 * `numeric` holds (131,072 digits): another object's long text under the same property name then
 * failed the shared runtime index's build, and any write of such a value while the index existed.
 * `plinth_number` is NULL for anything longer than 1,000 characters instead (no valid number of
 * Plinth comes close). A new name, not a replacement: indexes over the old function are rebuilt
 * under new names by the index sync, never left holding results the function no longer gives.
 * The old function stays until those indexes are gone (they depend on it).
 */
export class NeverFailingNumberCast1765100000000 implements MigrationInterface {
  name = 'NeverFailingNumberCast1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION plinth_number(text) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE WHEN length($1) <= 1000 AND $1 ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN $1::numeric END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION plinth_number(text)`);
  }
}
