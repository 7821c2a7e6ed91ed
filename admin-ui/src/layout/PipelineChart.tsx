import { Box, Card, CardContent, MenuItem, TextField, Typography } from '@mui/material';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useDataProvider } from 'react-admin';
import type { ObjectDefinition } from 'src/definitions/types';
import { useDefinitions } from 'src/definitions/useDefinitions';
import {
  boardProperty,
  type BoardStage,
  hasPipeline,
  pipelineChoices,
  pipelineFilter,
  pipelineMachine,
} from 'src/pipelines/pipelines';

/** The object shown first: the one whose status has pipelines (deal), else the first with a machine. */
function firstPipelineObject(definitions: ObjectDefinition[]): ObjectDefinition | undefined {
  const withPipeline = definitions.filter(hasPipeline);
  return withPipeline.find((d) => boardProperty(d)?.pipelines) ?? withPipeline[0];
}

const barColor = (stage: BoardStage, closed: string[]) =>
  closed.includes(stage.value)
    ? stage.probability === 0
      ? 'grey.500'
      : 'success.main'
    : 'primary.main';

function StageBar({
  definition,
  option,
  filter: pipeline,
  color,
  count,
  max,
}: {
  definition: ObjectDefinition;
  option: BoardStage;
  filter: Record<string, unknown>;
  color: string;
  count: number | undefined;
  max: number;
}) {
  const filter = encodeURIComponent(JSON.stringify(pipeline));
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
      aria-label={`${option.label}: ${total} ${definition.labels.plural.toLowerCase()}`}
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
            bgcolor: color,
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
 * Records by stage as horizontal bars (plain MUI boxes: no chart library, nothing from a CDN), for
 * any object with a pipeline and any of its pipelines. Each count is a one-row page filtered by
 * stage: the Content-Range total, whatever the record count.
 */
export function PipelineChart() {
  const { data: definitions = [] } = useDefinitions();
  const choices = definitions.filter(hasPipeline);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const definition = choices.find((d) => d.name === chosen) ?? firstPipelineObject(definitions);
  if (!definition) {
    return null;
  }
  return (
    <ObjectPipelineChart
      key={definition.name}
      definition={definition}
      objects={choices}
      onObject={setChosen}
    />
  );
}

function ObjectPipelineChart({
  definition,
  objects,
  onObject,
}: {
  definition: ObjectDefinition;
  objects: ObjectDefinition[];
  onObject: (name: string) => void;
}) {
  const property = boardProperty(definition);
  const pipelines = property ? pipelineChoices(definition, property) : [];
  const [pipeline, setPipeline] = useState(pipelines[0]?.value ?? '');
  const machine = property ? pipelineMachine(property, pipeline) : undefined;
  const options = machine?.stages ?? [];
  const closed = machine?.transitions?.closed ?? [];
  const base = property ? pipelineFilter(property, pipeline) : {};
  const dataProvider = useDataProvider();
  const counts = useQueries({
    queries: options.map((option) => {
      const params = {
        pagination: { page: 1, perPage: 1 },
        sort: { field: 'created_at', order: 'DESC' as const },
        filter: { ...base, [property?.name ?? '']: option.value },
      };
      return {
        queryKey: ['plinth', 'pipeline', definition.name, pipeline, option.value],
        queryFn: () => dataProvider.getList(definition.name, params),
      };
    }),
  });
  if (!property || options.length === 0) {
    return null;
  }
  const totals = counts.map((result) => result.data?.total);
  const max = Math.max(0, ...totals.map((total) => total ?? 0));
  return (
    <Card variant="outlined">
      <CardContent>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {definition.labels.singular} pipeline
          </Typography>
          {objects.length > 1 ? (
            <TextField
              select
              size="small"
              label="Object"
              value={definition.name}
              onChange={(event) => onObject(event.target.value)}
            >
              {objects.map((o) => (
                <MenuItem key={o.name} value={o.name}>
                  {o.labels.plural}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
          {pipelines.length > 1 ? (
            <TextField
              select
              size="small"
              label="Pipeline"
              value={pipeline}
              onChange={(event) => setPipeline(event.target.value)}
            >
              {pipelines.map((p) => (
                <MenuItem key={p.value} value={p.value}>
                  {p.label}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
        </Box>
        <Box
          sx={{ display: 'grid', gap: 1 }}
          role="list"
          aria-label={`${definition.labels.plural} by ${property.label.toLowerCase()}`}
        >
          {options.map((option, index) => (
            <Box key={option.value} role="listitem">
              <StageBar
                definition={definition}
                option={option}
                filter={{ ...base, [property.name]: option.value }}
                color={barColor(option, closed)}
                count={totals[index]}
                max={max}
              />
            </Box>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}
