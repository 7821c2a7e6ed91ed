import { useMemo } from 'react';
import { Create } from 'react-admin';
import type { ObjectDefinition } from 'src/definitions/types';
import { RecordForm } from './RecordForm';
import type { RecordViewProps } from './RecordList';
import { noReferences, type ReferencesResolver } from './references';

/** The definition's defaults, pre-filled so the user sees what the server would store. */
export function defaultValuesOf(definition: ObjectDefinition): Record<string, unknown> {
  return Object.fromEntries(
    definition.properties
      .filter((property) => property.default !== undefined)
      .map((property) => [property.name, property.default]),
  );
}

export function RecordCreate({
  definition,
  references = noReferences,
}: RecordViewProps & { references?: ReferencesResolver }) {
  const defaultValues = useMemo(() => defaultValuesOf(definition), [definition]);
  return (
    <Create title={`New ${definition.labels.singular.toLowerCase()}`} redirect="show">
      <RecordForm
        definition={definition}
        defaultValues={defaultValues}
        extraInputs={references(definition).inputs}
      />
    </Create>
  );
}
