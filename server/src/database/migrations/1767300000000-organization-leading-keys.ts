import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `organization_id` leads every primary key and unique index of `record`, `record_unique_value`
 * and `association` (the event log's key already did), and the foreign keys to a record become
 * composite `(organization_id, record_id)`. So these tables can be distributed by organization
 * (Citus): a distributed table's unique constraints must contain its distribution column, and a
 * foreign key between two of them must include it (docs/scaling.md). It also makes a link to
 * another organization's record impossible in the schema itself, not only in the repositories.
 * Every lookup by id already names its organization, so the composite keys serve them.
 */
export class OrganizationLeadingKeys1767300000000 implements MigrationInterface {
  name = 'OrganizationLeadingKeys1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await dropRecordForeignKeys(queryRunner);
    await queryRunner.query(`
      ALTER TABLE "record" DROP CONSTRAINT "PK_record",
        ADD CONSTRAINT "PK_record" PRIMARY KEY ("organization_id", "id")`);
    await queryRunner.query(`
      ALTER TABLE "record_unique_value" DROP CONSTRAINT "PK_record_unique_value",
        ADD CONSTRAINT "PK_record_unique_value"
          PRIMARY KEY ("organization_id", "object_definition_id", "property_name", "value")`);
    await queryRunner.query(`DROP INDEX "IDX_record_unique_value_record"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_record_unique_value_record" ON "record_unique_value" ("organization_id", "record_id")`,
    );
    await queryRunner.query(`
      ALTER TABLE "association" DROP CONSTRAINT "PK_association",
        ADD CONSTRAINT "PK_association" PRIMARY KEY ("organization_id", "id")`);
    await queryRunner.query(`DROP INDEX "UQ_association_type_from_to"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_association_type_from_to" ON "association" ("organization_id", "association_type", "from_record_id", "to_record_id")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_association_to_record"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_association_to_record" ON "association" ("organization_id", "to_record_id")`,
    );
    await recreateSingleIndexes(queryRunner, `"organization_id", `);
    await addRecordForeignKeys(queryRunner, ['organization_id']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropRecordForeignKeys(queryRunner);
    await recreateSingleIndexes(queryRunner, '');
    await queryRunner.query(`DROP INDEX "IDX_association_to_record"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_association_to_record" ON "association" ("to_record_id")`,
    );
    await queryRunner.query(`DROP INDEX "UQ_association_type_from_to"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_association_type_from_to" ON "association" ("association_type", "from_record_id", "to_record_id")`,
    );
    await queryRunner.query(`
      ALTER TABLE "association" DROP CONSTRAINT "PK_association",
        ADD CONSTRAINT "PK_association" PRIMARY KEY ("id")`);
    await queryRunner.query(`DROP INDEX "IDX_record_unique_value_record"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_record_unique_value_record" ON "record_unique_value" ("record_id")`,
    );
    await queryRunner.query(`
      ALTER TABLE "record_unique_value" DROP CONSTRAINT "PK_record_unique_value",
        ADD CONSTRAINT "PK_record_unique_value"
          PRIMARY KEY ("object_definition_id", "property_name", "value")`);
    await queryRunner.query(`
      ALTER TABLE "record" DROP CONSTRAINT "PK_record",
        ADD CONSTRAINT "PK_record" PRIMARY KEY ("id")`);
    await addRecordForeignKeys(queryRunner, []);
  }
}

const RECORD_FOREIGN_KEYS = [
  { table: 'record_unique_value', name: 'FK_record_unique_value_record', column: 'record_id' },
  { table: 'association', name: 'FK_association_from_record', column: 'from_record_id' },
  { table: 'association', name: 'FK_association_to_record', column: 'to_record_id' },
];

async function dropRecordForeignKeys(queryRunner: QueryRunner): Promise<void> {
  for (const { table, name } of RECORD_FOREIGN_KEYS) {
    await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
  }
}

async function addRecordForeignKeys(queryRunner: QueryRunner, leading: string[]): Promise<void> {
  for (const { table, name, column } of RECORD_FOREIGN_KEYS) {
    const columns = [...leading, column].map((one) => `"${one}"`).join(', ');
    const referenced = [...leading, 'id'].map((one) => `"${one}"`).join(', ');
    await queryRunner.query(
      `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY (${columns})
         REFERENCES "record"(${referenced}) ON DELETE CASCADE`,
    );
  }
}

/** The partial unique indexes that enforce a link's cardinality (one per from- or to-record). */
async function recreateSingleIndexes(queryRunner: QueryRunner, leading: string): Promise<void> {
  for (const side of ['from', 'to']) {
    await queryRunner.query(`DROP INDEX "UQ_association_${side}_single"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_association_${side}_single" ON "association" (${leading}"association_type", "${side}_single") WHERE "${side}_single" IS NOT NULL`,
    );
  }
}
