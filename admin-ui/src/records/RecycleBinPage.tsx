import {
  Box,
  Button,
  Card,
  CardContent,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useMemo, useState } from 'react';
import { Confirm, Loading, Title, useGetList, useNotify, type RaRecord } from 'react-admin';
import { canOn, objectAccess, visibleDefinition, type ObjectAccess } from 'src/auth/permissions';
import { useSession } from 'src/auth/useSession';
import { recordTitle } from 'src/definitions/properties';
import type { ObjectDefinition } from 'src/definitions/types';
import { useDefinitions } from 'src/definitions/useDefinitions';
import { recycleBinApi, type RecycleBinApi } from './recycleBinApi';

const PAGE_SIZE = 50;

type DeletedRecord = RaRecord & {
  owner_id?: string | null;
  archived_at?: string;
  archived_by?: string | null;
};

function DeletedRecords({
  definition,
  canPurge,
  access,
  api,
}: {
  definition: ObjectDefinition;
  canPurge: boolean;
  access: ObjectAccess;
  api: RecycleBinApi;
}) {
  const notify = useNotify();
  const [purging, setPurging] = useState<DeletedRecord | null>(null);
  const { data, total, isPending, error, refetch } = useGetList<DeletedRecord>(definition.name, {
    filter: { archived: true },
    pagination: { page: 1, perPage: PAGE_SIZE },
    sort: { field: 'created_at', order: 'DESC' },
  });
  const act = async (action: () => Promise<void>, message: string) => {
    try {
      await action();
      notify(message, { type: 'info', messageArgs: { smart_count: 1 } });
    } catch (failure) {
      notify(failure instanceof Error ? failure.message : String(failure), { type: 'error' });
    }
    await refetch();
  };
  if (isPending) {
    return <Loading />;
  }
  if (error) {
    return <Typography color="error">{error.message}</Typography>;
  }
  if (!data || data.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ py: 2 }}>
        No deleted {definition.labels.plural.toLowerCase()}.
      </Typography>
    );
  }
  return (
    <>
      <Table size="small" aria-label={`Deleted ${definition.labels.plural}`}>
        <TableHead>
          <TableRow>
            <TableCell>{definition.labels.singular}</TableCell>
            <TableCell>Deleted</TableCell>
            <TableCell>Deleted by</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((record) => (
            <TableRow key={record.id}>
              <TableCell>{recordTitle(definition, record)}</TableCell>
              <TableCell>
                {record.archived_at ? new Date(record.archived_at).toLocaleString() : ''}
              </TableCell>
              <TableCell>{record.archived_by ?? ''}</TableCell>
              <TableCell align="right">
                {canOn(access, 'delete', record) ? (
                  <Button
                    size="small"
                    onClick={() =>
                      void act(
                        () => api.restore(definition.name, String(record.id)),
                        'plinth.notification.restored',
                      )
                    }
                  >
                    Restore
                  </Button>
                ) : null}
                {canPurge ? (
                  <Button size="small" color="error" onClick={() => setPurging(record)}>
                    Delete permanently
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {total !== undefined && total > data.length ? (
        <Typography variant="body2" color="text.secondary" sx={{ pt: 1 }}>
          The {data.length} most recently created of {total}.
        </Typography>
      ) : null}
      <Confirm
        isOpen={purging !== null}
        title="Delete permanently?"
        content="The record, its links and its unique values are removed for good. This cannot be undone."
        onConfirm={() => {
          const record = purging;
          setPurging(null);
          if (record) {
            void act(
              () => api.purge(definition.name, String(record.id)),
              'plinth.notification.purged',
            );
          }
        }}
        onClose={() => setPurging(null)}
      />
    </>
  );
}

/**
 * The recycle bin: the deleted records of one object at a time, who deleted them and when;
 * Restore where the role may delete the record, Delete permanently for roles that manage the
 * data model (README, "Recycle bin").
 */
export function RecycleBinPage({ api = recycleBinApi() }: { api?: RecycleBinApi }) {
  const { data: me } = useSession();
  const { data: definitions } = useDefinitions();
  const readable = useMemo(
    () =>
      me
        ? (definitions ?? [])
            .filter((d) => objectAccess(me.permissions, d.name).read !== 'none')
            .map((d) => visibleDefinition(d, me.permissions))
            .sort((a, b) => a.labels.plural.localeCompare(b.labels.plural))
        : [],
    [me, definitions],
  );
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const definition = readable.find((d) => d.name === chosen) ?? readable[0];
  if (!me || !definitions) {
    return <Loading />;
  }
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Recycle bin" />
      <CardContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Deleted records stay here until they are restored or purged (after the retention period,
          90 days unless the server sets another).
        </Typography>
        <Box sx={{ mb: 2 }}>
          <TextField
            select
            label="Object"
            size="small"
            value={definition?.name ?? ''}
            onChange={(event) => setChosen(event.target.value)}
            sx={{ minWidth: 240 }}
          >
            {readable.map((d) => (
              <MenuItem key={d.name} value={d.name}>
                {d.labels.plural}
              </MenuItem>
            ))}
          </TextField>
        </Box>
        {definition ? (
          <DeletedRecords
            key={definition.name}
            definition={definition}
            canPurge={me.permissions.manage_data_model}
            access={objectAccess(me.permissions, definition.name, me.member?.id ?? null)}
            api={api}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
