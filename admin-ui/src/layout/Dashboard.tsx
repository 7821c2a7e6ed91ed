import { Box, Card, CardActionArea, CardContent, Skeleton, Typography } from '@mui/material';
import { Link, Title, useGetList } from 'react-admin';
import type { ObjectDefinition } from 'src/definitions/types';
import { useDefinitions } from 'src/definitions/useDefinitions';
import { groupEntries, toNavigationEntry } from './navigation';
import { ObjectIcon } from './objectIcons';
import { PipelineChart } from './PipelineChart';

/** One record count: a one-row page whose Content-Range total is the count. */
function CountCard({ definition }: { definition: ObjectDefinition }) {
  const { total, isPending } = useGetList(definition.name, {
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'created_at', order: 'DESC' },
  });
  return (
    <Card variant="outlined">
      <CardActionArea component={Link} to={`/${definition.name}`}>
        <CardContent sx={{ display: 'flex', alignItems: 'center', gap: 1.5, py: 1.5 }}>
          <Box sx={{ color: 'primary.main', display: 'flex' }}>
            <ObjectIcon name={definition.icon} />
          </Box>
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="body2" color="text.secondary" noWrap>
              {definition.labels.plural}
            </Typography>
            <Typography variant="h6" component="p" aria-label={`${definition.labels.plural} count`}>
              {isPending ? <Skeleton width={32} /> : (total ?? 0).toLocaleString()}
            </Typography>
          </Box>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

export function Dashboard() {
  const { data: definitions = [] } = useDefinitions();
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const groups = groupEntries(definitions.map(toNavigationEntry));
  return (
    <Box sx={{ py: 2 }}>
      <Title title="Dashboard" />
      <PipelineChart />
      {groups.map((group) => (
        <Box key={group.key} component="section" sx={{ mt: 3 }}>
          <Typography variant="overline" component="h2" color="text.secondary">
            {group.label}
          </Typography>
          <Box
            sx={{
              display: 'grid',
              gap: 1.5,
              gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
            }}
          >
            {group.entries.map((entry) => {
              const definition = byName.get(entry.name);
              return definition ? <CountCard key={entry.name} definition={definition} /> : null;
            })}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
