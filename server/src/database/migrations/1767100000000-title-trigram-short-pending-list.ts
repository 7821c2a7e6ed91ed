import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fuzzy duplicate rule searches the title trigram index on every create of a person or a
 * company, and each search scans the whole of GIN's pending list. At the default 4 MB limit a
 * bulk import leaves thousands of titles there (16 ms more a search at 9,000 pending entries,
 * 300,000 people). A 256 kB limit keeps that scan short; inserts still go through the list, so a
 * title costs an insert no more than before, only the merges come more often and smaller.
 */
export class TitleTrigramShortPendingList1767100000000 implements MigrationInterface {
  name = 'TitleTrigramShortPendingList1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER INDEX "IDX_record_display_name_trgm" SET (gin_pending_list_limit = 256)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER INDEX "IDX_record_display_name_trgm" RESET (gin_pending_list_limit)`,
    );
  }
}
