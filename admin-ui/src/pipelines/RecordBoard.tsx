import ListIcon from '@mui/icons-material/ViewList';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { Link, Title, useDataProvider, useGetList, type RaRecord } from 'react-admin';
import { useSession } from 'src/auth/useSession';
import { API_URL, httpClient } from 'src/dataProvider';
import { recordTitle, sortedOptions } from 'src/definitions/properties';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import {
  boardProperty,
  canMove,
  missingOnEntry,
  pipelineChoices,
  pipelineFilter,
  pipelineMachine,
  type BoardStage,
} from './pipelines';

/** Cards shown per column: the first page (README "Pipelines": ≤ 300 ms at 100,000 records). */
export const CARDS_PER_COLUMN = 50;

interface StageTotals {
  value: string;
  count: number;
  amounts: Array<{ currency: string | null; amount: string }>;
}

interface Move {
  record: RaRecord;
  from: string;
  to: string;
}

function useStageTotals(definition: ObjectDefinition, pipeline: string) {
  return useQuery({
    queryKey: ['plinth', 'pipeline-report', definition.name, pipeline],
    queryFn: async () => {
      const response = await httpClient(
        `${API_URL}/objects/${definition.name}/pipelines/${encodeURIComponent(pipeline)}/report`,
      );
      const report = response.json as { stages: StageTotals[] };
      return report.stages;
    },
  });
}

function amountText(totals: StageTotals | undefined): string {
  return (totals?.amounts ?? []).map((a) => `${a.amount} ${a.currency ?? ''}`.trim()).join(' · ');
}

function BoardCard({ definition, record }: { definition: ObjectDefinition; record: RaRecord }) {
  const amount = definition.properties.find((p) => p.type === 'currency');
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData('text/plain', String(record.id));
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <Card
      variant="outlined"
      draggable
      onDragStart={onDragStart}
      data-record-id={record.id}
      aria-label={recordTitle(definition, record)}
      sx={{ cursor: 'grab' }}
    >
      <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
        <Typography
          variant="body2"
          component={Link}
          to={`/${definition.name}/${record.id}/show`}
          sx={{ color: 'text.primary', textDecoration: 'none', fontWeight: 500 }}
        >
          {recordTitle(definition, record)}
        </Typography>
        {amount && record[amount.name] !== undefined ? (
          <Typography variant="caption" component="p" color="text.secondary">
            {String(record[amount.name])} {String(record.currency ?? '')}
          </Typography>
        ) : null}
      </CardContent>
    </Card>
  );
}

interface ColumnProps {
  definition: ObjectDefinition;
  property: PropertyDefinition;
  stage: BoardStage;
  filter: Record<string, unknown>;
  totals: StageTotals | undefined;
  moves: Move[];
  isTarget: boolean;
  onDropRecord: (record: RaRecord, from: string) => void;
}

function BoardColumn(props: ColumnProps) {
  const { definition, property, stage, filter, totals, moves, isTarget } = props;
  const [isOver, setOver] = useState(false);
  const { data = [], total } = useGetList<RaRecord>(definition.name, {
    pagination: { page: 1, perPage: CARDS_PER_COLUMN },
    sort: { field: 'updated_at', order: 'DESC' },
    filter: { ...filter, [property.name]: stage.value },
  });
  const movedAway = new Set(moves.filter((m) => m.from === stage.value).map((m) => m.record.id));
  const movedHere = moves.filter((m) => m.to === stage.value).map((m) => m.record);
  // A moved card shows once: while its move is pending, the refetched page may hold it already.
  const shown = new Set(movedHere.map((r) => r.id));
  const cards = [...movedHere, ...data.filter((r) => !movedAway.has(r.id) && !shown.has(r.id))];
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const id = event.dataTransfer.getData('text/plain');
    props.onDropRecord({ id }, stage.value);
  };
  return (
    <Box
      role="region"
      aria-label={`${stage.label} column`}
      data-stage={stage.value}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      sx={{
        flex: '1 1 0',
        minWidth: 140,
        bgcolor: isOver ? 'action.selected' : isTarget ? 'action.hover' : 'background.default',
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        p: 1,
        display: 'flex',
        flexDirection: 'column',
        gap: 1,
        opacity: stage.retired ? 0.6 : 1,
      }}
    >
      <Box>
        <Typography variant="subtitle2" component="h3">
          {stage.label}
          {stage.probability !== undefined ? ` · ${stage.probability}%` : ''}
        </Typography>
        <Typography variant="caption" color="text.secondary" aria-label={`${stage.label} count`}>
          {total === undefined ? '…' : total - movedAway.size + movedHere.length}
          {amountText(totals) ? ` · ${amountText(totals)}` : ''}
        </Typography>
      </Box>
      {cards.map((record) => (
        <BoardCard key={record.id} definition={definition} record={record} />
      ))}
    </Box>
  );
}

function inputType(property: PropertyDefinition): string {
  return property.type === 'date'
    ? 'date'
    : property.type === 'datetime'
      ? 'datetime-local'
      : 'text';
}

/** Asks for the properties a move needs before it is sent. */
function RequiredDialog({
  definition,
  names,
  onCancel,
  onSubmit,
}: {
  definition: ObjectDefinition;
  names: string[];
  onCancel: () => void;
  onSubmit: (values: Record<string, unknown>) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const properties = names.flatMap((name) => definition.properties.filter((p) => p.name === name));
  return (
    <Dialog open onClose={onCancel} aria-labelledby="board-required-title">
      <DialogTitle id="board-required-title">This move needs more information</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important', minWidth: 320 }}>
        {properties.map((property) => (
          <TextField
            key={property.name}
            label={property.label}
            name={property.name}
            required
            select={property.type === 'enumeration'}
            type={property.type === 'enumeration' ? undefined : inputType(property)}
            slotProps={{ inputLabel: { shrink: true } }}
            value={values[property.name] ?? ''}
            onChange={(event) => setValues({ ...values, [property.name]: event.target.value })}
          >
            {property.type === 'enumeration'
              ? sortedOptions(property).map((o) => (
                  <MenuItem key={o.value} value={o.value}>
                    {o.label}
                  </MenuItem>
                ))
              : null}
          </TextField>
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          variant="contained"
          disabled={properties.some((p) => !values[p.name])}
          onClick={() => onSubmit(values)}
        >
          Move
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The kanban board of an object with a pipeline: one column per stage (count and amounts), the
 * first cards of each; dragging a card asks the server to move it. A refused move snaps back and
 * shows the server's reason; a move that needs properties asks for them first.
 */
export function RecordBoard({ definition }: { definition: ObjectDefinition }) {
  const property = boardProperty(definition) as PropertyDefinition;
  const choices = pipelineChoices(definition, property);
  const [pipeline, setPipeline] = useState(choices[0]?.value ?? '');
  const [search, setSearch] = useState('');
  const [moves, setMoves] = useState<Move[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ move: Move; names: string[] } | null>(null);
  const dataProvider = useDataProvider();
  const queryClient = useQueryClient();
  const role = useSession().data?.role;
  const { stages, transitions } = pipelineMachine(property, pipeline);
  const totals = useStageTotals(definition, pipeline).data;
  const filter = { ...pipelineFilter(property, pipeline), ...(search ? { q: search } : {}) };

  const send = async (move: Move, extra: Record<string, unknown>) => {
    setMoves((current) => [...current.filter((m) => m.record.id !== move.record.id), move]);
    try {
      await dataProvider.update(definition.name, {
        id: move.record.id,
        data: { [property.name]: move.to, ...extra },
        previousData: move.record,
      });
      await queryClient.invalidateQueries();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setRefusal(message);
    } finally {
      setMoves((current) => current.filter((m) => m.record.id !== move.record.id));
    }
  };

  const onDropRecord = async (dropped: RaRecord, to: string) => {
    setRefusal(null);
    const { data: record } = await dataProvider.getOne<RaRecord>(definition.name, {
      id: dropped.id,
    });
    const from = String(record[property.name] ?? '');
    if (from === to) {
      return;
    }
    const move = { record, from, to };
    const names = missingOnEntry(transitions, to, record);
    if (names.length > 0 && canMove(transitions, from, to, role)) {
      setAsking({ move, names });
      return;
    }
    await send(move, {});
  };

  return (
    <Box sx={{ py: 2, minWidth: 0, width: '100%' }}>
      <Title title={`${definition.labels.plural} board`} />
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
        {choices.length > 1 ? (
          <TextField
            select
            size="small"
            label="Pipeline"
            value={pipeline}
            onChange={(event) => setPipeline(event.target.value)}
            sx={{ width: 200 }}
          >
            {choices.map((c) => (
              <MenuItem key={c.value} value={c.value}>
                {c.label}
              </MenuItem>
            ))}
          </TextField>
        ) : null}
        <TextField
          size="small"
          label="Search"
          type="search"
          sx={{ width: 240 }}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <Box sx={{ flex: 1 }} />
        <Button component={Link} to={`/${definition.name}`} startIcon={<ListIcon />}>
          List
        </Button>
      </Box>
      {refusal ? (
        <Alert severity="error" onClose={() => setRefusal(null)} sx={{ mb: 2 }}>
          {refusal}
        </Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1.5, overflowX: 'auto', alignItems: 'flex-start' }}>
        {stages.map((stage) => (
          <BoardColumn
            key={stage.value}
            definition={definition}
            property={property}
            stage={stage}
            filter={filter}
            totals={totals?.find((t) => t.value === stage.value)}
            moves={moves}
            isTarget={false}
            onDropRecord={(record) => void onDropRecord(record, stage.value)}
          />
        ))}
      </Box>
      {asking ? (
        <RequiredDialog
          definition={definition}
          names={asking.names}
          onCancel={() => setAsking(null)}
          onSubmit={(values) => {
            const { move } = asking;
            setAsking(null);
            void send(move, values);
          }}
        />
      ) : null}
    </Box>
  );
}
