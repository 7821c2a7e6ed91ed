import AddIcon from '@mui/icons-material/Add';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Tooltip,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  AutocompleteInput,
  Form,
  Link,
  ReferenceInput,
  required,
  useNotify,
  useRecordContext,
  type Identifier,
  type RaRecord,
} from 'react-admin';
import { associationsApi, type LinkSide } from 'src/definitions/associations';
import { recordTitle } from 'src/definitions/properties';
import type { ObjectDefinition } from 'src/definitions/types';

interface LinkedRecordsProps {
  side: LinkSide;
  other: ObjectDefinition | undefined;
  objectName: string;
}

const linkedQueryKey = (objectName: string, id: Identifier | undefined, side: string) => [
  'plinth',
  'linked',
  objectName,
  id,
  side,
];

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : 'The link could not be changed.';

/** "Add" on a many-to-many tab: pick an existing record of the other object and link it. */
function LinkExistingDialog({
  side,
  other,
  onClose,
  onLink,
}: {
  side: LinkSide;
  other: ObjectDefinition | undefined;
  onClose: () => void;
  onLink: (toId: Identifier) => Promise<void>;
}) {
  const [saving, setSaving] = useState(false);
  const noun = other ? other.labels.singular : side.label;
  const submit = async (values: Record<string, unknown>) => {
    const toId = values.to_id as Identifier | undefined;
    if (toId === undefined || toId === null || toId === '') {
      return;
    }
    setSaving(true);
    try {
      await onLink(toId);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="link-dialog-title">
      <Form onSubmit={submit} record={{}}>
        <DialogTitle id="link-dialog-title">Add {noun.toLowerCase()}</DialogTitle>
        <DialogContent>
          <ReferenceInput source="to_id" reference={side.otherObject}>
            <AutocompleteInput
              label={noun}
              validate={required()}
              helperText={false}
              {...(other ? { optionText: (choice: RaRecord) => recordTitle(other, choice) } : {})}
            />
          </ReferenceInput>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={saving}>
            Link
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
}

/**
 * Records linked on a to-many side without a reference field (many-to-many), listed through
 * `GET …/associations/{side}`; linked with `PUT …/{toId}` and unlinked with `DELETE …/{toId}`.
 */
export function LinkedRecords({ side, other, objectName }: LinkedRecordsProps) {
  const record = useRecordContext();
  const id = record?.id;
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const queryKey = linkedQueryKey(objectName, id, side.name);
  const { data, isPending, error } = useQuery({
    queryKey,
    queryFn: () => associationsApi.linked(objectName, id ?? '', side.name),
    enabled: id !== undefined,
  });
  const editable = side.association.cardinality === 'many_to_many' && id !== undefined;
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const link = async (toId: Identifier) => {
    try {
      await associationsApi.link(objectName, id ?? '', side.name, toId);
      setAdding(false);
      notify(`${other?.labels.singular ?? side.label} linked`, { type: 'info' });
    } catch (e) {
      notify(messageOf(e), { type: 'error' });
    }
    await refresh();
  };
  const unlink = async (toId: Identifier) => {
    try {
      await associationsApi.unlink(objectName, id ?? '', side.name, toId);
    } catch (e) {
      notify(messageOf(e), { type: 'error' });
    }
    await refresh();
  };

  const titleOf = (linked: Record<string, unknown>) =>
    other ? recordTitle(other, linked) : String(linked.id);
  let body: React.ReactNode;
  if (isPending) {
    body = <Typography variant="body2">Loading…</Typography>;
  } else if (error) {
    body = <Typography color="error">{error.message}</Typography>;
  } else if (data.records.length === 0) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No {side.label.toLowerCase()} yet.
      </Typography>
    );
  } else {
    body = (
      <List dense>
        {data.records.map((linked) => {
          const linkedId = linked.id as Identifier;
          const title = titleOf(linked);
          return (
            <ListItem
              key={String(linkedId)}
              disablePadding
              secondaryAction={
                editable ? (
                  <Tooltip title="Remove">
                    <IconButton
                      edge="end"
                      aria-label={`Remove ${title}`}
                      onClick={() => void unlink(linkedId)}
                    >
                      <LinkOffIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                ) : null
              }
            >
              <ListItemButton component={Link} to={`/${side.otherObject}/${String(linkedId)}/show`}>
                <ListItemText primary={title} />
              </ListItemButton>
            </ListItem>
          );
        })}
      </List>
    );
  }
  return (
    <>
      {editable ? (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button startIcon={<AddIcon />} size="small" onClick={() => setAdding(true)}>
            Add {(other?.labels.singular ?? side.label).toLowerCase()}
          </Button>
        </Box>
      ) : null}
      {body}
      {adding ? (
        <LinkExistingDialog
          side={side}
          other={other}
          onClose={() => setAdding(false)}
          onLink={link}
        />
      ) : null}
    </>
  );
}
