import { Edit, useRecordContext } from 'react-admin';
import { recordTitle } from 'src/definitions/properties';
import { RecordForm } from './RecordForm';
import type { RecordViewProps } from './RecordList';
import { noReferences, type ReferencesResolver } from './references';

function EditTitle({ definition }: RecordViewProps) {
  const record = useRecordContext();
  return <>{`${definition.labels.singular}: ${recordTitle(definition, record)}`}</>;
}

/**
 * Pessimistic, so the server answers before the form closes: its field errors (400 `errors`)
 * land next to their inputs, and a refusal leaves the user's input in place.
 */
export function RecordEdit({
  definition,
  references = noReferences,
}: RecordViewProps & { references?: ReferencesResolver }) {
  return (
    <Edit title={<EditTitle definition={definition} />} mutationMode="pessimistic" redirect="show">
      <RecordForm definition={definition} canDelete extraInputs={references(definition).inputs} />
    </Edit>
  );
}
