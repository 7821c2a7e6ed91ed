import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager } from 'typeorm';

/** Keys, roles and memberships changed: every process drops what it cached of them. */
export const ACCESS_CHANNEL = 'plinth_access_changes';

export interface ApiKeyRow {
  id: string;
  organizationId: string;
  organizationSlug: string;
  name: string;
  prefix: string;
  role: string | null;
  scopes: string[] | null;
  memberId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

export interface SessionRow {
  id: string;
  userId: string;
  organizationId: string | null;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface MembershipRow {
  memberId: string;
  organizationId: string;
  name: string;
  slug: string;
  role: string;
}

const API_KEY_COLUMNS = `k.id, k.organization_id AS "organizationId", o.slug AS "organizationSlug",
  k.name, k.prefix, k.role, k.scopes, k.member_id AS "memberId", k.created_at AS "createdAt",
  k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt", k.expires_at AS "expiresAt"`;

/** The credentials' SQL: API keys, sessions, memberships, custom roles' permissions. */
@Injectable()
export class AccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /** Looked up by hash across organizations: the key itself names its organization. */
  async findApiKeyByHash(hash: Buffer): Promise<ApiKeyRow | undefined> {
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS} FROM api_key k JOIN organization o ON o.id = k.organization_id
        WHERE k.key_hash = $1`,
      [hash],
    );
    return rows[0];
  }

  async listApiKeys(organizationId: string): Promise<ApiKeyRow[]> {
    return this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS} FROM api_key k JOIN organization o ON o.id = k.organization_id
        WHERE k.organization_id = $1 ORDER BY k.created_at, k.id`,
      [organizationId],
    );
  }

  async insertApiKey(
    organizationId: string,
    key: {
      name: string;
      prefix: string;
      hash: Buffer;
      role: string | null;
      scopes: string[] | null;
      memberId: string | null;
    },
    tx?: Tx,
  ): Promise<string> {
    const rows: Array<{ id: string }> = await this.manager(tx).query(
      `INSERT INTO api_key (organization_id, name, prefix, key_hash, role, scopes, member_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        organizationId,
        key.name,
        key.prefix,
        key.hash,
        key.role,
        key.scopes === null ? null : JSON.stringify(key.scopes),
        key.memberId,
      ],
    );
    return rows[0]?.id ?? '';
  }

  /** Revokes a live key; false when there is none with that id in the organization. */
  async revokeApiKey(organizationId: string, id: string, tx?: Tx): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected] = await this.manager(tx).query<[unknown[], number]>(
      `UPDATE api_key SET revoked_at = now()
        WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL`,
      [organizationId, id],
    );
    return affected > 0;
  }

  async touchApiKey(organizationId: string, id: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE api_key SET last_used_at = now() WHERE organization_id = $1 AND id = $2',
      [organizationId, id],
    );
  }

  async findSessionByHash(hash: Buffer): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT id, user_id AS "userId", organization_id AS "organizationId",
              expires_at AS "expiresAt", last_seen_at AS "lastSeenAt"
         FROM session WHERE token_hash = $1`,
      [hash],
    );
    return rows[0];
  }

  async insertSession(
    session: { hash: Buffer; userId: string; organizationId: string; expiresAt: Date },
    tx?: Tx,
  ): Promise<void> {
    await this.manager(tx).query(
      `INSERT INTO session (token_hash, user_id, organization_id, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [session.hash, session.userId, session.organizationId, session.expiresAt],
    );
  }

  /** Sliding expiry, and the organization the user chose last. */
  async touchSession(id: string, expiresAt: Date, organizationId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE session SET last_seen_at = now(), expires_at = $2, organization_id = $3
        WHERE id = $1`,
      [id, expiresAt, organizationId],
    );
  }

  async deleteSession(hash: Buffer): Promise<void> {
    await this.dataSource.query('DELETE FROM session WHERE token_hash = $1', [hash]);
  }

  /** Every session of a user except one (a password change signs the others out). */
  async deleteOtherSessions(userId: string, keepHash: Buffer | null, tx?: Tx): Promise<void> {
    await this.manager(tx).query(
      'DELETE FROM session WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)',
      [userId, keepHash],
    );
  }

  async findMemberships(userId: string): Promise<MembershipRow[]> {
    return this.dataSource.query(
      `SELECT m.id AS "memberId", m.organization_id AS "organizationId", o.name, o.slug, m.role
         FROM member m JOIN organization o ON o.id = m.organization_id
        WHERE m.user_id = $1 ORDER BY m.created_at, m.id`,
      [userId],
    );
  }

  async findRolePermissions(organizationId: string, name: string): Promise<unknown> {
    const rows: Array<{ permissions: unknown }> = await this.dataSource.query(
      'SELECT permissions FROM role WHERE organization_id = $1 AND name = $2',
      [organizationId, name],
    );
    return rows[0]?.permissions;
  }

  /** Tells every process (this one too) to drop its cached credentials and roles. */
  async notifyChange(organizationId: string, tx?: Tx): Promise<void> {
    await this.manager(tx).query('SELECT pg_notify($1, $2)', [
      ACCESS_CHANNEL,
      JSON.stringify({ organization_id: organizationId }),
    ]);
  }

  async listenForChanges(onChange: () => void, onLost: () => void): Promise<() => Promise<void>> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'plinth-access' });
    let isClosing = false;
    client.on('notification', (message) => {
      if (message.channel === ACCESS_CHANNEL) {
        onChange();
      }
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (!isClosing) {
        onLost();
      }
    });
    await client.connect();
    await client.query(`LISTEN ${ACCESS_CHANNEL}`);
    return () => {
      isClosing = true;
      return client.end();
    };
  }
}
