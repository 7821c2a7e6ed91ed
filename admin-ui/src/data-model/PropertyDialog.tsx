import {
  Box,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Button as MuiButton,
} from '@mui/material';
import { useState } from 'react';
import {
  ArrayInput,
  BooleanInput,
  Form,
  NullableBooleanInput,
  NumberInput,
  required,
  ResourceContextProvider,
  SaveButton,
  SelectInput,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { EnumerationOption, PropertyDefinition, PropertyType } from 'src/definitions/types';
import { JsonInput } from 'src/records/JsonInput';
import { DerivedValue, RefusalAlert } from './formHelpers';
import { allows, PROPERTY_TYPE_CHOICES, propertyNameProblem, toIdentifier } from './propertyRules';
import type { Refusal } from './refusal';

const TEXT_LIKE: readonly PropertyType[] = ['text', 'long_text', 'email', 'phone', 'url'];

function OptionsEditor() {
  return (
    <ArrayInput source="options" label="Options" validate={required()}>
      <SimpleFormIterator inline disableClear>
        <TextInput source="label" label="Label" validate={required()} helperText={false} />
        <TextInput source="value" label="Stored value" helperText={false} />
      </SimpleFormIterator>
    </ArrayInput>
  );
}

/** The default value, entered the way the property's own values are. */
function DefaultInput({ type }: { type: PropertyType }) {
  const options = useWatch({ name: 'options' }) as EnumerationOption[] | undefined;
  const label = 'Default value';
  switch (type) {
    case 'enumeration':
      return (
        <SelectInput
          source="default"
          label={label}
          choices={(options ?? []).filter((o) => o?.label)}
          optionValue="value"
          optionText="label"
          emptyText="None"
          helperText={false}
        />
      );
    case 'boolean':
      return <NullableBooleanInput source="default" label={label} helperText={false} />;
    case 'number':
    case 'integer':
    case 'percent':
      return <NumberInput source="default" label={label} helperText={false} />;
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
    case 'currency':
    case 'date':
      return (
        <TextInput
          source="default"
          label={label}
          helperText={type === 'date' ? 'YYYY-MM-DD' : false}
        />
      );
    case 'datetime':
    case 'multi_enumeration':
    case 'json':
      return null;
  }
}

/** The inputs of one property's type, shown only where the meta-schema allows the key. */
function TypeSpecificInputs() {
  const type = useWatch({ name: 'type' }) as PropertyType | undefined;
  if (!type) {
    return null;
  }
  const flag = (key: keyof PropertyDefinition, label: string, helperText: string) =>
    allows(type, key) ? <BooleanInput source={key} label={label} helperText={helperText} /> : null;
  return (
    <>
      {type === 'enumeration' || type === 'multi_enumeration' ? <OptionsEditor /> : null}
      {allows(type, 'max_items') ? (
        <NumberInput source="max_items" label="At most this many" min={1} />
      ) : null}
      {TEXT_LIKE.includes(type) ? (
        <Box
          sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2 }}
        >
          <NumberInput source="min_length" label="Minimum length" min={0} helperText={false} />
          <NumberInput source="max_length" label="Maximum length" min={1} helperText={false} />
        </Box>
      ) : null}
      {allows(type, 'pattern') ? (
        <TextInput
          source="pattern"
          label="Pattern (regular expression)"
          helperText="e.g. ^[A-Z]{3}-[0-9]+$"
        />
      ) : null}
      {allows(type, 'minimum') ? (
        <Box
          sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2 }}
        >
          <NumberInput source="minimum" label="Minimum" helperText={false} />
          <NumberInput source="maximum" label="Maximum" helperText={false} />
        </Box>
      ) : null}
      {allows(type, 'precision') ? (
        <NumberInput
          source="precision"
          label="Decimal places"
          min={0}
          max={6}
          helperText="2 when empty"
        />
      ) : null}
      {type === 'json' ? (
        <JsonInput
          source="schema"
          label="JSON Schema of the value (optional)"
          helperText='e.g. {"type": "object"}'
        />
      ) : null}
      {allows(type, 'transitions') ? (
        <JsonInput
          source="transitions"
          label="Transitions (optional)"
          helperText='README "Pipelines": initial, closed, moves {"from": ["to", …]}, on_enter {state: {required, stamp}}, overrides'
        />
      ) : null}
      {allows(type, 'pipelines') ? (
        <JsonInput
          source="pipelines"
          label="Pipelines (optional)"
          helperText='{"property": "<selector>", "items": [{"name", "stages": [{"value", "label", "probability", "retired"}], "transitions"}]}; retiring a stage in use is refused'
        />
      ) : null}
      <DefaultInput type={type} />
      {flag('required', 'Required', 'Every record must have a value')}
      {flag('unique', 'Unique', 'No two records share a value')}
      {flag('read_only', 'Read-only', 'Shown, never edited through the API or the screens')}
      {flag('indexed', 'Indexed', 'Faster filters and sorting on large objects')}
    </>
  );
}

export interface PropertyDialogProps {
  /** The property being edited; undefined adds a new one. */
  property?: PropertyDefinition;
  objectLabel: string;
  onClose: () => void;
  /** Saves; resolves to the refusal when the server said no. */
  onSave: (values: Record<string, unknown>) => Promise<Refusal | undefined>;
}

export function PropertyDialog({ property, objectLabel, onClose, onSave }: PropertyDialogProps) {
  const [refusal, setRefusal] = useState<Refusal>();
  const isNew = property === undefined;
  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    const found = await onSave(values);
    setRefusal(found);
    return found?.errors;
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="property-dialog-title">
      {/* Array inputs (the options editor) need a resource: the properties of a definition. */}
      <ResourceContextProvider value="object-definitions">
        <Form onSubmit={submit} defaultValues={property ?? { type: 'text', label: '', name: '' }}>
          <DialogTitle id="property-dialog-title">
            {isNew ? `New property of ${objectLabel}` : `${property.label} (${property.name})`}
          </DialogTitle>
          <DialogContent>
            <RefusalAlert refusal={refusal} />
            <TextInput source="label" label="Label" validate={required()} helperText={false} />
            {isNew ? <DerivedValue source="label" target="name" derive={toIdentifier} /> : null}
            <TextInput
              source="name"
              label="API name"
              validate={isNew ? [required(), propertyNameProblem] : required()}
              readOnly={!isNew}
              helperText={isNew ? 'snake_case; cannot change later' : 'cannot change'}
            />
            <SelectInput
              source="type"
              label="Type"
              choices={PROPERTY_TYPE_CHOICES}
              validate={required()}
              helperText={false}
            />
            <TextInput source="description" label="Description" multiline helperText={false} />
            <TypeSpecificInputs />
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={onClose}>Cancel</MuiButton>
            <SaveButton label={isNew ? 'Add property' : 'Save property'} alwaysEnable />
          </DialogActions>
        </Form>
      </ResourceContextProvider>
    </Dialog>
  );
}
