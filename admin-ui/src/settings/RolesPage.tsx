import {
  Button,
  Card,
  CardContent,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Confirm, Loading, Title } from 'react-admin';
import { Link } from 'react-router-dom';
import { accessApi, type AccessApi, type Role } from './accessApi';
import { useAccessChange, useRoles } from './useAccess';

export const ROLES_PATH = '/settings/roles';

export const rolePath = (name: string) => `${ROLES_PATH}/${encodeURIComponent(name)}`;

/** What a role may change in the settings, in a few words. */
export function roleSummary(role: Role): string {
  const settings = [
    role.permissions.manage_data_model ? 'data model' : null,
    role.permissions.manage_access ? 'access' : null,
  ].filter((part) => part !== null);
  return settings.length > 0 ? `Manages ${settings.join(' and ')}` : 'Records only';
}

function RoleRow({ role, api }: { role: Role; api: AccessApi }) {
  const [isConfirming, setConfirming] = useState(false);
  const remove = useAccessChange(() => api.deleteRole(role.name));
  return (
    <TableRow>
      <TableCell>
        <Link to={rolePath(role.name)}>{role.name}</Link>{' '}
        {role.built_in ? <Chip size="small" label="built-in" /> : null}
      </TableCell>
      <TableCell>{roleSummary(role)}</TableCell>
      <TableCell align="right">
        {role.built_in ? null : (
          <>
            <Button color="error" onClick={() => setConfirming(true)}>
              Delete
            </Button>
            <Confirm
              isOpen={isConfirming}
              title={`Delete the role "${role.name}"?`}
              content="A role still given to members or API keys cannot be deleted."
              onConfirm={() => {
                setConfirming(false);
                remove.mutate(undefined);
              }}
              onClose={() => setConfirming(false)}
            />
          </>
        )}
      </TableCell>
    </TableRow>
  );
}

/** Settings → Roles: the built-in roles (read-only) and the organization's own. */
export function RolesPage({ api = accessApi }: { api?: AccessApi }) {
  const { data: roles, isPending, error } = useRoles(api);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Roles" />
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <div>
          <Button variant="contained" component={Link} to={`${ROLES_PATH}/new`}>
            New role
          </Button>
        </div>
        {isPending ? <Loading /> : null}
        {error ? <Typography color="error">{error.message}</Typography> : null}
        {roles ? (
          <Table size="small" aria-label="Roles">
            <TableHead>
              <TableRow>
                <TableCell>Role</TableCell>
                <TableCell>Settings</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {roles.map((role) => (
                <RoleRow key={role.name} role={role} api={api} />
              ))}
            </TableBody>
          </Table>
        ) : null}
      </CardContent>
    </Card>
  );
}
