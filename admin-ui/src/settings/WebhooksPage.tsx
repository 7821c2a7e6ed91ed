import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  FormControl,
  InputLabel,
  MenuItem,
  OutlinedInput,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Confirm, Loading, Title, useNotify } from 'react-admin';
import { OneTimeSecret } from './OneTimeSecret';
import {
  EVENT_TYPES,
  webhooksApi,
  type NewWebhook,
  type Webhook,
  type WebhookDelivery,
  type WebhooksApi,
} from './webhooksApi';

export const WEBHOOKS_PATH = '/settings/webhooks';
const QUERY_KEY = ['webhooks'] as const;

const when = (value: string | null) => (value ? new Date(value).toLocaleString() : '—');

interface WebhookForm {
  url: string;
  description: string;
  eventTypes: string[];
  objects: string;
  filterProperty: string;
  filterEquals: string;
}

const EMPTY_FORM: WebhookForm = {
  url: '',
  description: '',
  eventTypes: ['*'],
  objects: '',
  filterProperty: '',
  filterEquals: '',
};

/** What is wrong with the form before it is sent (the server checks again, per field). */
export function webhookFormProblems(form: WebhookForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!/^https?:\/\/[^/\s]+/.test(form.url.trim())) {
    problems.url = 'An http:// or https:// URL';
  }
  if (form.eventTypes.length === 0) {
    problems.eventTypes = 'Choose at least one event type';
  }
  if (form.filterEquals !== '' && form.filterProperty.trim() === '') {
    problems.filterProperty = 'Name the property the filter compares';
  }
  return problems;
}

/** The form as the API takes it: objects comma-separated, the filter only when a property is named. */
export function toNewWebhook(form: WebhookForm): NewWebhook {
  const objects = form.objects
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    url: form.url.trim(),
    description: form.description.trim(),
    event_types: form.eventTypes,
    objects: objects.length > 0 ? objects : null,
    filter:
      form.filterProperty.trim() !== ''
        ? { property: form.filterProperty.trim(), equals: form.filterEquals }
        : null,
  };
}

function useWebhookChange<TArgs, TResult>(change: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  return useMutation({
    mutationFn: change,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUERY_KEY }),
    onError: (error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
}

function CreateWebhookForm({
  api,
  onCreated,
}: {
  api: WebhooksApi;
  onCreated: (secret: string) => void;
}) {
  const [form, setForm] = useState<WebhookForm>(EMPTY_FORM);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const create = useWebhookChange((webhook: NewWebhook) => api.createWebhook(webhook));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = webhookFormProblems(form);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    create.mutate(toNewWebhook(form), {
      onSuccess: (created) => {
        setForm(EMPTY_FORM);
        onCreated(created.secret);
      },
    });
  };
  const field = (name: keyof WebhookForm) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm({ ...form, [name]: event.target.value }),
    error: problems[name] !== undefined,
    helperText: problems[name],
  });
  return (
    <Box
      component="form"
      aria-label="Create a webhook"
      onSubmit={onSubmit}
      sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
    >
      <TextField label="URL" sx={{ minWidth: 320 }} {...field('url')} />
      <FormControl sx={{ minWidth: 220 }} error={problems.eventTypes !== undefined}>
        <InputLabel id="webhook-event-types">Event types</InputLabel>
        <Select
          labelId="webhook-event-types"
          multiple
          value={form.eventTypes}
          input={<OutlinedInput label="Event types" />}
          onChange={(event) => {
            const value = event.target.value;
            setForm({ ...form, eventTypes: typeof value === 'string' ? value.split(',') : value });
          }}
          renderValue={(selected) => selected.join(', ')}
        >
          {EVENT_TYPES.map((type) => (
            <MenuItem key={type} value={type}>
              {type === '*' ? '* (every event)' : type}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <TextField
        label="Objects (comma-separated, empty: all)"
        sx={{ minWidth: 260 }}
        {...field('objects')}
      />
      <TextField label="Filter property" {...field('filterProperty')} />
      <TextField label="Filter equals" {...field('filterEquals')} />
      <TextField label="Description" {...field('description')} />
      <Button type="submit" variant="contained" disabled={create.isPending} sx={{ mt: 1 }}>
        Create webhook
      </Button>
    </Box>
  );
}

function attemptsText(delivery: WebhookDelivery): string {
  return delivery.attempt_log
    .map(
      (attempt) =>
        `#${attempt.attempt} ${attempt.outcome} ${attempt.response_status ?? '—'} ${attempt.latency_ms} ms${attempt.error ? ` (${attempt.error})` : ''}`,
    )
    .join('; ');
}

function Deliveries({ webhook, api }: { webhook: Webhook; api: WebhooksApi }) {
  const key = [...QUERY_KEY, webhook.id, 'deliveries'];
  const { data: deliveries, isPending } = useQuery({
    queryKey: key,
    queryFn: () => api.listDeliveries(webhook.id),
  });
  const [since, setSince] = useState('');
  const notify = useNotify();
  const replay = useWebhookChange((deliveryId: string) =>
    api.replayDelivery(webhook.id, deliveryId),
  );
  const replaySince = useWebhookChange((from: string) => api.replaySince(webhook.id, from));
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h6">Delivery log: {webhook.url}</Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <TextField
          label="Replay every event since"
          type="datetime-local"
          value={since}
          onChange={(event) => setSince(event.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Button
          disabled={since === '' || replaySince.isPending}
          onClick={() =>
            replaySince.mutate(new Date(since).toISOString(), {
              onSuccess: ({ queued }) => notify(`${queued} deliveries queued again`),
            })
          }
        >
          Replay since
        </Button>
      </Box>
      {isPending ? <Loading /> : null}
      {deliveries ? (
        <Table size="small" aria-label="Deliveries">
          <TableHead>
            <TableRow>
              <TableCell>Queued</TableCell>
              <TableCell>Event</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Attempts</TableCell>
              <TableCell>Last answer</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {deliveries.map((delivery) => (
              <TableRow key={delivery.id}>
                <TableCell>{when(delivery.created_at)}</TableCell>
                <TableCell>
                  {delivery.event_type}
                  {delivery.replay_of ? ' (replay)' : ''}
                </TableCell>
                <TableCell>{delivery.status}</TableCell>
                <TableCell title={attemptsText(delivery)}>
                  {attemptsText(delivery) || '—'}
                </TableCell>
                <TableCell>{delivery.last_response_status ?? delivery.last_error ?? '—'}</TableCell>
                <TableCell align="right">
                  <Button size="small" onClick={() => replay.mutate(delivery.id)}>
                    Replay
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Box>
  );
}

function WebhookRow({
  webhook,
  api,
  onShowDeliveries,
}: {
  webhook: Webhook;
  api: WebhooksApi;
  onShowDeliveries: () => void;
}) {
  const [isConfirming, setConfirming] = useState(false);
  const notify = useNotify();
  const toggle = useWebhookChange(() => api.setEnabled(webhook.id, !webhook.enabled));
  const remove = useWebhookChange(() => api.deleteWebhook(webhook.id));
  const test = useWebhookChange(() => api.sendTest(webhook.id));
  return (
    <TableRow>
      <TableCell>
        <code>{webhook.url}</code>
        {webhook.description ? (
          <Typography variant="body2">{webhook.description}</Typography>
        ) : null}
      </TableCell>
      <TableCell>{webhook.event_types.join(', ')}</TableCell>
      <TableCell>{webhook.objects?.join(', ') ?? 'all'}</TableCell>
      <TableCell>
        {webhook.filter ? `${webhook.filter.property} = ${String(webhook.filter.equals)}` : '—'}
      </TableCell>
      <TableCell>
        {webhook.enabled ? (
          <Chip size="small" color="success" label="Enabled" />
        ) : (
          <Box>
            <Chip size="small" color="warning" label="Disabled" />
            {webhook.disabled_reason ? (
              <Alert severity="warning" sx={{ mt: 1 }}>
                {webhook.disabled_reason}
              </Alert>
            ) : null}
          </Box>
        )}
      </TableCell>
      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
        <Button
          size="small"
          onClick={() =>
            test.mutate(undefined, {
              onSuccess: (delivery) =>
                notify(
                  delivery.status === 'delivered'
                    ? `Test event delivered (${delivery.last_response_status})`
                    : `Test event failed: ${delivery.last_error ?? 'no answer'}`,
                  { type: delivery.status === 'delivered' ? 'success' : 'warning' },
                ),
            })
          }
        >
          Send test
        </Button>
        <Button size="small" onClick={() => toggle.mutate(undefined)}>
          {webhook.enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button size="small" onClick={onShowDeliveries}>
          Deliveries
        </Button>
        <Button size="small" color="error" onClick={() => setConfirming(true)}>
          Delete
        </Button>
        <Confirm
          isOpen={isConfirming}
          title="Delete this webhook?"
          content="No more events go to this URL; its delivery log is deleted too."
          onConfirm={() => {
            setConfirming(false);
            remove.mutate(undefined);
          }}
          onClose={() => setConfirming(false)}
        />
      </TableCell>
    </TableRow>
  );
}

/** Settings → Webhooks: subscriptions, their secret shown once, tests, the delivery log, replays. */
export function WebhooksPage({ api = webhooksApi }: { api?: WebhooksApi }) {
  const {
    data: webhooks,
    isPending,
    error,
  } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => api.listWebhooks(),
  });
  const [secret, setSecret] = useState<string | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const shown = webhooks?.find((webhook) => webhook.id === shownId);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Webhooks" />
      <CardContent sx={{ display: 'grid', gap: 3 }}>
        <CreateWebhookForm api={api} onCreated={setSecret} />
        {isPending ? <Loading /> : null}
        {error ? <Typography color="error">{error.message}</Typography> : null}
        {webhooks ? (
          <Table size="small" aria-label="Webhooks">
            <TableHead>
              <TableRow>
                <TableCell>URL</TableCell>
                <TableCell>Events</TableCell>
                <TableCell>Objects</TableCell>
                <TableCell>Filter</TableCell>
                <TableCell>State</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {webhooks.map((webhook) => (
                <WebhookRow
                  key={webhook.id}
                  webhook={webhook}
                  api={api}
                  onShowDeliveries={() => setShownId(webhook.id)}
                />
              ))}
            </TableBody>
          </Table>
        ) : null}
        {shown ? <Deliveries webhook={shown} api={api} /> : null}
      </CardContent>
      {secret ? (
        <OneTimeSecret
          title="Your webhook's signing secret"
          secret={secret}
          warning="This is the only time the secret is shown: store it in your receiver's configuration now. It verifies the webhook-signature header (Standard Webhooks)."
          onClose={() => setSecret(null)}
        />
      ) : null}
    </Card>
  );
}
