import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredIdempotencyKey {
  requestHash: string;
  /** null: the first request is still in flight. */
  responseStatus: number | null;
  responseBody: string | null;
  responseHeaders: Record<string, string> | null;
}

export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key for a request: a new row, or one whose keeping time is over, or one whose
   * request was abandoned in flight (a crashed server) longer than `abandonedSeconds` ago.
   * The primary key makes two concurrent claims of one key end in one winner.
   */
  async claim(
    organizationId: string,
    key: string,
    requestHash: string,
    keepSeconds: number,
    abandonedSeconds: number,
  ): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_key (organization_id, key, request_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (organization_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
             response_headers = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_key.expires_at <= now()
            OR (idempotency_key.response_status IS NULL
                AND idempotency_key.created_at < now() - make_interval(secs => $5))
       RETURNING key`,
      [organizationId, key, requestHash, keepSeconds, abandonedSeconds],
    );
    return rows.length === 1;
  }

  async find(organizationId: string, key: string): Promise<StoredIdempotencyKey | undefined> {
    const rows: StoredIdempotencyKey[] = await this.dataSource.query(
      `SELECT request_hash AS "requestHash", response_status AS "responseStatus",
              response_body AS "responseBody", response_headers AS "responseHeaders"
       FROM idempotency_key
       WHERE organization_id = $1 AND key = $2 AND expires_at > now()`,
      [organizationId, key],
    );
    return rows[0];
  }

  async saveResponse(organizationId: string, key: string, response: StoredResponse): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_key SET response_status = $3, response_body = $4, response_headers = $5
       WHERE organization_id = $1 AND key = $2`,
      [organizationId, key, response.status, response.body, JSON.stringify(response.headers)],
    );
  }

  /** Forgets a claim whose request failed, so that a retry runs it again. */
  async release(organizationId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_key
       WHERE organization_id = $1 AND key = $2 AND response_status IS NULL`,
      [organizationId, key],
    );
  }

  /** Deletes keys past their keeping time, in every organization; returns how many. */
  async deleteExpired(): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      'DELETE FROM idempotency_key WHERE expires_at <= now() RETURNING key',
    );
    return rows.length;
  }
}
