import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/Edit';
import DropIndexIcon from '@mui/icons-material/LayersClearOutlined';
import PinIcon from '@mui/icons-material/PushPinOutlined';
import AllowIndexIcon from '@mui/icons-material/RestoreOutlined';
import {
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
} from '@mui/material';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { RowAction } from './formHelpers';
import { PROPERTY_TYPE_LABELS } from './propertyRules';

const FLAGS: Array<[keyof PropertyDefinition, string]> = [
  ['required', 'required'],
  ['unique', 'unique'],
  ['read_only', 'read-only'],
  ['indexed', 'indexed'],
];

/** What an admin may do with an automatic index: pin it, drop it, or allow it again (null). */
export type AutoIndexChange = 'pinned' | 'dropped' | null;

const AUTO_INDEX_CHIPS = {
  built: {
    label: 'auto index',
    help: 'Plinth built this index because lists and searches filter or sort on it often',
  },
  pinned: { label: 'index pinned', help: 'An automatic index kept by an admin' },
  dropped: {
    label: 'auto index dropped',
    help: 'Dropped by an admin: Plinth does not build it again from use',
  },
} as const;

function AutoIndexChip({ property }: { property: PropertyDefinition }) {
  if (property.auto_index === undefined) {
    return null;
  }
  const chip = AUTO_INDEX_CHIPS[property.auto_index];
  return (
    <Tooltip title={chip.help}>
      <Chip
        size="small"
        color={property.auto_index === 'dropped' ? 'default' : 'info'}
        variant={property.auto_index === 'dropped' ? 'outlined' : 'filled'}
        label={chip.label}
      />
    </Tooltip>
  );
}

/** The actions an automatic index offers, by its state. */
function AutoIndexActions({
  property,
  onChange,
}: {
  property: PropertyDefinition;
  onChange: (property: PropertyDefinition, change: AutoIndexChange) => void;
}) {
  const state = property.auto_index;
  return (
    <>
      {state === 'built' ? (
        <RowAction
          label={`Pin the index of ${property.label}`}
          icon={<PinIcon fontSize="small" />}
          onClick={() => onChange(property, 'pinned')}
        />
      ) : null}
      {state === 'built' || state === 'pinned' ? (
        <RowAction
          label={`Drop the index of ${property.label}`}
          icon={<DropIndexIcon fontSize="small" />}
          onClick={() => onChange(property, 'dropped')}
        />
      ) : null}
      {state === 'dropped' ? (
        <RowAction
          label={`Allow an automatic index on ${property.label}`}
          icon={<AllowIndexIcon fontSize="small" />}
          onClick={() => onChange(property, null)}
        />
      ) : null}
    </>
  );
}

/** Length, range and pattern rules in a few words ("≤ 20 characters"). */
export function rulesOf(property: PropertyDefinition): string[] {
  const rules: string[] = [];
  if (property.min_length !== undefined) {
    rules.push(`≥ ${property.min_length} characters`);
  }
  if (property.max_length !== undefined) {
    rules.push(`≤ ${property.max_length} characters`);
  }
  if (property.minimum !== undefined) {
    rules.push(`≥ ${property.minimum}`);
  }
  if (property.maximum !== undefined) {
    rules.push(`≤ ${property.maximum}`);
  }
  if (property.pattern !== undefined) {
    rules.push('pattern');
  }
  return rules;
}

export function PropertyTable({
  definition,
  onEdit,
  onRemove,
  onAutoIndex,
}: {
  definition: ObjectDefinition;
  onEdit: (property: PropertyDefinition) => void;
  onRemove: (property: PropertyDefinition) => void;
  onAutoIndex: (property: PropertyDefinition, change: AutoIndexChange) => void;
}) {
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Properties">
        <TableHead>
          <TableRow>
            <TableCell>Label</TableCell>
            <TableCell>API name</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>Rules</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {definition.properties.map((property) => (
            <TableRow key={property.name} hover>
              <TableCell>
                {property.label}
                {property.name === definition.primary_display_property ? (
                  <Chip
                    size="small"
                    label="primary"
                    color="primary"
                    variant="outlined"
                    sx={{ ml: 1 }}
                  />
                ) : null}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{property.name}</TableCell>
              <TableCell>{PROPERTY_TYPE_LABELS[property.type]}</TableCell>
              <TableCell>
                <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                  {FLAGS.filter(([key]) => property[key] === true).map(([key, label]) => (
                    <Chip key={key} size="small" label={label} />
                  ))}
                  <AutoIndexChip property={property} />
                  {rulesOf(property).map((rule) => (
                    <Chip key={rule} size="small" variant="outlined" label={rule} />
                  ))}
                  {property.options ? (
                    <Chip
                      size="small"
                      variant="outlined"
                      label={`${property.options.length} options`}
                    />
                  ) : null}
                </Box>
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <AutoIndexActions property={property} onChange={onAutoIndex} />
                <RowAction
                  label={`Edit ${property.label}`}
                  icon={<EditIcon fontSize="small" />}
                  onClick={() => onEdit(property)}
                />
                <RowAction
                  label={`Remove ${property.label}`}
                  icon={<DeleteIcon fontSize="small" />}
                  onClick={() => onRemove(property)}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
