import { Box, Card, CardContent, Typography } from '@mui/material';
import { Link, useGetList } from 'react-admin';
import { sortedOptions } from 'src/definitions/properties';
import type { EnumerationOption, ObjectDefinition } from 'src/definitions/types';
import { useDefinition } from 'src/definitions/useDefinitions';

/** The pipeline is the deal object's stage enumeration (DOMAIN.md); the chart reads its options. */
const PIPELINE_OBJECT = 'deal';
const PIPELINE_PROPERTY = 'stage';

function useStageCount(definition: ObjectDefinition, stage: string) {
  return useGetList(definition.name, {
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'created_at', order: 'DESC' },
    filter: { [PIPELINE_PROPERTY]: stage },
  });
}

function StageBar({
  definition,
  option,
  max,
}: {
  definition: ObjectDefinition;
  option: EnumerationOption;
  max: number;
}) {
  const { total = 0, isPending } = useStageCount(definition, option.value);
  const scale = Math.max(max, total, 1);
  const filter = encodeURIComponent(JSON.stringify({ [PIPELINE_PROPERTY]: option.value }));
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
            width: isPending ? 0 : `${(total / scale) * 100}%`,
            minWidth: total > 0 ? 4 : 0,
            height: '100%',
            borderRadius: 1,
            bgcolor: option.value === 'lost' ? 'grey.500' : option.value === 'won' ? 'success.main' : 'primary.main',
            transition: 'width 300ms',
          }}
        />
      </Box>
      <Typography variant="body2" sx={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {isPending ? '…' : total}
      </Typography>
    </Box>
  );
}

/** Deals by stage as horizontal bars (plain MUI boxes: no chart library, nothing from a CDN). */
export function PipelineChart() {
  const definition = useDefinition(PIPELINE_OBJECT);
  const stage = definition?.properties.find((p) => p.name === PIPELINE_PROPERTY);
  const { total: dealCount } = useGetList(
    PIPELINE_OBJECT,
    { pagination: { page: 1, perPage: 1 }, sort: { field: 'created_at', order: 'DESC' } },
    { enabled: Boolean(stage) },
  );
  if (!definition || !stage || stage.type !== 'enumeration') {
    return null;
  }
  const max = dealCount ?? 0;
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Deal pipeline
        </Typography>
        <Box sx={{ display: 'grid', gap: 1 }} role="list" aria-label="Deals by stage">
          {sortedOptions(stage).map((option) => (
            <Box key={option.value} role="listitem">
              <StageBar definition={definition} option={option} max={max} />
            </Box>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}
