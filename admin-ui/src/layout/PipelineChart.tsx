import { Box, Card, CardContent, Typography } from '@mui/material';
import { useQueries } from '@tanstack/react-query';
import { Link, useDataProvider } from 'react-admin';
import { sortedOptions } from 'src/definitions/properties';
import type { EnumerationOption, ObjectDefinition } from 'src/definitions/types';
import { useDefinition } from 'src/definitions/useDefinitions';

/** The pipeline is the deal object's stage enumeration (docs/domain.md); the chart reads its options. */
const PIPELINE_OBJECT = 'deal';
const PIPELINE_PROPERTY = 'stage';

const barColor = (value: string) =>
  value === 'lost' ? 'grey.500' : value === 'won' ? 'success.main' : 'primary.main';

function StageBar({
  definition,
  option,
  count,
  max,
}: {
  definition: ObjectDefinition;
  option: EnumerationOption;
  count: number | undefined;
  max: number;
}) {
  const filter = encodeURIComponent(JSON.stringify({ [PIPELINE_PROPERTY]: option.value }));
  const total = count ?? 0;
  return (
    <Box
      component={Link}
      to={`/${definition.name}?filter=${filter}`}
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '96px 1fr 32px', sm: '140px 1fr 40px' },
        alignItems: 'center',
        gap: 1,
        color: 'text.primary',
        textDecoration: 'none',
        '&:hover .bar': { opacity: 0.8 },
      }}
      aria-label={`${option.label}: ${total} deals`}
    >
      <Typography variant="body2" noWrap>
        {option.label}
      </Typography>
      <Box sx={{ bgcolor: 'action.hover', borderRadius: 1, height: 22 }}>
        <Box
          className="bar"
          sx={{
            width: `${(total / Math.max(max, 1)) * 100}%`,
            minWidth: total > 0 ? 4 : 0,
            height: '100%',
            borderRadius: 1,
            bgcolor: barColor(option.value),
            transition: 'width 300ms',
          }}
        />
      </Box>
      <Typography variant="body2" sx={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {count === undefined ? '…' : count}
      </Typography>
    </Box>
  );
}

/**
 * Deals by stage as horizontal bars (plain MUI boxes: no chart library, nothing from a CDN). Each
 * count is a one-row page filtered by stage: the Content-Range total, whatever the deal count.
 */
export function PipelineChart() {
  const definition = useDefinition(PIPELINE_OBJECT);
  const stage = definition?.properties.find((p) => p.name === PIPELINE_PROPERTY);
  const options = stage?.type === 'enumeration' ? sortedOptions(stage) : [];
  const dataProvider = useDataProvider();
  const counts = useQueries({
    queries: options.map((option) => {
      const params = {
        pagination: { page: 1, perPage: 1 },
        sort: { field: 'created_at', order: 'DESC' as const },
        filter: { [PIPELINE_PROPERTY]: option.value },
      };
      return {
        queryKey: ['plinth', 'pipeline', PIPELINE_OBJECT, option.value],
        queryFn: () => dataProvider.getList(PIPELINE_OBJECT, params),
      };
    }),
  });
  if (!definition || options.length === 0) {
    return null;
  }
  const totals = counts.map((result) => result.data?.total);
  const max = Math.max(0, ...totals.map((total) => total ?? 0));
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Deal pipeline
        </Typography>
        <Box sx={{ display: 'grid', gap: 1 }} role="list" aria-label="Deals by stage">
          {options.map((option, index) => (
            <Box key={option.value} role="listitem">
              <StageBar definition={definition} option={option} count={totals[index]} max={max} />
            </Box>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}
