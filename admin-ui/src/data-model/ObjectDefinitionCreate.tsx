import { Box, Card, CardContent, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Form,
  required,
  SaveButton,
  TextInput,
  Title,
  Toolbar,
  useNavigate,
  useNotify,
} from 'react-admin';
import { definitionsApi } from 'src/definitions/definitionsApi';
import type { ObjectDefinitionInput } from 'src/definitions/types';
import { useRefreshDefinitions } from 'src/definitions/useDefinitions';
import { DATA_MODEL_PATH } from './DataModelList';
import { DerivedValue, ObjectAppearanceInputs, RefusalAlert } from './formHelpers';
import { toIdentifier } from './propertyRules';
import { refusalOf, type Refusal } from './refusal';

interface NewObjectValues {
  name: string;
  labels: { singular: string; plural: string };
  description?: string | null;
  icon?: string | null;
  color?: string | null;
  primary_label: string;
}

const pluralOf = (singular: string) => (singular ? `${singular.trim()}s` : '');

/**
 * A custom object starts with one required text property that names its records (the primary
 * display property, "Name" by default); the other properties are added on the next screen.
 */
export function toDefinitionInput(values: NewObjectValues): ObjectDefinitionInput {
  const primaryName = toIdentifier(values.primary_label);
  return {
    name: values.name.trim(),
    labels: { singular: values.labels.singular.trim(), plural: values.labels.plural.trim() },
    ...(values.description ? { description: values.description } : {}),
    ...(values.icon ? { icon: values.icon } : {}),
    ...(values.color ? { color: values.color } : {}),
    primary_display_property: primaryName,
    properties: [
      { name: primaryName, type: 'text', label: values.primary_label.trim(), required: true },
    ],
  };
}

export function ObjectDefinitionCreate() {
  const [refusal, setRefusal] = useState<Refusal>();
  const navigate = useNavigate();
  const notify = useNotify();
  const refreshDefinitions = useRefreshDefinitions();
  const save = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    const input = toDefinitionInput(values as unknown as NewObjectValues);
    try {
      const created = await definitionsApi.create(input);
      await refreshDefinitions();
      notify(`${created.labels.singular} created: now add its properties`, { type: 'success' });
      navigate(`${DATA_MODEL_PATH}/${created.name}`);
      return undefined;
    } catch (error) {
      const found = refusalOf(error);
      setRefusal(found);
      return found.errors;
    }
  };
  return (
    <Box sx={{ py: 2, maxWidth: 720 }}>
      <Title title="New object" />
      <Card variant="outlined">
        <Form
          onSubmit={save}
          defaultValues={{ labels: { singular: '', plural: '' }, name: '', primary_label: 'Name' }}
        >
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              New custom object
            </Typography>
            <RefusalAlert refusal={refusal} />
            <DerivedValue source="labels.singular" target="labels.plural" derive={pluralOf} />
            <DerivedValue source="labels.singular" target="name" derive={toIdentifier} />
            <ObjectAppearanceInputs />
            <TextInput
              source="name"
              label="API name"
              validate={required()}
              helperText="snake_case, used in URLs: /api/objects/{name}. Cannot change later."
            />
            <TextInput
              source="primary_label"
              label="Primary property label"
              validate={required()}
              helperText="The text property that names each record (e.g. Tracking number)"
            />
          </CardContent>
          <Toolbar>
            <SaveButton label="Create object" alwaysEnable />
          </Toolbar>
        </Form>
      </Card>
    </Box>
  );
}
