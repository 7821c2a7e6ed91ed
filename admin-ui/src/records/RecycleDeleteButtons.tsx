import { BulkDeleteButton, DeleteButton, useResourceContext, type Identifier } from 'react-admin';
import { MOVED_TO_RECYCLE_BIN, useRecycleBinNotice } from './RecycleBinNotice';

/** Delete (pessimistic): the record goes to the recycle bin, and the notice offers Undo. */
export function RecycleDeleteButton() {
  const resource = useResourceContext() ?? '';
  const notice = useRecycleBinNotice();
  return (
    <DeleteButton
      mutationMode="pessimistic"
      successMessage={MOVED_TO_RECYCLE_BIN}
      mutationOptions={{
        onSuccess: (_data: unknown, variables: { id?: Identifier }) =>
          notice(resource, variables.id === undefined ? [] : [variables.id]),
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
