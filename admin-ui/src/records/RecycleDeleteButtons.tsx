import {
  BulkDeleteButton,
  DeleteButton,
  useRedirect,
  useResourceContext,
  type Identifier,
} from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { MOVED_TO_RECYCLE_BIN, useRecycleBinNotice } from './RecycleBinNotice';

/**
 * Delete (pessimistic): the record goes to the recycle bin, the notice offers Undo, and the page
 * goes back to the list. This `onSuccess` replaces react-admin's own, so it does that one's
 * redirect too (after clearing the form's dirty state, which would block it on the edit page).
 */
export function RecycleDeleteButton() {
  const resource = useResourceContext() ?? '';
  const notice = useRecycleBinNotice();
  const redirect = useRedirect();
  // null on the show page, which has no form
  const form = useFormContext() as ReturnType<typeof useFormContext> | null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      successMessage={MOVED_TO_RECYCLE_BIN}
      mutationOptions={{
        onSuccess: (_data: unknown, variables: { id?: Identifier }) => {
          notice(resource, variables.id === undefined ? [] : [variables.id]);
          form?.reset(undefined, { keepValues: true });
          redirect('list', resource);
        },
      }}
    />
  );
}

/** The list's bulk delete, to the recycle bin likewise. */
export function RecycleBulkDeleteButton() {
  const resource = useResourceContext() ?? '';
  const notice = useRecycleBinNotice();
  return (
    <BulkDeleteButton
      mutationMode="pessimistic"
      successMessage={MOVED_TO_RECYCLE_BIN}
      mutationOptions={{
        onSuccess: (_data: unknown, variables: { ids?: Identifier[] }) =>
          notice(resource, variables.ids ?? []),
      }}
    />
  );
}
