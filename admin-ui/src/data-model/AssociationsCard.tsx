import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Button as MuiButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  Confirm,
  Form,
  required,
  SaveButton,
  SelectInput,
  TextInput,
  useNotify,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import {
  associationsApi,
  sidesOf,
  type AssociationDefinitionInput,
  type Cardinality,
  type LinkSide,
} from 'src/definitions/associations';
import type { ObjectDefinition } from 'src/definitions/types';
import {
  useAssociationDefinitions,
  useDefinitions,
  useRefreshDefinitions,
} from 'src/definitions/useDefinitions';
import { DerivedValue, RefusalAlert, RowAction } from './formHelpers';
import { toIdentifier } from './propertyRules';
import { refusalOf, type Refusal } from './refusal';

/** "Many deals → one company": the cardinality in the words of the two objects. */
export function describeCardinality(cardinality: Cardinality, from: string, to: string): string {
  switch (cardinality) {
    case 'many_to_one':
      return `Many ${from} → one ${to}`;
    case 'one_to_many':
      return `One ${from} → many ${to}`;
    case 'one_to_one':
      return `One ${from} ↔ one ${to}`;
    case 'many_to_many':
      return `Many ${from} ↔ many ${to}`;
  }
}

function sideKind(side: LinkSide): string {
  return side.referenceField ? `one (${side.referenceField})` : 'many';
}

interface NewAssociationValues {
  to: string;
  cardinality: Cardinality;
  from_side: { name: string; label: string };
  to_side: { name: string; label: string };
}

function CardinalityInput({
  definition,
  byName,
}: {
  definition: ObjectDefinition;
  byName: Map<string, ObjectDefinition>;
}) {
  const to = useWatch({ name: 'to' }) as string | undefined;
  const other = (to && byName.get(to)?.labels.plural.toLowerCase()) || 'records';
  const mine = definition.labels.plural.toLowerCase();
  const choices = (['many_to_one', 'one_to_many', 'one_to_one', 'many_to_many'] as const).map(
    (id) => ({
      id,
      name: describeCardinality(id, mine, other),
    }),
  );
  return (
    <SelectInput source="cardinality" label="Cardinality" choices={choices} validate={required()} />
  );
}

function AddAssociationDialog({
  definition,
  onClose,
}: {
  definition: ObjectDefinition;
  onClose: () => void;
}) {
  const { data: definitions = [] } = useDefinitions();
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const [refusal, setRefusal] = useState<Refusal>();
  const notify = useNotify();
  const refresh = useRefreshDefinitions();
  const save = async (values: Record<string, unknown>) => {
    const form = values as unknown as NewAssociationValues;
    const input: AssociationDefinitionInput = {
      name: `${definition.name}_${form.from_side.name}`.slice(0, 63),
      from: definition.name,
      to: form.to,
      cardinality: form.cardinality,
      from_side: form.from_side,
      to_side: form.to_side,
    };
    try {
      await associationsApi.create(input);
      await refresh();
      notify(`${form.from_side.label} added to ${definition.labels.plural}`, { type: 'success' });
      onClose();
      return undefined;
    } catch (error) {
      const found = refusalOf(error);
      setRefusal(found);
      return found.errors;
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="association-dialog-title"
    >
      <Form
        onSubmit={save}
        defaultValues={{
          cardinality: 'many_to_one',
          from_side: { label: '', name: '' },
          to_side: { label: '', name: '' },
        }}
      >
        <DialogTitle id="association-dialog-title">
          New association of {definition.labels.plural}
        </DialogTitle>
        <DialogContent>
          <RefusalAlert refusal={refusal} />
          <SelectInput
            source="to"
            label="Linked object"
            choices={definitions.map((d) => ({ id: d.name, name: d.labels.plural }))}
            validate={required()}
          />
          <CardinalityInput definition={definition} byName={byName} />
          <TextInput
            source="from_side.label"
            label={`Label on ${definition.labels.plural.toLowerCase()}`}
            helperText="e.g. Customer"
            validate={required()}
          />
          <DerivedValue source="from_side.label" target="from_side.name" derive={toIdentifier} />
          <TextInput
            source="from_side.name"
            label="API name of that side"
            helperText="its records' <name>_id when one"
            validate={required()}
          />
          <TextInput
            source="to_side.label"
            label="Label on the linked object"
            helperText={`e.g. ${definition.labels.plural}`}
            validate={required()}
          />
          <DerivedValue source="to_side.label" target="to_side.name" derive={toIdentifier} />
          <TextInput
            source="to_side.name"
            label="API name of the other side"
            validate={required()}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onClose}>Cancel</MuiButton>
          <SaveButton label="Add association" alwaysEnable />
        </DialogActions>
      </Form>
    </Dialog>
  );
}

/** Settings → Data model → object: its associations, from this object's side. */
export function AssociationsCard({ definition }: { definition: ObjectDefinition }) {
  const { data: associations = [] } = useAssociationDefinitions();
  const { data: definitions = [] } = useDefinitions();
  const [isAdding, setIsAdding] = useState(false);
  const [removing, setRemoving] = useState<LinkSide>();
  const [refusal, setRefusal] = useState<Refusal>();
  const notify = useNotify();
  const refresh = useRefreshDefinitions();
  const sides = sidesOf(definition.name, associations);
  const labelOf = (name: string) => definitions.find((d) => d.name === name)?.labels.plural ?? name;
  const remove = async (side: LinkSide) => {
    setRemoving(undefined);
    try {
      await associationsApi.remove(side.association.name);
      await refresh();
      notify(`${side.label} removed`, { type: 'success' });
      setRefusal(undefined);
    } catch (error) {
      setRefusal(refusalOf(error));
    }
  };
  return (
    <Card variant="outlined">
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
            Associations
          </Typography>
          <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setIsAdding(true)}>
            Add association
          </Button>
        </Box>
        <RefusalAlert refusal={refusal} />
        {sides.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No associations yet.
          </Typography>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Associations">
              <TableHead>
                <TableRow>
                  <TableCell>Label</TableCell>
                  <TableCell>Linked object</TableCell>
                  <TableCell>Each record has</TableCell>
                  <TableCell>Seen from there as</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {sides.map((side) => (
                  <TableRow key={`${side.association.name}-${side.name}`}>
                    <TableCell>
                      {side.label}
                      {side.association.is_system ? (
                        <Chip size="small" label="system" sx={{ ml: 1 }} />
                      ) : null}
                    </TableCell>
                    <TableCell>{labelOf(side.otherObject)}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{sideKind(side)}</TableCell>
                    <TableCell>{side.otherSide.label}</TableCell>
                    <TableCell align="right">
                      {side.association.is_system ? null : (
                        <RowAction
                          label={`Remove ${side.label}`}
                          icon={<DeleteIcon fontSize="small" />}
                          onClick={() => setRemoving(side)}
                        />
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
      {isAdding ? (
        <AddAssociationDialog definition={definition} onClose={() => setIsAdding(false)} />
      ) : null}
      <Confirm
        isOpen={removing !== undefined}
        title={removing ? `Remove ${removing.label}?` : ''}
        content="The association disappears from both objects' screens and the API."
        confirm="Remove"
        onConfirm={() => (removing ? void remove(removing) : undefined)}
        onClose={() => setRemoving(undefined)}
      />
    </Card>
  );
}
