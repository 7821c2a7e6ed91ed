import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { managerOf, transactionRunner, type Tx } from 'src/database/transaction';
import { eventDataSql } from 'src/events/event-sql';
import { DataSource, type EntityManager } from 'typeorm';

/** Deliveries were queued (fan-out, test, replay): every process's worker looks for due ones. */
export const WEBHOOK_CHANNEL = 'plinth_webhooks';
const CURSOR_NAME = 'fanout';

export interface SubscriptionRow {
  id: string;
  organizationId: string;
  url: string;
  description: string;
  eventTypes: string[];
  objectNames: string[] | null;
  filter: Record<string, unknown> | null;
  secret: string;
  isEnabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubscriptionValues {
  url: string;
  description: string;
  eventTypes: string[];
  objectNames: string[] | null;
  filter: Record<string, unknown> | null;
}

export interface DeliveryRow {
  id: string;
  subscriptionId: string;
  messageId: string;
  eventId: string | null;
  eventType: string;
  recordId: string | null;
  /** The body as sent now: `data.details` from the event row (`{"erased": true}` once purged). */
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastResponseStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  replayOf: string | null;
  createdAt: Date;
}

export interface AttemptRow {
  deliveryId: string;
  attempt: number;
  attemptedAt: Date;
  outcome: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
}

/** A delivery to queue: one event (or test) for one subscription. */
export interface NewDelivery {
  organizationId: string;
  subscriptionId: string;
  messageId: string;
  eventId: string | null;
  eventType: string;
  recordId: string | null;
  /** What the delivery keeps: an event's envelope (no `data.details`), a test's whole body. */
  payload: Record<string, unknown>;
}

/** A delivery claimed for sending, with where and how to sign it. */
export interface ClaimedDelivery {
  id: string;
  organizationId: string;
  subscriptionId: string;
  messageId: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
}

/** What one attempt changed: the delivery's new state and its log line. */
export interface DeliveryOutcome {
  id: string;
  organizationId: string;
  subscriptionId: string;
  attempt: number;
  status: 'delivered' | 'retrying' | 'parked';
  nextAttemptAt: Date | null;
  attemptedAt: Date;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
}

export interface SubscriptionHealth {
  id: string;
  organizationId: string;
  consecutiveFailures: number;
  failingSince: Date | null;
}

const SUBSCRIPTION_COLUMNS = `id, organization_id AS "organizationId", url, description,
  event_types AS "eventTypes", object_names AS "objectNames", filter, secret,
  is_enabled AS "isEnabled", disabled_reason AS "disabledReason", disabled_at AS "disabledAt",
  consecutive_failures AS "consecutiveFailures", failing_since AS "failingSince",
  last_success_at AS "lastSuccessAt", created_by AS "createdBy", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/**
 * The body of delivery `alias`: the envelope it keeps (webhook-event.ts `eventEnvelope`) with
 * `data.details` read from its event row at each send and read. The record's values are never
 * copied into `webhook_delivery`, so a purge's erasure of the event (same transaction) reaches
 * pending deliveries, the delivery log and replays at once. A message without an event
 * (`webhook.test`) is sent as kept. jsonb orders keys as the copy did, so the body is unchanged.
 */
function deliveryPayloadSql(alias: string): string {
  return `CASE WHEN ${alias}.event_id IS NULL THEN ${alias}.payload
    ELSE jsonb_set(${alias}.payload, '{data,details}',
                   ${eventDataSql(`${alias}.organization_id`, `${alias}.event_id`)}) END`;
}

/** A delivery's columns, the table named `w`. */
const DELIVERY_COLUMNS = `w.id::text AS id, w.subscription_id AS "subscriptionId",
  w.message_id AS "messageId", w.event_id::text AS "eventId", w.event_type AS "eventType",
  w.record_id AS "recordId", ${deliveryPayloadSql('w')} AS payload, w.status, w.attempts,
  w.next_attempt_at AS "nextAttemptAt", w.last_response_status AS "lastResponseStatus",
  w.last_error AS "lastError", w.delivered_at AS "deliveredAt", w.replay_of::text AS "replayOf",
  w.created_at AS "createdAt"`;

/** Webhook subscriptions, deliveries, their attempts and the fan-out cursor. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  listSubscriptions(organizationId: string): Promise<SubscriptionRow[]> {
    return this.dataSource.query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription
        WHERE organization_id = $1 ORDER BY created_at, id`,
      [organizationId],
    );
  }

  async findSubscription(organizationId: string, id: string): Promise<SubscriptionRow | undefined> {
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return rows[0];
  }

  async insertSubscription(
    organizationId: string,
    values: SubscriptionValues & { secret: string; createdBy: string },
  ): Promise<SubscriptionRow> {
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `INSERT INTO webhook_subscription
         (organization_id, url, description, event_types, object_names, filter, secret, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        organizationId,
        values.url,
        values.description,
        JSON.stringify(values.eventTypes),
        values.objectNames === null ? null : JSON.stringify(values.objectNames),
        values.filter === null ? null : JSON.stringify(values.filter),
        values.secret,
        values.createdBy,
      ],
    );
    return rows[0] as SubscriptionRow;
  }

  /** Enabling clears the failure count and the reason it was disabled. */
  async updateSubscription(
    organizationId: string,
    id: string,
    values: SubscriptionValues & { isEnabled: boolean },
  ): Promise<SubscriptionRow | undefined> {
    // TypeORM answers an UPDATE or DELETE with [rows, affected count].
    const [rows] = await this.dataSource.query<[SubscriptionRow[], number]>(
      `UPDATE webhook_subscription SET url = $3, description = $4, event_types = $5,
              object_names = $6, filter = $7, updated_at = now(),
              consecutive_failures = CASE WHEN $8 AND NOT is_enabled THEN 0 ELSE consecutive_failures END,
              failing_since = CASE WHEN $8 AND NOT is_enabled THEN NULL ELSE failing_since END,
              disabled_reason = CASE WHEN $8 THEN NULL
                                     WHEN is_enabled THEN 'Disabled by an administrator.'
                                     ELSE disabled_reason END,
              disabled_at = CASE WHEN $8 THEN NULL WHEN is_enabled THEN now() ELSE disabled_at END,
              is_enabled = $8
        WHERE organization_id = $1 AND id = $2 RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        organizationId,
        id,
        values.url,
        values.description,
        JSON.stringify(values.eventTypes),
        values.objectNames === null ? null : JSON.stringify(values.objectNames),
        values.filter === null ? null : JSON.stringify(values.filter),
        values.isEnabled,
      ],
    );
    return rows[0];
  }

  /**
   * Deletes a subscription and, by cascade, its deliveries. The worker holds the deliveries it
   * sends and then updates their subscription's health; a bare DELETE takes the subscription
   * first and then waits for those deliveries, a deadlock. So the deliveries are taken first, in
   * id order (waiting for a send in flight to end), then the subscription; a delivery fanned out
   * in between can still cross, and the transaction then runs once more.
   */
  async deleteSubscription(organizationId: string, id: string): Promise<boolean> {
    return transactionRunner(this.dataSource)(async (tx) => {
      await managerOf(tx).query(
        `SELECT d.id FROM webhook_delivery d
           JOIN webhook_subscription s ON s.id = d.subscription_id
          WHERE s.organization_id = $1 AND s.id = $2
          ORDER BY d.id FOR UPDATE OF d`,
        [organizationId, id],
      );
      const [, affected] = await managerOf(tx).query<[unknown[], number]>(
        `DELETE FROM webhook_subscription WHERE organization_id = $1 AND id = $2`,
        [organizationId, id],
      );
      return affected > 0;
    });
  }

  /** The enabled subscriptions of these organizations (the fan-out reads every organization's events). */
  enabledSubscriptions(organizationIds: string[], tx?: Tx): Promise<SubscriptionRow[]> {
    return this.manager(tx).query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription
        WHERE is_enabled AND organization_id = ANY($1::uuid[])`,
      [organizationIds],
    );
  }

  /**
   * The fan-out's position, locked for this transaction; undefined when another process holds it
   * (that one is fanning out: this one skips the round instead of waiting).
   */
  async lockCursor(tx: Tx): Promise<{ position: string | null } | undefined> {
    const rows: Array<{ position: string | null }> = await managerOf(tx).query(
      `SELECT position FROM webhook_cursor WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [CURSOR_NAME],
    );
    return rows[0];
  }

  async saveCursor(position: string | null, tx: Tx): Promise<void> {
    await managerOf(tx).query(
      `UPDATE webhook_cursor SET position = $2, updated_at = now() WHERE name = $1`,
      [CURSOR_NAME, position],
    );
  }

  /** Queued in the given order (ids grow with it); an event already queued for a subscription is skipped. */
  async insertDeliveries(deliveries: NewDelivery[], tx?: Tx): Promise<DeliveryRow[]> {
    if (deliveries.length === 0) {
      return [];
    }
    return this.manager(tx).query(
      `INSERT INTO webhook_delivery AS w
         (organization_id, subscription_id, message_id, event_id, event_type, record_id, payload)
       SELECT d.organization_id, d.subscription_id, d.message_id, d.event_id, d.event_type,
              d.record_id, d.payload
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::uuid[],
                     $7::jsonb[])
              WITH ORDINALITY AS d(organization_id, subscription_id, message_id, event_id,
                                   event_type, record_id, payload, position)
        ORDER BY d.position
       ON CONFLICT (subscription_id, event_id) WHERE replay_of IS NULL AND event_id IS NOT NULL
       DO NOTHING
       RETURNING ${DELIVERY_COLUMNS}`,
      [
        deliveries.map((d) => d.organizationId),
        deliveries.map((d) => d.subscriptionId),
        deliveries.map((d) => d.messageId),
        deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.eventType),
        deliveries.map((d) => d.recordId),
        deliveries.map((d) => JSON.stringify(d.payload)),
      ],
    );
  }

  /**
   * Due deliveries of enabled subscriptions, locked for this transaction (`SKIP LOCKED`: another
   * process's claims are passed over, never sent twice at once). A record's delivery is due only
   * when no earlier one of the same subscription and record is still pending or retrying, so a
   * record's events go out in order; one claim holds at most one delivery per record.
   */
  claimDue(limit: number, tx: Tx): Promise<ClaimedDelivery[]> {
    return managerOf(tx).query(
      `SELECT d.id::text AS id, d.organization_id AS "organizationId",
              d.subscription_id AS "subscriptionId", d.message_id AS "messageId",
              ${deliveryPayloadSql('d')} AS payload,
              d.attempts, s.url, s.secret
         FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE d.status IN ('pending', 'retrying') AND d.next_attempt_at <= now() AND s.is_enabled
          AND (d.record_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM webhook_delivery e
                 WHERE e.subscription_id = d.subscription_id AND e.record_id = d.record_id
                   AND e.status IN ('pending', 'retrying') AND e.id < d.id))
        ORDER BY d.next_attempt_at, d.id
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED`,
      [limit],
    );
  }

  /** Each attempt's result on its delivery, in the log, and on its subscription's health. */
  async recordOutcomes(outcomes: DeliveryOutcome[], tx: Tx): Promise<SubscriptionHealth[]> {
    if (outcomes.length === 0) {
      return [];
    }
    const manager = managerOf(tx);
    const column = <T>(pick: (outcome: DeliveryOutcome) => T): T[] => outcomes.map(pick);
    await manager.query(
      `UPDATE webhook_delivery d
          SET status = o.status, attempts = o.attempt,
              next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
              last_response_status = o.response_status, last_error = o.error,
              delivered_at = CASE WHEN o.status = 'delivered' THEN o.attempted_at END
         FROM unnest($1::bigint[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::text[],
                     $7::timestamptz[])
              AS o(id, status, attempt, next_attempt_at, response_status, error, attempted_at)
        WHERE d.id = o.id`,
      [
        column((o) => o.id),
        column((o) => o.status),
        column((o) => o.attempt),
        column((o) => o.nextAttemptAt),
        column((o) => o.responseStatus),
        column((o) => o.error),
        column((o) => o.attemptedAt),
      ],
    );
    await manager.query(
      `INSERT INTO webhook_delivery_attempt
         (delivery_id, attempt, organization_id, attempted_at, outcome, response_status, latency_ms, error)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::uuid[], $4::timestamptz[], $5::text[],
                            $6::int[], $7::int[], $8::text[])
       ON CONFLICT DO NOTHING`,
      [
        column((o) => o.id),
        column((o) => o.attempt),
        column((o) => o.organizationId),
        column((o) => o.attemptedAt),
        column((o) => (o.status === 'delivered' ? 'succeeded' : 'failed')),
        column((o) => o.responseStatus),
        column((o) => o.latencyMs),
        column((o) => o.error),
      ],
    );
    return this.updateHealth(outcomes, tx);
  }

  private async updateHealth(outcomes: DeliveryOutcome[], tx: Tx): Promise<SubscriptionHealth[]> {
    const tally = new Map<string, { successes: number; failures: number }>();
    for (const outcome of outcomes) {
      const counts = tally.get(outcome.subscriptionId) ?? { successes: 0, failures: 0 };
      if (outcome.status === 'delivered') {
        counts.successes++;
      } else {
        counts.failures++;
      }
      tally.set(outcome.subscriptionId, counts);
    }
    const ids = [...tally.keys()];
    const [rows] = await managerOf(tx).query<[SubscriptionHealth[], number]>(
      `UPDATE webhook_subscription s
          SET consecutive_failures = CASE WHEN h.successes > 0 THEN h.failures
                                          ELSE s.consecutive_failures + h.failures END,
              failing_since = CASE WHEN h.failures = 0 THEN NULL
                                   WHEN h.successes > 0 THEN now()
                                   ELSE coalesce(s.failing_since, now()) END,
              last_success_at = CASE WHEN h.successes > 0 THEN now() ELSE s.last_success_at END
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS h(id, successes, failures)
        WHERE s.id = h.id
        RETURNING s.id, s.organization_id AS "organizationId",
                  s.consecutive_failures AS "consecutiveFailures", s.failing_since AS "failingSince"`,
      [
        ids,
        ids.map((id) => tally.get(id)?.successes ?? 0),
        ids.map((id) => tally.get(id)?.failures ?? 0),
      ],
    );
    return rows;
  }

  async disableSubscription(id: string, reason: string, tx: Tx): Promise<void> {
    await managerOf(tx).query(
      `UPDATE webhook_subscription SET is_enabled = false, disabled_reason = $2, disabled_at = now()
        WHERE id = $1 AND is_enabled`,
      [id, reason],
    );
  }

  /** Newest first. */
  async listDeliveries(
    organizationId: string,
    subscriptionId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: DeliveryRow[]; total: number }> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery w
        WHERE w.organization_id = $1 AND w.subscription_id = $2 ORDER BY w.id DESC OFFSET $3 LIMIT $4`,
      [organizationId, subscriptionId, offset, limit],
    );
    const counted: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM webhook_delivery
        WHERE organization_id = $1 AND subscription_id = $2`,
      [organizationId, subscriptionId],
    );
    return { rows, total: counted[0]?.total ?? 0 };
  }

  async findDelivery(
    organizationId: string,
    subscriptionId: string,
    id: string,
  ): Promise<DeliveryRow | undefined> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery w
        WHERE w.organization_id = $1 AND w.subscription_id = $2 AND w.id = $3`,
      [organizationId, subscriptionId, id],
    );
    return rows[0];
  }

  /** The attempts of these deliveries, oldest first. */
  listAttempts(organizationId: string, deliveryIds: string[]): Promise<AttemptRow[]> {
    return this.dataSource.query(
      `SELECT delivery_id::text AS "deliveryId", attempt, attempted_at AS "attemptedAt", outcome,
              response_status AS "responseStatus", latency_ms AS "latencyMs", error
         FROM webhook_delivery_attempt
        WHERE organization_id = $1 AND delivery_id = ANY($2::bigint[])
        ORDER BY delivery_id, attempt`,
      [organizationId, deliveryIds],
    );
  }

  /**
   * Queues a delivery's message again (same `webhook-id`, the kept envelope: its event's data is
   * read at the send), as a replay of the first delivery of that message.
   */
  async insertReplay(
    organizationId: string,
    subscriptionId: string,
    id: string,
  ): Promise<DeliveryRow | undefined> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `INSERT INTO webhook_delivery AS w
         (organization_id, subscription_id, message_id, event_id, event_type, record_id, payload, replay_of)
       SELECT organization_id, subscription_id, message_id, event_id, event_type, record_id, payload,
              coalesce(replay_of, id)
         FROM webhook_delivery
        WHERE organization_id = $1 AND subscription_id = $2 AND id = $3
       RETURNING ${DELIVERY_COLUMNS}`,
      [organizationId, subscriptionId, id],
    );
    return rows[0];
  }

  /**
   * Queues again, in their first order, the events sent (or tried) to a subscription whose event
   * happened at or after `since`: one new delivery per event, with the same `webhook-id`.
   */
  async replaySince(organizationId: string, subscriptionId: string, since: Date): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO webhook_delivery
         (organization_id, subscription_id, message_id, event_id, event_type, record_id, payload, replay_of)
       SELECT organization_id, subscription_id, message_id, event_id, event_type, record_id, payload, id
         FROM (SELECT DISTINCT ON (event_id) *
                 FROM webhook_delivery
                WHERE organization_id = $1 AND subscription_id = $2 AND event_id IS NOT NULL
                  AND (payload->>'timestamp')::timestamptz >= $3
                ORDER BY event_id, id) first_sent
        ORDER BY id
       RETURNING id`,
      [organizationId, subscriptionId, since],
    );
    return rows.length;
  }

  async notifyQueued(): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify($1, '')`, [WEBHOOK_CHANNEL]);
  }

  /** A connection of its own that LISTENs for queued deliveries; resolves to a stop function. */
  async listenForQueued(onQueued: () => void, onLost: () => void): Promise<() => Promise<void>> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({
      connectionString: options.url,
      application_name: 'plinth-webhooks',
    });
    let isClosing = false;
    client.on('notification', (message) => {
      if (message.channel === WEBHOOK_CHANNEL) {
        onQueued();
      }
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (!isClosing) {
        onLost();
      }
    });
    await client.connect();
    await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
    return async () => {
      isClosing = true;
      await client.end();
    };
  }
}
