import { Card, CardContent, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, SaveButton, SelectArrayInput, TextInput, Toolbar, useNotify } from 'react-admin';
import { definitionsApi, type ObjectDefinitionChanges } from 'src/definitions/definitionsApi';
import type { ObjectDefinition } from 'src/definitions/types';
import { useRefreshDefinitions } from 'src/definitions/useDefinitions';
import { RefusalAlert } from './formHelpers';
import { refusalOf, type Refusal } from './refusal';

const RULES_HELP =
  'A JSON list, e.g. [{"name": "same_email", "match": "exact", "properties": ["email"], "action": "warn"}, {"name": "similar_name", "match": "fuzzy", "threshold": 0.7, "action": "block"}]';
const KEYS_HELP =
  'Composite keys, e.g. [{"name": "vendor_country", "properties": ["vendor_code", "country"]}]';

function parsed(text: unknown): unknown {
  return typeof text === 'string' && text.trim() !== '' ? JSON.parse(text) : null;
}

/** The JSON fields' changes (a field that is not JSON is the form's error, by name). */
export function identityChanges(values: Record<string, unknown>): {
  changes: ObjectDefinitionChanges;
  errors: Record<string, string>;
} {
  const changes: Record<string, unknown> = {
    title_properties:
      Array.isArray(values.title_properties) && values.title_properties.length > 0
        ? values.title_properties
        : null,
  };
  const errors: Record<string, string> = {};
  for (const name of ['duplicate_rules_text', 'keys_text'] as const) {
    try {
      changes[name.replace('_text', '')] = parsed(values[name]);
    } catch {
      errors[name] = 'must be JSON';
    }
  }
  return { changes: changes, errors };
}

/**
 * Settings → Data model → an object's identity (README "People and companies"): its title
 * properties, composite keys and duplicate rules (exact or fuzzy, warn or block).
 */
export function IdentityRulesCard({ definition }: { definition: ObjectDefinition }) {
  const [refusal, setRefusal] = useState<Refusal>();
  const notify = useNotify();
  const refreshDefinitions = useRefreshDefinitions();
  const record = {
    title_properties: definition.title_properties ?? [],
    duplicate_rules_text: definition.duplicate_rules
      ? JSON.stringify(definition.duplicate_rules, null, 2)
      : '',
    keys_text: definition.keys ? JSON.stringify(definition.keys, null, 2) : '',
  };
  const save = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    const { changes, errors } = identityChanges(values);
    if (Object.keys(errors).length > 0) {
      return errors;
    }
    try {
      await definitionsApi.update(definition.name, changes);
      await refreshDefinitions();
      notify(`${definition.labels.singular} identity rules saved`, { type: 'success' });
      return undefined;
    } catch (error) {
      const found = refusalOf(error);
      setRefusal(found);
      return found.errors;
    }
  };
  return (
    <Card variant="outlined">
      <Form onSubmit={save} record={record}>
        <CardContent>
          <Typography variant="h6" component="h2">
            Identity and duplicates
          </Typography>
          <RefusalAlert refusal={refusal} />
          <SelectArrayInput
            source="title_properties"
            label="Title properties"
            choices={definition.properties.filter((p) => p.type === 'text')}
            optionValue="name"
            optionText="label"
            helperText="Joined by spaces, they title each record (else the primary display property)"
          />
          <TextInput
            source="duplicate_rules_text"
            label="Duplicate rules"
            multiline
            minRows={3}
            fullWidth
            helperText={RULES_HELP}
          />
          <TextInput
            source="keys_text"
            label="Composite keys"
            multiline
            minRows={2}
            fullWidth
            helperText={KEYS_HELP}
          />
        </CardContent>
        <Toolbar>
          <SaveButton label="Save identity rules" />
        </Toolbar>
      </Form>
    </Card>
  );
}
