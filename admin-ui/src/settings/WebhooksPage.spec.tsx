import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderSettings } from 'src/test/accessFixtures';
import { describe, expect, it } from 'vitest';
import type {
  CreatedWebhook,
  NewWebhook,
  Webhook,
  WebhookDelivery,
  WebhooksApi,
} from './webhooksApi';
import { toNewWebhook, webhookFormProblems, WebhooksPage } from './WebhooksPage';

const aDelivery = (overrides: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id: '7',
  message_id: 'msg_1',
  event_id: '1',
  event_type: 'created',
  record_id: 'record-1',
  status: 'parked',
  attempts: 2,
  next_attempt_at: '2026-01-02T00:00:00Z',
  last_response_status: 500,
  last_error: 'the receiver answered 500',
  delivered_at: null,
  replay_of: null,
  created_at: '2026-01-02T00:00:00Z',
  payload: {},
  attempt_log: [
    {
      attempt: 1,
      attempted_at: '2026-01-02T00:00:00Z',
      outcome: 'failed',
      response_status: 500,
      latency_ms: 12,
      error: 'the receiver answered 500',
    },
  ],
  ...overrides,
});

/** The webhooks API in memory (the HTTP side is tested against the real server in test/). */
class MemoryWebhooksApi implements WebhooksApi {
  webhooks: Webhook[] = [];
  deliveries: WebhookDelivery[] = [aDelivery()];
  replayed: string[] = [];
  replayedSince: string[] = [];
  tested: string[] = [];

  listWebhooks = () => Promise.resolve([...this.webhooks]);
  createWebhook = (input: NewWebhook) => {
    const webhook: CreatedWebhook = {
      id: `webhook-${this.webhooks.length + 1}`,
      url: input.url,
      description: input.description ?? '',
      event_types: input.event_types,
      objects: input.objects ?? null,
      filter: input.filter ?? null,
      enabled: true,
      disabled_reason: null,
      disabled_at: null,
      consecutive_failures: 0,
      failing_since: null,
      last_success_at: null,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      secret: 'whsec_the-signing-secret',
    };
    const { secret: _secret, ...stored } = webhook;
    this.webhooks.push(stored);
    return Promise.resolve(webhook);
  };
  setEnabled = (id: string, enabled: boolean) => {
    const webhook = this.webhooks.find((candidate) => candidate.id === id);
    if (!webhook) {
      return Promise.reject(new Error('No webhook'));
    }
    webhook.enabled = enabled;
    webhook.disabled_reason = enabled ? null : 'Disabled by an administrator.';
    return Promise.resolve(webhook);
  };
  deleteWebhook = (id: string) => {
    this.webhooks = this.webhooks.filter((webhook) => webhook.id !== id);
    return Promise.resolve();
  };
  sendTest = (id: string) => {
    this.tested.push(id);
    return Promise.resolve(aDelivery({ status: 'delivered', last_response_status: 204 }));
  };
  listDeliveries = () => Promise.resolve([...this.deliveries]);
  replayDelivery = (_id: string, deliveryId: string) => {
    this.replayed.push(deliveryId);
    return Promise.resolve(aDelivery({ id: '8', status: 'pending', replay_of: deliveryId }));
  };
  replaySince = (_id: string, since: string) => {
    this.replayedSince.push(since);
    return Promise.resolve({ queued: 3 });
  };
}

describe(WebhooksPage.name, () => {
  it('creates a webhook and shows its secret once', async () => {
    const api = new MemoryWebhooksApi();
    renderSettings(<WebhooksPage api={api} />);
    await userEvent.type(screen.getByLabelText('URL'), 'https://example.com/hooks');
    await userEvent.type(screen.getByLabelText('Filter property'), 'stage');
    await userEvent.type(screen.getByLabelText('Filter equals'), 'won');
    await userEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByDisplayValue('whsec_the-signing-secret')).toBeTruthy();
    expect(within(dialog).getByText(/only time the secret is shown/)).toBeTruthy();
    expect(api.webhooks).toMatchObject([
      { url: 'https://example.com/hooks', filter: { property: 'stage', equals: 'won' } },
    ]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const table = screen.getByRole('table', { name: 'Webhooks' });
    expect(await within(table).findByText('https://example.com/hooks')).toBeTruthy();
    expect(screen.queryByDisplayValue('whsec_the-signing-secret')).toBeNull();
  });

  it('refuses a URL that is not http or https before sending', async () => {
    const api = new MemoryWebhooksApi();
    renderSettings(<WebhooksPage api={api} />);
    await userEvent.type(screen.getByLabelText('URL'), 'ftp://example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    expect(await screen.findByText('An http:// or https:// URL')).toBeTruthy();
    expect(api.webhooks).toEqual([]);
  });

  it('says why a subscription is disabled, enables it and sends a test event', async () => {
    const api = new MemoryWebhooksApi();
    await api.createWebhook({ url: 'https://example.com/a', event_types: ['*'] });
    Object.assign(api.webhooks[0] ?? {}, {
      enabled: false,
      disabled_reason: 'Disabled automatically: 50 attempts in a row failed',
    });
    renderSettings(<WebhooksPage api={api} />);
    expect(await screen.findByText(/50 attempts in a row failed/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Enable' }));
    expect(await screen.findByText('Enabled')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Send test' }));
    expect(await screen.findByText('Test event delivered (204)')).toBeTruthy();
    expect(api.tested).toEqual(['webhook-1']);
  });

  it('shows the delivery log with each attempt and replays one delivery or everything since a time', async () => {
    const api = new MemoryWebhooksApi();
    await api.createWebhook({ url: 'https://example.com/a', event_types: ['*'] });
    renderSettings(<WebhooksPage api={api} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Deliveries' }));
    const log = await screen.findByRole('table', { name: 'Deliveries' });
    expect(within(log).getByText('parked')).toBeTruthy();
    expect(within(log).getByText(/#1 failed 500 12 ms/)).toBeTruthy();
    await userEvent.click(within(log).getByRole('button', { name: 'Replay' }));
    await waitFor(() => expect(api.replayed).toEqual(['7']));
    await userEvent.type(screen.getByLabelText('Replay every event since'), '2026-01-01T10:00');
    await userEvent.click(screen.getByRole('button', { name: 'Replay since' }));
    expect(await screen.findByText('3 deliveries queued again')).toBeTruthy();
    expect(api.replayedSince).toEqual([new Date('2026-01-01T10:00').toISOString()]);
  });
});

describe(toNewWebhook.name, () => {
  it('splits objects and leaves the filter out without a property', () => {
    expect(
      toNewWebhook({
        url: ' https://example.com/h ',
        description: '',
        eventTypes: ['created'],
        objects: 'deal, company,',
        filterProperty: '',
        filterEquals: '',
      }),
    ).toEqual({
      url: 'https://example.com/h',
      description: '',
      event_types: ['created'],
      objects: ['deal', 'company'],
      filter: null,
    });
  });

  it('needs a property for a filter value and at least one event type', () => {
    expect(
      webhookFormProblems({
        url: 'https://example.com',
        description: '',
        eventTypes: [],
        objects: '',
        filterProperty: '',
        filterEquals: 'won',
      }),
    ).toEqual({
      eventTypes: 'Choose at least one event type',
      filterProperty: 'Name the property the filter compares',
    });
  });
});
