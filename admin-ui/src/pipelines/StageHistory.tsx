import { Box, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useRecordContext } from 'react-admin';
import { API_URL, httpClient, type HttpClient } from 'src/dataProvider';
import type { ObjectDefinition } from 'src/definitions/types';
import { boardProperty, stampedHistory } from './pipelines';
import { fetchStageEvents, stageSpans } from './stageSpans';

const when = (at: string) => new Date(at).toLocaleString();

/**
 * The record's stage history from its timeline: each stage entered, when and by whom, and when
 * it left. A record without such events (written before the event log) shows the properties its
 * transitions stamp on entry (`sent_at`, `paid_at`, `stage_entered_at` …) instead.
 */
export function StageHistory({
  definition,
  client = httpClient,
}: {
  definition: ObjectDefinition;
  client?: HttpClient;
}) {
  const record = useRecordContext<{ id: string }>();
  const property = boardProperty(definition);
  const base = record ? `${API_URL}/objects/${definition.name}/${record.id}` : undefined;
  const moves = useQuery({
    queryKey: ['stage-history', base, property?.name],
    enabled: base !== undefined && property !== undefined,
    queryFn: () => fetchStageEvents(client, base ?? '', property?.name ?? ''),
  });
  if (!record || !property) {
    return null;
  }
  const spans = stageSpans(property, moves.data ?? []);
  const stamps = spans.length === 0 ? stampedHistory(definition, property, record) : [];
  if (spans.length === 0 && (moves.isPending || stamps.length === 0)) {
    return null;
  }
  return (
    <Box component="section" aria-label="Stage history" sx={{ mt: 2 }}>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Stage history
      </Typography>
      <Box component="ol" sx={{ m: 0, pl: 2.5 }}>
        {spans.map((span) => (
          <li key={`${span.state}:${span.entered_at}`}>
            <Typography variant="body2">
              {span.label} — entered {when(span.entered_at)} by {span.entered_by}
              {span.left_at ? `, left ${when(span.left_at)}` : ' (current)'}
            </Typography>
          </li>
        ))}
        {stamps.map((entry) => (
          <li key={`${entry.state}:${entry.property}`}>
            <Typography variant="body2">
              {entry.label} — {when(entry.at)} ({entry.property})
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}
