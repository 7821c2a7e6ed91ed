import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useCreatePath, useRecordContext } from 'react-admin';
import { API_URL, httpClient } from 'src/dataProvider';
import type { ObjectDefinition } from 'src/definitions/types';

/** One look-alike as `GET /api/objects/{object}/{id}/duplicates` answers it. */
export interface DuplicateMatch {
  id: string;
  display_name: string | null;
  score: number;
  rules: string[];
}

/** Where the merge screen of two records is. */
export function mergePath(object: string, id: string, otherId: string): string {
  return `/merge/${object}/${id}/${otherId}`;
}

/**
 * "Possible duplicates" on a record's page (objects with duplicate rules: person, company): the
 * records the rules match, best first, each with a link and a way to merge it into this one.
 */
export function DuplicatesPanel({ definition }: { definition: ObjectDefinition }) {
  const record = useRecordContext<{ id: string }>();
  const createPath = useCreatePath();
  const id = record?.id;
  const { data } = useQuery({
    queryKey: ['duplicates', definition.name, id],
    enabled: id !== undefined,
    queryFn: async () =>
      (await httpClient(`${API_URL}/objects/${definition.name}/${id}/duplicates`))
        .json as DuplicateMatch[],
  });
  if (!id || !data || data.length === 0) {
    return null;
  }
  return (
    <Alert severity="warning" sx={{ my: 1 }} aria-label="Possible duplicates">
      <Typography variant="subtitle2">Possible duplicates</Typography>
      <Stack spacing={0.5} sx={{ mt: 0.5 }}>
        {data.map((match) => (
          <Box
            key={match.id}
            sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
          >
            <Link to={createPath({ resource: definition.name, id: match.id, type: 'show' })}>
              {match.display_name ?? match.id}
            </Link>
            <Chip size="small" label={`${Math.round(match.score * 100)}%`} />
            {match.rules.map((rule) => (
              <Chip key={rule} size="small" variant="outlined" label={rule.replace(/_/g, ' ')} />
            ))}
            <Button size="small" component={Link} to={mergePath(definition.name, id, match.id)}>
              Merge into this one…
            </Button>
          </Box>
        ))}
      </Stack>
    </Alert>
  );
}
