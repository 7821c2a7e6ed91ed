import { MenuItem, TextField } from '@mui/material';
import type { Role } from './accessApi';

export interface RoleSelectProps {
  label?: string;
  value: string;
  roles: Role[];
  onChange: (role: string) => void;
  error?: string;
  size?: 'small' | 'medium';
}

/** Built-in roles first (as the server lists them), then the organization's own. */
export function RoleSelect({
  label = 'Role',
  value,
  roles,
  onChange,
  error,
  size,
}: RoleSelectProps) {
  return (
    <TextField
      select
      label={label}
      value={value}
      size={size}
      onChange={(event) => onChange(event.target.value)}
      error={error !== undefined}
      helperText={error}
      sx={{ minWidth: 160 }}
    >
      {roles.map((role) => (
        <MenuItem key={role.name} value={role.name}>
          {role.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
