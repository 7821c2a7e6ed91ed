import { API_URL, httpClient } from 'src/dataProvider';

/** The webhooks API (README, "Timeline and webhooks"); snake_case as on the wire. */

export interface WebhookFilter {
  property: string;
  equals: string | number | boolean | null;
}

export interface Webhook {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  objects: string[] | null;
  filter: WebhookFilter | null;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: string | null;
  consecutive_failures: number;
  failing_since: string | null;
  last_success_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewWebhook {
  url: string;
  description?: string;
  event_types: string[];
  objects?: string[] | null;
  filter?: WebhookFilter | null;
}

/** The only answer that carries the signing secret. */
export type CreatedWebhook = Webhook & { secret: string };

export interface WebhookAttempt {
  attempt: number;
  attempted_at: string;
  outcome: 'succeeded' | 'failed';
  response_status: number | null;
  latency_ms: number;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  message_id: string;
  event_id: string | null;
  event_type: string;
  record_id: string | null;
  status: 'pending' | 'retrying' | 'delivered' | 'parked';
  attempts: number;
  next_attempt_at: string;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  replay_of: string | null;
  created_at: string;
  payload: Record<string, unknown>;
  attempt_log: WebhookAttempt[];
}

/** The event types a subscription may name; `*` is every one. */
export const EVENT_TYPES = [
  '*',
  'created',
  'updated',
  'deleted',
  'restored',
  'associated',
  'dissociated',
  'merged',
  'status_changed',
  'comment',
  'definition_changed',
];

const send = (method: string, body?: unknown) => ({
  method,
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});

const one = (id: string) => `${API_URL}/webhooks/${encodeURIComponent(id)}`;

export const webhooksApi = {
  async listWebhooks(): Promise<Webhook[]> {
    return (await httpClient(`${API_URL}/webhooks`)).json as Webhook[];
  },
  async createWebhook(webhook: NewWebhook): Promise<CreatedWebhook> {
    return (await httpClient(`${API_URL}/webhooks`, send('POST', webhook))).json as CreatedWebhook;
  },
  async setEnabled(id: string, enabled: boolean): Promise<Webhook> {
    return (await httpClient(one(id), send('PATCH', { enabled }))).json as Webhook;
  },
  async deleteWebhook(id: string): Promise<void> {
    await httpClient(one(id), send('DELETE'));
  },
  async sendTest(id: string): Promise<WebhookDelivery> {
    return (await httpClient(`${one(id)}/test`, send('POST'))).json as WebhookDelivery;
  },
  async listDeliveries(id: string): Promise<WebhookDelivery[]> {
    const range = encodeURIComponent('[0,49]');
    return (await httpClient(`${one(id)}/deliveries?range=${range}`)).json as WebhookDelivery[];
  },
  async replayDelivery(id: string, deliveryId: string): Promise<WebhookDelivery> {
    return (
      await httpClient(
        `${one(id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`,
        send('POST'),
      )
    ).json as WebhookDelivery;
  },
  async replaySince(id: string, since: string): Promise<{ queued: number }> {
    return (await httpClient(`${one(id)}/replay`, send('POST', { since }))).json as {
      queued: number;
    };
  },
};

export type WebhooksApi = typeof webhooksApi;
