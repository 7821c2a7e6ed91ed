import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/Edit';
import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { RowAction } from './formHelpers';
import { PROPERTY_TYPE_LABELS } from './propertyRules';

const FLAGS: Array<[keyof PropertyDefinition, string]> = [
  ['required', 'required'],
  ['unique', 'unique'],
  ['read_only', 'read-only'],
  ['indexed', 'indexed'],
];

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
}: {
  definition: ObjectDefinition;
  onEdit: (property: PropertyDefinition) => void;
  onRemove: (property: PropertyDefinition) => void;
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
