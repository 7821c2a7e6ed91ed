import { Alert, Box, IconButton, Tooltip } from '@mui/material';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { required, SelectInput, TextInput, useRecordContext } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { OBJECT_ICONS } from 'src/layout/objectIcons';
import type { Refusal } from './refusal';

/**
 * Keeps `target` equal to `derive(source)` until the user edits `target` himself: names follow
 * labels ("Tracking number" → tracking_number) the way admins expect.
 */
export function DerivedValue({
  source,
  target,
  derive,
}: {
  source: string;
  target: string;
  derive: (value: string) => string;
}) {
  const value: unknown = useWatch({ name: source });
  const { setValue, getFieldState } = useFormContext();
  useEffect(() => {
    if (!getFieldState(target).isDirty) {
      setValue(target, derive(typeof value === 'string' ? value : ''), { shouldValidate: false });
    }
  }, [value, target, derive, setValue, getFieldState]);
  return null;
}

export function RefusalAlert({ refusal }: { refusal: Refusal | undefined }) {
  if (!refusal) {
    return null;
  }
  const details = Object.entries(refusal.errors ?? {});
  return (
    <Alert severity="error" sx={{ mb: 2, width: '100%', boxSizing: 'border-box' }} role="alert">
      {refusal.message}
      {details.length > 1 ? (
        <Box component="ul" sx={{ m: 0, pl: 2 }}>
          {details.map(([path, message]) => (
            <li key={path}>
              <code>{path}</code> {message}
            </li>
          ))}
        </Box>
      ) : null}
    </Alert>
  );
}

const ICON_CHOICES = Object.entries(OBJECT_ICONS).map(([id, Icon]) => ({ id, name: id, Icon }));

function IconChoice() {
  const record = useRecordContext<(typeof ICON_CHOICES)[number]>();
  if (!record) {
    return null;
  }
  const { Icon } = record;
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      <Icon />
      {record.name.replace(/_/g, ' ')}
    </Box>
  );
}

export const COLOR_CHOICES = [
  { id: '#1f4e79', name: 'Navy' },
  { id: '#2e7d6b', name: 'Teal' },
  { id: '#7b1fa2', name: 'Purple' },
  { id: '#c62828', name: 'Red' },
  { id: '#ef6c00', name: 'Orange' },
  { id: '#2e7d32', name: 'Green' },
  { id: '#5d4037', name: 'Brown' },
  { id: '#546e7a', name: 'Slate' },
];

/** Labels, description, icon and color: what an admin may change on any object. */
export function ObjectAppearanceInputs() {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, columnGap: 2 }}>
      <TextInput
        source="labels.singular"
        label="Singular label"
        helperText="e.g. Shipment"
        validate={required()}
      />
      <TextInput
        source="labels.plural"
        label="Plural label"
        helperText="e.g. Shipments"
        validate={required()}
      />
      <Box sx={{ gridColumn: '1 / -1' }}>
        <TextInput source="description" label="Description" multiline helperText={false} />
      </Box>
      <SelectInput
        source="icon"
        label="Icon"
        choices={ICON_CHOICES}
        optionText={<IconChoice />}
        emptyText="Default"
      />
      <SelectInput source="color" label="Color" choices={COLOR_CHOICES} emptyText="Default" />
    </Box>
  );
}

/** A row's icon action ("Edit Amount", "Remove Customer"): its label is its tooltip and its name. */
export function RowAction({
  label,
  icon,
  onClick,
}: {
  label: string;
  icon: ReactNode;
  onClick: () => void;
}) {
  return (
    <Tooltip title={label}>
      <IconButton size="small" aria-label={label} onClick={onClick}>
        {icon}
      </IconButton>
    </Tooltip>
  );
}
