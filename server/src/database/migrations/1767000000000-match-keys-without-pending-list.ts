import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate check looks up a new record's match keys before every create of a person or a
 * company. With GIN's pending list (`fastupdate`, the default) a bulk import left tens of
 * thousands of entries there, which every lookup scans until a vacuum merges them (16 ms a lookup
 * at 38,000 entries, 0.1 ms without). Each record has a few keys, so writing them into the index
 * at once costs little.
 */
export class MatchKeysWithoutPendingList1767000000000 implements MigrationInterface {
  name = 'MatchKeysWithoutPendingList1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "IDX_record_match_keys" SET (fastupdate = off)`);
    await queryRunner.query(`SELECT gin_clean_pending_list('"IDX_record_match_keys"'::regclass)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "IDX_record_match_keys" RESET (fastupdate)`);
  }
}
