import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify, useRecordContext } from 'react-admin';
import { API_URL, httpClient, type HttpClient } from 'src/dataProvider';
import type { ObjectDefinition } from 'src/definitions/types';

/** One event as `GET …/{id}/timeline` answers (README, "Timeline and webhooks"). */
export interface TimelineEvent {
  id: string;
  type: string;
  occurred_at: string;
  actor: string;
  source: string;
  data: Record<string, unknown>;
}

interface TimelinePage {
  results: TimelineEvent[];
  paging: { next?: { after: string } };
}

const TYPES = ['created', 'updated', 'deleted', 'associated', 'dissociated', 'comment'];

function shown(value: unknown): string {
  if (value === null || value === undefined) {
    return '—';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What an event says, in one line per change: "Stage: lead → won". */
export function describeEvent(event: TimelineEvent, definition: ObjectDefinition): string[] {
  const label = (name: string) => definition.properties.find((p) => p.name === name)?.label ?? name;
  switch (event.type) {
    case 'updated': {
      const changes = (event.data.changes ?? {}) as Record<string, { old: unknown; new: unknown }>;
      const lines = Object.entries(changes).map(
        ([name, change]) => `${label(name)}: ${shown(change.old)} → ${shown(change.new)}`,
      );
      return lines.length > 0 ? lines : ['Saved without changes'];
    }
    case 'comment':
      return [shown(event.data.text)];
    case 'associated':
    case 'dissociated': {
      const other = event.data.side === 'from' ? event.data.to_id : event.data.from_id;
      return [`${event.type === 'associated' ? 'Linked to' : 'Unlinked from'} ${shown(other)}`];
    }
    default:
      return [event.type.charAt(0).toUpperCase() + event.type.slice(1).replace('_', ' ')];
  }
}

/**
 * A record's timeline (who, when, old → new), a comment box, a filter by event type, and "view as
 * of" a date: the record's values then, from `GET …/{id}?as_of=`.
 */
export function RecordTimeline({
  definition,
  client = httpClient,
}: {
  definition: ObjectDefinition;
  client?: HttpClient;
}) {
  const record = useRecordContext<{ id: string }>();
  const notify = useNotify();
  const [type, setType] = useState('');
  const [comment, setComment] = useState('');
  const [asOf, setAsOf] = useState('');
  const [then, setThen] = useState<Record<string, unknown> | undefined>();
  const base = record ? `${API_URL}/objects/${definition.name}/${record.id}` : undefined;

  const timeline = useInfiniteQuery({
    queryKey: ['timeline', base, type],
    enabled: base !== undefined,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const query = new URLSearchParams({ range: '[0,24]' });
      if (type) {
        query.set('filter', JSON.stringify({ type }));
      }
      if (pageParam) {
        query.set('cursor', pageParam);
      }
      const response = await client(`${base ?? ''}/timeline?${query.toString()}`);
      return response.json as TimelinePage;
    },
    getNextPageParam: (page) => page.paging.next?.after,
  });
  const events = timeline.data?.pages.flatMap((page) => page.results) ?? [];

  const addComment = async () => {
    if (!base || comment.trim() === '') {
      return;
    }
    await client(`${base}/comments`, { method: 'POST', body: JSON.stringify({ text: comment }) });
    setComment('');
    await timeline.refetch();
  };

  const viewAsOf = async () => {
    if (!base || asOf === '') {
      setThen(undefined);
      return;
    }
    const at = new Date(asOf).toISOString();
    const response = await client(`${base}?as_of=${encodeURIComponent(at)}`);
    setThen(response.json as Record<string, unknown>);
  };

  const failed = (error: Error) => notify(error.message, { type: 'error' });

  return (
    <Box sx={{ py: 1 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField
          label="Add a comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          multiline
          fullWidth
          size="small"
        />
        <Button variant="contained" onClick={() => void addComment().catch(failed)}>
          Comment
        </Button>
      </Stack>
      <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center' }}>
        <TextField
          select
          label="Type"
          value={type}
          onChange={(e) => setType(e.target.value)}
          size="small"
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="">All</MenuItem>
          {TYPES.map((t) => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="View as of"
          type="datetime-local"
          value={asOf}
          onChange={(e) => setAsOf(e.target.value)}
          size="small"
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Button onClick={() => void viewAsOf().catch(failed)}>View</Button>
      </Stack>
      {then ? (
        <Box sx={{ mb: 2, p: 1, border: 1, borderColor: 'divider', borderRadius: 1 }}>
          <Typography variant="subtitle2">As of {new Date(asOf).toLocaleString()}</Typography>
          {definition.properties.map((p) => (
            <Typography key={p.name} variant="body2">
              {p.label}: {shown(then[p.name])}
            </Typography>
          ))}
        </Box>
      ) : null}
      <List dense>
        {events.map((event) => (
          <ListItem key={event.id} divider>
            <ListItemText
              primary={describeEvent(event, definition).join('; ')}
              secondary={`${event.actor} · ${event.source} · ${new Date(event.occurred_at).toLocaleString()}`}
            />
          </ListItem>
        ))}
      </List>
      {timeline.error ? <Typography color="error">{timeline.error.message}</Typography> : null}
      {timeline.hasNextPage ? (
        <Button onClick={() => void timeline.fetchNextPage().catch(failed)}>Older events</Button>
      ) : null}
    </Box>
  );
}
