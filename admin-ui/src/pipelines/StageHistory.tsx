import { Box, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { ObjectDefinition } from 'src/definitions/types';
import { boardProperty, stampedHistory } from './pipelines';

/**
 * When the record entered its states, from the properties its transitions stamp on entry
 * (`sent_at`, `paid_at`, `stage_entered_at` …): the stage history until the timeline shows it.
 */
export function StageHistory({ definition }: { definition: ObjectDefinition }) {
  const record = useRecordContext();
  const property = boardProperty(definition);
  if (!record || !property) {
    return null;
  }
  const history = stampedHistory(definition, property, record);
  if (history.length === 0) {
    return null;
  }
  return (
    <Box component="section" aria-label="Stage history" sx={{ mt: 2 }}>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Stage history
      </Typography>
      <Box component="ol" sx={{ m: 0, pl: 2.5 }}>
        {history.map((entry) => (
          <li key={`${entry.state}:${entry.property}`}>
            <Typography variant="body2">
              {entry.label} — {new Date(entry.at).toLocaleString()} ({entry.property})
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}
