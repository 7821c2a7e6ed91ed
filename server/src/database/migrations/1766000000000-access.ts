import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in and access (docs/architecture.md, "Access"): users, their memberships, custom roles,
 * browser sessions, API keys and password-reset links. Secrets are stored only as SHA-256.
 */
export class Access1766000000000 implements MigrationInterface {
  name = 'Access1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "email" text NOT NULL, "name" text NOT NULL DEFAULT '', "password_hash" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_user_account_email" ON "user_account" (lower("email"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "member" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_97cbbe986ce9d14ca5894fdc072" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_member_user" ON "member" ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_member_organization_user" ON "member" ("organization_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "prefix" text NOT NULL, "key_hash" bytea NOT NULL, "role" text, "scopes" jsonb, "member_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_api_key_organization" ON "api_key" ("organization_id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_key_key_hash" ON "api_key" ("key_hash") `);
    await queryRunner.query(
      `CREATE TABLE "password_reset" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "user_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8515e60a2cc41584fa4784f52ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_password_reset_token_hash" ON "password_reset" ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "role" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "permissions" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b36bcfe02fc8de3c57a8b2391c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_organization_name" ON "role" ("organization_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "token_hash" bytea NOT NULL, "user_id" uuid NOT NULL, "organization_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_session_user" ON "session" ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_session_token_hash" ON "session" ("token_hash") `,
    );
    for (const statement of FOREIGN_KEYS) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'session',
      'password_reset',
      'api_key',
      'member',
      'role',
      'user_account',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}" CASCADE`);
    }
  }
}

const FOREIGN_KEYS = [
  `ALTER TABLE "member" ADD CONSTRAINT "FK_member_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "member" ADD CONSTRAINT "FK_member_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "api_key" ADD CONSTRAINT "FK_api_key_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "api_key" ADD CONSTRAINT "FK_api_key_member" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
  `ALTER TABLE "password_reset" ADD CONSTRAINT "FK_password_reset_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "role" ADD CONSTRAINT "FK_role_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "session" ADD CONSTRAINT "FK_session_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "session" ADD CONSTRAINT "FK_session_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
];
