import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which shipped system definitions an organization holds (their content hash), so a start no
 * longer syncs every organization: one whose hash differs from the running server's is upgraded
 * on its first request or by the background pass (docs/architecture.md). Null: not known yet, so
 * every existing organization is checked once.
 */
export class OrganizationSystemDefinitionsHash1767200000000 implements MigrationInterface {
  name = 'OrganizationSystemDefinitionsHash1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organization" ADD "system_definitions_hash" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organization" DROP COLUMN "system_definitions_hash"`);
  }
}
