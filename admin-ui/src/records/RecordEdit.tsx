import { Button } from '@mui/material';
import {
  Edit,
  HttpError,
  useCloseNotification,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { canOn, FULL_ACCESS, type ObjectAccess } from 'src/auth/permissions';
import { RECORD_CHANGED_MESSAGE } from 'src/dataProvider';
import { recordTitle } from 'src/definitions/properties';
import { RecordForm } from './RecordForm';
import type { RecordViewProps } from './RecordList';
import { noReferences, type ReferencesResolver } from './references';

function EditTitle({ definition }: RecordViewProps) {
  const record = useRecordContext();
  return <>{`${definition.labels.singular}: ${recordTitle(definition, record)}`}</>;
}

/** The conflict notification's action: load the other editor's version (the form keeps edits). */
function ReloadButton({ onReload }: { onReload: () => void }) {
  const translate = useTranslate();
  const close = useCloseNotification();
  return (
    <Button
      color="inherit"
      size="small"
      onClick={() => {
        onReload();
        close();
      }}
    >
      {translate('plinth.action.reload')}
    </Button>
  );
}

/**
 * A save refused with 412 (someone else changed the record since it was loaded) stays on screen
 * with a Reload action: reloading shows their changes and keeps the user's edited fields, so the
 * user can review and save again. Every other error gets react-admin's own handling.
 */
function useSaveErrorHandler() {
  const notify = useNotify();
  const refresh = useRefresh();
  return (error: unknown) => {
    const http = error instanceof HttpError ? error : undefined;
    if (http?.status === 412) {
      notify(RECORD_CHANGED_MESSAGE, {
        type: 'warning',
        autoHideDuration: null,
        action: <ReloadButton onReload={refresh} />,
      });
      return;
    }
    const fieldErrors = (http?.body as { errors?: object } | undefined)?.errors;
    if (fieldErrors && Object.keys(fieldErrors).length > 0) {
      // Pessimistic saves put these next to their inputs.
      return;
    }
    const message = error instanceof Error && error.message ? error.message : undefined;
    notify(message ?? 'ra.notification.http_error', {
      type: 'error',
      messageArgs: { _: message },
    });
  };
}

/** The form, with Delete only where the role may delete this record. */
function EditForm({
  definition,
  access,
  extraInputs,
}: RecordViewProps & { access: ObjectAccess; extraInputs: React.ReactNode[] }) {
  const record = useRecordContext<{ id: string; owner_id?: unknown }>();
  return (
    <RecordForm
      definition={definition}
      canDelete={canOn(access, 'delete', record)}
      extraInputs={extraInputs}
    />
  );
}

/**
 * Pessimistic, so the server answers before the form closes: its field errors (400 `errors`)
 * land next to their inputs, and a refusal leaves the user's input in place.
 */
export function RecordEdit({
  definition,
  references = noReferences,
  access = FULL_ACCESS,
}: RecordViewProps & { references?: ReferencesResolver; access?: ObjectAccess }) {
  const onError = useSaveErrorHandler();
  return (
    <Edit
      title={<EditTitle definition={definition} />}
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      redirect="show"
    >
      <EditForm
        definition={definition}
        access={access}
        extraInputs={references(definition).inputs}
      />
    </Edit>
  );
}
