import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an archived object's purge began: from then on its records go in batches and it can no
 * longer be restored (a restore would bring it back with records missing).
 */
export class PurgeStarted1764200000000 implements MigrationInterface {
  name = 'PurgeStarted1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "object_definition" ADD "purge_started_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "object_definition" DROP COLUMN "purge_started_at"`);
  }
}
