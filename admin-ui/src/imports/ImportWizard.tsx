import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { Title } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import { saveFile } from 'src/records/CsvExportButton';
import {
  type DryRun,
  type ImportJob,
  importsApi,
  type ImportsApi,
  type ImportSettings,
  type UploadedImport,
} from './importsApi';

export const IMPORT_PATH = '/import';

const SKIP = '';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function UploadStep({
  object,
  api,
  onUploaded,
}: {
  object: string;
  api: ImportsApi;
  onUploaded: (job: UploadedImport) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onUploaded(await api.upload(object, file));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, alignItems: 'flex-start' }}>
      <Typography>Choose a CSV file (UTF-8, a header row naming the columns).</Typography>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label="CSV file"
        onChange={(event) => setFile(event.target.files?.[0] ?? null)}
      />
      {error ? <Alert severity="error">{error}</Alert> : null}
      <Button variant="contained" disabled={!file || isBusy} onClick={() => void upload()}>
        Upload
      </Button>
    </Box>
  );
}

function MappingStep({
  job,
  api,
  onStarted,
}: {
  job: UploadedImport;
  api: ImportsApi;
  onStarted: (job: ImportJob) => void;
}) {
  const [mapping, setMapping] = useState<Record<string, string>>(job.mapping);
  const [mode, setMode] = useState<'create' | 'upsert'>('create');
  const [key, setKey] = useState(job.keys[0] ?? '');
  const [checked, setChecked] = useState<DryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const settings = (): ImportSettings => ({
    mode,
    ...(mode === 'upsert' ? { key } : {}),
    mapping: Object.fromEntries(Object.entries(mapping).filter(([, target]) => target !== SKIP)),
  });
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const changed = (update: () => void) => {
    update();
    setChecked(null);
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography>
        {job.file_name}: {job.rows_total.toLocaleString()} rows. Map each column to a property.
      </Typography>
      <Table size="small" aria-label="Column mapping">
        <TableHead>
          <TableRow>
            <TableCell>Column</TableCell>
            <TableCell>Property</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {job.columns.map((column) => (
            <TableRow key={column}>
              <TableCell>{column}</TableCell>
              <TableCell>
                <TextField
                  select
                  size="small"
                  label={`Property for ${column}`}
                  value={mapping[column] ?? SKIP}
                  sx={{ minWidth: 240 }}
                  onChange={(event) =>
                    changed(() => setMapping({ ...mapping, [column]: event.target.value }))
                  }
                >
                  <MenuItem value={SKIP}>— not imported —</MenuItem>
                  {job.targets.map((target) => (
                    <MenuItem key={target.name} value={target.name}>
                      {target.label}
                      {target.required ? ' *' : ''}
                    </MenuItem>
                  ))}
                </TextField>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <RadioGroup
        row
        value={mode}
        onChange={(event) => changed(() => setMode(event.target.value as 'create' | 'upsert'))}
      >
        <FormControlLabel value="create" control={<Radio />} label="Create new records only" />
        <FormControlLabel
          value="upsert"
          control={<Radio />}
          label="Update existing records (upsert)"
          disabled={job.keys.length === 0}
        />
      </RadioGroup>
      {mode === 'upsert' ? (
        <TextField
          select
          size="small"
          label="Find records by"
          value={key}
          sx={{ maxWidth: 240 }}
          onChange={(event) => changed(() => setKey(event.target.value))}
        >
          {job.keys.map((name) => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
      <Box sx={{ display: 'flex', gap: 2 }}>
        <Button
          variant="outlined"
          disabled={isBusy}
          onClick={() => void act(async () => setChecked(await api.dryRun(job.id, settings())))}
        >
          Check (dry run)
        </Button>
        <Button
          variant="contained"
          disabled={isBusy || checked === null}
          onClick={() => void act(async () => onStarted(await api.start(job.id, settings())))}
        >
          Import
        </Button>
      </Box>
      {checked ? <DryRunResult checked={checked} /> : null}
    </Box>
  );
}

function DryRunResult({ checked }: { checked: DryRun }) {
  const columns = [...new Set(checked.preview.flatMap((row) => Object.keys(row.values)))];
  return (
    <Box aria-label="Dry run" sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Alert severity={checked.rows_failed > 0 ? 'warning' : 'success'}>
        {checked.rows_valid.toLocaleString()} of {checked.rows_total.toLocaleString()} rows are
        ready; {checked.rows_failed.toLocaleString()} would be refused. Nothing was written.
      </Alert>
      {checked.errors.length > 0 ? (
        <Table size="small" aria-label="Refused rows">
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              <TableCell>Reason</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {checked.errors.map((error) => (
              <TableRow key={error.row}>
                <TableCell>{error.row}</TableCell>
                <TableCell>{error.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <Table size="small" aria-label="Preview">
        <TableHead>
          <TableRow>
            <TableCell>Row</TableCell>
            {columns.map((column) => (
              <TableCell key={column}>{column}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {checked.preview.map((row) => (
            <TableRow key={row.row}>
              <TableCell>{row.row}</TableCell>
              {columns.map((column) => (
                <TableCell key={column}>{JSON.stringify(row.values[column] ?? '')}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function ProgressStep({ initial, api }: { initial: ImportJob; api: ImportsApi }) {
  const [job, setJob] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (job.status !== 'running') {
      return;
    }
    const timer = setTimeout(() => {
      api.get(job.id).then(setJob, (caught: unknown) => setError(messageOf(caught)));
    }, 500);
    return () => clearTimeout(timer);
  }, [api, job]);
  const percent = job.rows_total > 0 ? (100 * job.rows_done) / job.rows_total : 100;
  const download = async () => {
    try {
      saveFile(await api.failedRows(job.id), `${job.object}-failed-rows.csv`);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <LinearProgress variant="determinate" value={percent} aria-label="Import progress" />
      <Typography aria-label="Import status">
        {job.status === 'running'
          ? `Importing: ${job.rows_done.toLocaleString()} of ${job.rows_total.toLocaleString()} rows` +
            (job.rows_per_second ? `, ${job.rows_per_second.toLocaleString()} rows/s` : '') +
            (job.seconds_left !== null ? `, about ${job.seconds_left} s left` : '')
          : `Import ${job.status}: ${job.created} created, ${job.updated} updated, ${job.failed} failed`}
      </Typography>
      {job.error ? <Alert severity="error">{job.error}</Alert> : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
      <Box sx={{ display: 'flex', gap: 2 }}>
        {job.status === 'running' ? (
          <Button
            variant="outlined"
            color="warning"
            disabled={job.cancel_requested}
            onClick={() =>
              void api.cancel(job.id).then(setJob, (e: unknown) => setError(messageOf(e)))
            }
          >
            Cancel
          </Button>
        ) : null}
        {job.status !== 'running' && job.failed > 0 ? (
          <Button variant="outlined" onClick={() => void download()}>
            Download failed rows
          </Button>
        ) : null}
        {job.status !== 'running' ? (
          <Button component={Link} to={`/${job.object}`}>
            Back to the list
          </Button>
        ) : null}
      </Box>
    </Box>
  );
}

/**
 * The import wizard of an object (README "Import and export"): upload a CSV, map its columns
 * (suggested by name or label), choose create-only or upsert by a key, check it (dry run: the
 * first rows and every refused one, nothing written), run it with a progress bar, cancel, and
 * download the refused rows with their reasons.
 */
export function ImportWizard({ api = importsApi }: { api?: ImportsApi }) {
  const { object = '' } = useParams();
  const [uploaded, setUploaded] = useState<UploadedImport | null>(null);
  const [started, setStarted] = useState<ImportJob | null>(null);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={`Import ${object} records`} />
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Import {object} records from CSV
        </Typography>
        {started ? (
          <ProgressStep initial={started} api={api} />
        ) : uploaded ? (
          <MappingStep job={uploaded} api={api} onStarted={setStarted} />
        ) : (
          <UploadStep object={object} api={api} onUploaded={setUploaded} />
        )}
      </CardContent>
    </Card>
  );
}
