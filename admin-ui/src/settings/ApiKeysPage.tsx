import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Confirm, Loading, Title } from 'react-admin';
import { accessApi, type AccessApi, type ApiKey, type NewApiKey } from './accessApi';
import { apiKeyFormProblems, type FormProblems } from './forms';
import { OneTimeSecret } from './OneTimeSecret';
import { RoleSelect } from './RoleSelect';
import { useAccessChange, useApiKeys, useRoles } from './useAccess';

export const API_KEYS_PATH = '/settings/api-keys';

const when = (value: string | null) => (value ? new Date(value).toLocaleString() : '—');

/** What a key may do: its role, or its explicit scopes. */
export function keyGrant(key: Pick<ApiKey, 'role' | 'scopes'>): string {
  return key.role ?? (key.scopes ?? []).join(', ');
}

function CreateKeyForm({ api, onCreated }: { api: AccessApi; onCreated: (key: string) => void }) {
  const { data: roles = [] } = useRoles(api);
  const [values, setValues] = useState({ name: '', role: 'member' });
  const [problems, setProblems] = useState<FormProblems>({});
  const create = useAccessChange((key: NewApiKey) => api.createApiKey(key));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = apiKeyFormProblems(values);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    create.mutate(
      { name: values.name.trim(), role: values.role },
      {
        onSuccess: (created) => {
          setValues({ name: '', role: values.role });
          onCreated(created.key);
        },
      },
    );
  };
  return (
    <Box
      component="form"
      aria-label="Create an API key"
      onSubmit={onSubmit}
      sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
    >
      <TextField
        label="Key name"
        value={values.name}
        onChange={(event) => setValues({ ...values, name: event.target.value })}
        error={problems.name !== undefined}
        helperText={problems.name}
      />
      <RoleSelect
        roles={roles}
        value={roles.length > 0 ? values.role : ''}
        onChange={(role) => setValues({ ...values, role })}
        error={problems.role}
      />
      <Button type="submit" variant="contained" disabled={create.isPending} sx={{ mt: 1 }}>
        Create key
      </Button>
    </Box>
  );
}

function KeyRow({ apiKey, api }: { apiKey: ApiKey; api: AccessApi }) {
  const [isConfirming, setConfirming] = useState(false);
  const revoke = useAccessChange(() => api.revokeApiKey(apiKey.id));
  return (
    <TableRow>
      <TableCell>{apiKey.name}</TableCell>
      <TableCell>
        <code>{apiKey.prefix}…</code>
      </TableCell>
      <TableCell>{keyGrant(apiKey)}</TableCell>
      <TableCell>{when(apiKey.created_at)}</TableCell>
      <TableCell>{when(apiKey.last_used_at)}</TableCell>
      <TableCell align="right">
        {apiKey.revoked_at ? (
          <Chip size="small" label={`Revoked ${when(apiKey.revoked_at)}`} />
        ) : (
          <>
            <Button color="error" onClick={() => setConfirming(true)}>
              Revoke
            </Button>
            <Confirm
              isOpen={isConfirming}
              title={`Revoke "${apiKey.name}"?`}
              content="Requests with this key fail at once; this cannot be undone."
              onConfirm={() => {
                setConfirming(false);
                revoke.mutate(undefined);
              }}
              onClose={() => setConfirming(false)}
            />
          </>
        )}
      </TableCell>
    </TableRow>
  );
}

/** Settings → API keys: keys for integrators, shown once at creation, revocable. */
export function ApiKeysPage({ api = accessApi }: { api?: AccessApi }) {
  const { data: keys, isPending, error } = useApiKeys(api);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="API keys" />
      <CardContent sx={{ display: 'grid', gap: 3 }}>
        <CreateKeyForm api={api} onCreated={setCreated} />
        {isPending ? <Loading /> : null}
        {error ? <Typography color="error">{error.message}</Typography> : null}
        {keys ? (
          <Table size="small" aria-label="API keys">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Key</TableCell>
                <TableCell>Role or scopes</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>Last used</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {keys.map((key) => (
                <KeyRow key={key.id} apiKey={key} api={api} />
              ))}
            </TableBody>
          </Table>
        ) : null}
      </CardContent>
      {created ? (
        <OneTimeSecret
          title="Your new API key"
          secret={created}
          warning="This is the only time the key is shown: store it in your integration's secrets now. Send it as Authorization: Bearer <key>."
          onClose={() => setCreated(null)}
        />
      ) : null}
    </Card>
  );
}
