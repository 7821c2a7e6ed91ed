import {
  Alert,
  Button,
  Card,
  CardContent,
  Radio,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  HttpError,
  Loading,
  Title,
  useCreatePath,
  useGetOne,
  useNavigate,
  useNotify,
} from 'react-admin';
import { useParams } from 'react-router-dom';
import { API_URL, httpClient } from 'src/dataProvider';
import { displayText, optionLabel, recordTitle } from 'src/definitions/properties';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { useDefinition } from 'src/definitions/useDefinitions';

type Choice = 'survivor' | 'other';
type RecordValues = Record<string, unknown> & { id: string };

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function shown(property: PropertyDefinition, value: unknown): string {
  if (Array.isArray(value)) {
    return value.map((item) => optionLabel(property, item)).join(', ');
  }
  return property.options ? optionLabel(property, value) : displayText(value);
}

/**
 * What the server does without a choice (README "People and companies"): the survivor's value,
 * else the other's; multi-selects (roles) are unioned unless a side is picked.
 */
export function defaultChoice(
  property: PropertyDefinition,
  survivor: unknown,
  other: unknown,
): Choice | undefined {
  if (property.type === 'multi_enumeration') {
    return undefined;
  }
  return isEmpty(survivor) && !isEmpty(other) ? 'other' : 'survivor';
}

function MergeTable({
  definition,
  survivor,
  other,
}: {
  definition: ObjectDefinition;
  survivor: RecordValues;
  other: RecordValues;
}) {
  const [choices, setChoices] = useState<Record<string, Choice | undefined>>({});
  const [error, setError] = useState<string>();
  const notify = useNotify();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const differing = definition.properties.filter(
    (p) => JSON.stringify(survivor[p.name] ?? null) !== JSON.stringify(other[p.name] ?? null),
  );
  const choiceOf = (p: PropertyDefinition) =>
    choices[p.name] ?? defaultChoice(p, survivor[p.name], other[p.name]);
  const merge = async () => {
    setError(undefined);
    const choose = Object.fromEntries(
      Object.entries(choices).filter((entry): entry is [string, Choice] => entry[1] !== undefined),
    );
    try {
      await httpClient(`${API_URL}/objects/${definition.name}/${survivor.id}/merge`, {
        method: 'POST',
        body: JSON.stringify({ other_id: other.id, choose }),
      });
      notify(`Merged into ${recordTitle(definition, survivor)}`, { type: 'success' });
      navigate(createPath({ resource: definition.name, id: survivor.id, type: 'show' }));
    } catch (caught) {
      setError(caught instanceof HttpError ? caught.message : String(caught));
    }
  };
  const cell = (p: PropertyDefinition, side: Choice, record: RecordValues) => (
    <TableCell>
      <Radio
        size="small"
        checked={choiceOf(p) === side}
        onChange={() => setChoices({ ...choices, [p.name]: side })}
        slotProps={{
          input: {
            'aria-label': `${p.label}: keep ${side === 'survivor' ? 'this record' : 'the other'}’s value`,
          },
        }}
      />
      {shown(p, record[p.name])}
    </TableCell>
  );
  return (
    <Card>
      <CardContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {recordTitle(definition, other)} is merged into {recordTitle(definition, survivor)}: its
          links move over and its page then shows this record. Pick the value to keep where they
          differ; roles and other multi-selects are combined unless you pick one side.
        </Typography>
        {error ? <Alert severity="error">{error}</Alert> : null}
        <Table size="small" aria-label="Values to keep">
          <TableHead>
            <TableRow>
              <TableCell>Property</TableCell>
              <TableCell>Keeps: {recordTitle(definition, survivor)}</TableCell>
              <TableCell>Merged: {recordTitle(definition, other)}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {differing.map((p) => (
              <TableRow key={p.name}>
                <TableCell>{p.label}</TableCell>
                {cell(p, 'survivor', survivor)}
                {cell(p, 'other', other)}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Button variant="contained" sx={{ mt: 2 }} onClick={() => void merge()}>
          Merge
        </Button>
      </CardContent>
    </Card>
  );
}

/** `/merge/:object/:id/:otherId`: both records side by side, a choice per property, then merge. */
export function MergeScreen() {
  const { object = '', id = '', otherId = '' } = useParams();
  const definition = useDefinition(object);
  const survivor = useGetOne<RecordValues>(object, { id }, { enabled: definition !== undefined });
  const other = useGetOne<RecordValues>(
    object,
    { id: otherId },
    { enabled: definition !== undefined },
  );
  if (!definition || survivor.isPending || other.isPending) {
    return <Loading />;
  }
  if (!survivor.data || !other.data) {
    return <Alert severity="error">One of the two records no longer exists.</Alert>;
  }
  return (
    <>
      <Title title={`Merge ${definition.labels.plural.toLowerCase()}`} />
      <MergeTable definition={definition} survivor={survivor.data} other={other.data} />
    </>
  );
}
