import EditNoteIcon from '@mui/icons-material/EditNote';
import {
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Button as MuiButton,
  Stack,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import {
  Button,
  useListContext,
  useNotify,
  useRefresh,
  useResourceContext,
  useUnselectAll,
  useUpdateMany,
} from 'react-admin';
import { sortedOptions } from 'src/definitions/properties';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';

/** Enumerations a user may bulk-set: single-valued and writable (a deal's stage, a task's status). */
export function bulkSettable(definition: ObjectDefinition): PropertyDefinition[] {
  return definition.properties.filter((p) => p.type === 'enumeration' && !p.read_only);
}

/**
 * Sets one enumeration on every selected record. ra-data-simple-rest's updateMany PUTs only the
 * changed field per id, and the API merges it (docs/architecture.md).
 */
export function BulkSetButton({ definition }: { definition: ObjectDefinition }) {
  const properties = bulkSettable(definition);
  const resource = useResourceContext();
  const { selectedIds } = useListContext();
  const [isOpen, setIsOpen] = useState(false);
  const [propertyName, setPropertyName] = useState(properties[0]?.name ?? '');
  const [value, setValue] = useState('');
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll(resource ?? definition.name);
  const [updateMany, { isPending }] = useUpdateMany();
  const property = properties.find((p) => p.name === propertyName);
  if (properties.length === 0) {
    return null;
  }
  const apply = () => {
    void updateMany(
      resource ?? definition.name,
      { ids: selectedIds, data: { [propertyName]: value } },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify(`${selectedIds.length} ${definition.labels.plural.toLowerCase()} updated`, {
            type: 'success',
          });
          setIsOpen(false);
          unselectAll();
          refresh();
        },
        onError: (error) =>
          notify(error instanceof Error ? error.message : String(error), { type: 'error' }),
      },
    );
  };
  return (
    <>
      <Button label="Set…" onClick={() => setIsOpen(true)}>
        <EditNoteIcon />
      </Button>
      <Dialog open={isOpen} onClose={() => setIsOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>
          Set a value on {selectedIds.length} {definition.labels.plural.toLowerCase()}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              select
              label="Property"
              value={propertyName}
              onChange={(event) => {
                setPropertyName(event.target.value);
                setValue('');
              }}
            >
              {properties.map((p) => (
                <MenuItem key={p.name} value={p.name}>
                  {p.label}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              label="New value"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            >
              {(property ? sortedOptions(property) : []).map((option) => (
                <MenuItem key={option.value} value={option.value}>
                  {option.label}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setIsOpen(false)}>Cancel</MuiButton>
          <MuiButton variant="contained" disabled={value === '' || isPending} onClick={apply}>
            Apply
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
}
