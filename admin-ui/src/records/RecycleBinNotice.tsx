import { Box, Button } from '@mui/material';
import { useState } from 'react';
import { useNotificationContext, useNotify, useRefresh, type Identifier } from 'react-admin';
import { recycleBinApi, type RecycleBinApi } from './recycleBinApi';

/** What a delete says first (react-admin's own notice): replaced at once by the one with Undo. */
export const MOVED_TO_RECYCLE_BIN = 'plinth.notification.moved_to_recycle_bin';

function RecycleBinNotice({
  resource,
  ids,
  api,
}: {
  resource: string;
  ids: Identifier[];
  api: RecycleBinApi;
}) {
  const notify = useNotify();
  const refresh = useRefresh();
  const [isUndone, setUndone] = useState(false);
  const undo = async () => {
    setUndone(true);
    try {
      for (const id of ids) {
        await api.restore(resource, String(id));
      }
      notify('plinth.notification.restored', {
        type: 'info',
        messageArgs: { smart_count: ids.length },
      });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    }
  };
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
      <span>
        {ids.length === 1
          ? 'Moved to the recycle bin.'
          : `${ids.length} records moved to the recycle bin.`}
      </span>
      <Button color="inherit" size="small" disabled={isUndone} onClick={() => void undo()}>
        Undo
      </Button>
    </Box>
  );
}

/**
 * After a delete: "Moved to the recycle bin" with Undo (a restore of each record). Given to
 * react-admin's delete buttons as their success message and `onSuccess`.
 */
export function useRecycleBinNotice(api: RecycleBinApi = recycleBinApi()) {
  const { setNotifications } = useNotificationContext();
  return (resource: string, ids: Identifier[]) => {
    // The button's own notice (MOVED_TO_RECYCLE_BIN) gives way to this one, which can undo.
    setNotifications((queued) => [
      ...queued.filter((notification) => notification.message !== MOVED_TO_RECYCLE_BIN),
      {
        message: <RecycleBinNotice resource={resource} ids={ids} api={api} />,
        type: 'info',
        notificationOptions: { autoHideDuration: 8000 },
      },
    ]);
  };
}
