import AddIcon from '@mui/icons-material/Add';
import ListIcon from '@mui/icons-material/List';
import { Alert, Box, Button, Card, CardContent, Chip, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Confirm,
  Form,
  Link,
  Loading,
  SaveButton,
  SelectInput,
  Title,
  Toolbar,
  useNavigate,
  useNotify,
} from 'react-admin';
import { useParams } from 'react-router-dom';
import { definitionsApi, type ObjectDefinitionChanges } from 'src/definitions/definitionsApi';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { useDefinitions, useRefreshDefinitions } from 'src/definitions/useDefinitions';
import { AssociationsCard } from './AssociationsCard';
import { DATA_MODEL_PATH } from './DataModelList';
import { ObjectAppearanceInputs, RefusalAlert } from './formHelpers';
import { IdentityRulesCard } from './IdentityRulesCard';
import { PropertyDialog } from './PropertyDialog';
import { cleanProperty, propertyChanges } from './propertyRules';
import { PropertyTable, type AutoIndexChange } from './PropertyTable';
import { refusalOf, type Refusal } from './refusal';

const APPEARANCE_KEYS = [
  'labels',
  'description',
  'primary_display_property',
  'icon',
  'color',
] as const;

/** Only what changed is PATCHed; a cleared field is sent as null (removed). */
export function definitionChanges(
  definition: ObjectDefinition,
  values: Record<string, unknown>,
): ObjectDefinitionChanges {
  const changes: Record<string, unknown> = {};
  for (const key of APPEARANCE_KEYS) {
    const before = definition[key] ?? null;
    const after = values[key] === '' || values[key] === undefined ? null : values[key];
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      changes[key] = after;
    }
  }
  return changes;
}

function AppearanceForm({ definition }: { definition: ObjectDefinition }) {
  const [refusal, setRefusal] = useState<Refusal>();
  const notify = useNotify();
  const refreshDefinitions = useRefreshDefinitions();
  const save = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    const changes = definitionChanges(definition, values);
    if (Object.keys(changes).length === 0) {
      return undefined;
    }
    try {
      await definitionsApi.update(definition.name, changes);
      await refreshDefinitions();
      notify(`${definition.labels.singular} saved`, { type: 'success' });
      return undefined;
    } catch (error) {
      const found = refusalOf(error);
      setRefusal(found);
      return found.errors;
    }
  };
  return (
    <Form onSubmit={save} record={definition}>
      <CardContent>
        <RefusalAlert refusal={refusal} />
        <ObjectAppearanceInputs />
        <SelectInput
          source="primary_display_property"
          label="Primary display property"
          choices={definition.properties.filter((p) => p.type === 'text' || p.type === 'email')}
          optionValue="name"
          optionText="label"
          helperText="Names each record in lists, titles and references"
        />
      </CardContent>
      <Toolbar>
        <SaveButton label="Save object" />
      </Toolbar>
    </Form>
  );
}

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; property: PropertyDefinition }
  | { kind: 'remove'; property: PropertyDefinition }
  | { kind: 'archive' };

function useChangeRunner() {
  const notify = useNotify();
  const refreshDefinitions = useRefreshDefinitions();
  /** Runs one change; resolves to the refusal, if any, after the definitions were re-read. */
  return async (change: () => Promise<unknown>, success: string): Promise<Refusal | undefined> => {
    try {
      await change();
      await refreshDefinitions();
      notify(success, { type: 'success' });
      return undefined;
    } catch (error) {
      return refusalOf(error);
    }
  };
}

/** Settings → Data model → one object: its appearance, its properties, and archiving it. */
export function ObjectDefinitionEdit() {
  const { name } = useParams<{ name: string }>();
  const { data: definitions, isPending } = useDefinitions();
  const definition = definitions?.find((d) => d.name === name);
  if (isPending) {
    return <Loading />;
  }
  if (!definition) {
    return (
      <Box sx={{ py: 2 }}>
        <Title title="Data model" />
        <Alert severity="warning">
          No object named “{name}”. <Link to={DATA_MODEL_PATH}>Back to the data model</Link>
        </Alert>
      </Box>
    );
  }
  return <DefinitionEditor key={definition.name} definition={definition} />;
}

function DefinitionEditor({ definition }: { definition: ObjectDefinition }) {
  const [dialog, setDialog] = useState<Dialog>();
  const [refusal, setRefusal] = useState<Refusal>();
  const navigate = useNavigate();
  const run = useChangeRunner();
  const close = () => setDialog(undefined);
  const saveProperty = async (values: Record<string, unknown>) => {
    const property = cleanProperty(values);
    if (dialog?.kind === 'edit') {
      const changes = propertyChanges(dialog.property, property);
      const found = await run(
        () => definitionsApi.updateProperty(definition.name, dialog.property.name, changes),
        `${property.label} saved`,
      );
      if (!found) {
        close();
      }
      return found;
    }
    const found = await run(
      () => definitionsApi.addProperty(definition.name, property),
      `${property.label} added to ${definition.labels.plural}`,
    );
    if (!found) {
      close();
    }
    return found;
  };
  const confirmRemove = async (property: PropertyDefinition) => {
    close();
    setRefusal(
      await run(
        () => definitionsApi.removeProperty(definition.name, property.name),
        `${property.label} removed`,
      ),
    );
  };
  const changeAutoIndex = async (property: PropertyDefinition, change: AutoIndexChange) => {
    const done =
      change === 'pinned'
        ? `Index of ${property.label} pinned`
        : change === 'dropped'
          ? `Index of ${property.label} dropped`
          : `Plinth may index ${property.label} again`;
    // null removes the key: Plinth may build the index from use again.
    const changes: Record<string, unknown> = { auto_index: change };
    setRefusal(
      await run(() => definitionsApi.updateProperty(definition.name, property.name, changes), done),
    );
  };
  const confirmArchive = async () => {
    close();
    const found = await run(
      () => definitionsApi.archive(definition.name),
      `${definition.labels.plural} archived`,
    );
    setRefusal(found);
    if (!found) {
      navigate(DATA_MODEL_PATH);
    }
  };
  return (
    <Box sx={{ py: 2, display: 'grid', gap: 2 }}>
      <Title title={`Data model: ${definition.labels.plural}`} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          {definition.labels.plural}{' '}
          <Chip
            size="small"
            label={definition.is_system ? 'System' : 'Custom'}
            sx={{ verticalAlign: 'middle' }}
          />
        </Typography>
        <Button component={Link} to={`/${definition.name}`} startIcon={<ListIcon />}>
          Open records
        </Button>
      </Box>
      <RefusalAlert refusal={refusal} />
      <Card variant="outlined">
        <CardContent>
          <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
            <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
              Properties
            </Typography>
            <Button
              variant="contained"
              startIcon={<AddIcon />}
              onClick={() => setDialog({ kind: 'add' })}
            >
              Add property
            </Button>
          </Box>
          <PropertyTable
            definition={definition}
            onEdit={(property) => setDialog({ kind: 'edit', property })}
            onRemove={(property) => setDialog({ kind: 'remove', property })}
            onAutoIndex={(property, change) => void changeAutoIndex(property, change)}
          />
        </CardContent>
      </Card>
      <AssociationsCard definition={definition} />
      <Card variant="outlined">
        <CardContent sx={{ pb: 0 }}>
          <Typography variant="h6" component="h2">
            Object
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
            /api/objects/{definition.name} · version {definition.version}
          </Typography>
        </CardContent>
        <AppearanceForm definition={definition} />
      </Card>
      <IdentityRulesCard definition={definition} />
      {definition.is_system ? null : (
        <Card variant="outlined" sx={{ borderColor: 'error.light' }}>
          <CardContent sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
            <Typography variant="body2" sx={{ flexGrow: 1 }}>
              Archiving hides {definition.labels.plural.toLowerCase()} from the API and these
              screens.
            </Typography>
            <Button color="error" variant="outlined" onClick={() => setDialog({ kind: 'archive' })}>
              Archive object
            </Button>
          </CardContent>
        </Card>
      )}
      {dialog?.kind === 'add' || dialog?.kind === 'edit' ? (
        <PropertyDialog
          property={dialog.kind === 'edit' ? dialog.property : undefined}
          objectLabel={definition.labels.plural}
          onClose={close}
          onSave={saveProperty}
        />
      ) : null}
      <Confirm
        isOpen={dialog?.kind === 'remove'}
        title={dialog?.kind === 'remove' ? `Remove ${dialog.property.label}?` : ''}
        content="Its values disappear from every record's screens and API responses."
        confirm="Remove"
        onConfirm={() =>
          dialog?.kind === 'remove' ? void confirmRemove(dialog.property) : undefined
        }
        onClose={close}
      />
      <Confirm
        isOpen={dialog?.kind === 'archive'}
        title={`Archive ${definition.labels.plural}?`}
        content="The object and its records leave the menu and the API."
        confirm="Archive"
        onConfirm={() => void confirmArchive()}
        onClose={close}
      />
    </Box>
  );
}
