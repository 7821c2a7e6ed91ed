import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { Loading, Title, useNotify } from 'react-admin';
import { useNavigate, useParams } from 'react-router-dom';
import type { ObjectDefinition } from 'src/definitions/types';
import { useDefinitions } from 'src/definitions/useDefinitions';
import { accessApi, type AccessApi, type Role } from './accessApi';
import {
  draftFromWire,
  draftToWire,
  emptyDraft,
  roleNameProblem,
  type RoleDraft,
} from './roleDraft';
import { RoleMatrix } from './RoleMatrix';
import { ROLES_PATH } from './RolesPage';
import { useAccessChange, useRoles } from './useAccess';

interface RoleFormProps {
  api: AccessApi;
  initial: RoleDraft;
  definitions: ObjectDefinition[];
  roles: Role[];
  /** null: a new role. */
  existing: Role | null;
}

function RoleForm({ api, initial, definitions, roles, existing }: RoleFormProps) {
  const navigate = useNavigate();
  const notify = useNotify();
  const [draft, setDraft] = useState(initial);
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const isReadOnly = existing?.built_in === true;
  const save = useAccessChange((role: RoleDraft) =>
    existing
      ? api.updateRole(existing.name, draftToWire(role))
      : api.createRole(role.name, draftToWire(role)),
  );
  const onSave = () => {
    if (!existing) {
      const problem = roleNameProblem(
        draft.name,
        roles.map((role) => role.name),
      );
      setNameProblem(problem);
      if (problem) {
        return;
      }
    }
    save.mutate(draft, {
      onSuccess: () => {
        notify(`Role "${draft.name}" saved`, { type: 'success' });
        void navigate(ROLES_PATH);
      },
    });
  };
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      {isReadOnly ? (
        <Alert severity="info">A built-in role cannot be changed: create a role of your own.</Alert>
      ) : null}
      <TextField
        label="Role name"
        value={draft.name}
        disabled={existing !== null}
        onChange={(event) => setDraft({ ...draft, name: event.target.value })}
        error={nameProblem !== null}
        helperText={nameProblem ?? 'Lower-case letters, digits and _'}
        sx={{ maxWidth: 320 }}
      />
      <RoleMatrix
        draft={draft}
        definitions={definitions}
        isReadOnly={isReadOnly}
        onChange={setDraft}
      />
      <Box>
        <FormControlLabel
          label="Manages the data model (objects, properties, associations)"
          control={
            <Checkbox
              checked={draft.manageDataModel}
              disabled={isReadOnly}
              onChange={(event) => setDraft({ ...draft, manageDataModel: event.target.checked })}
            />
          }
        />
        <FormControlLabel
          label="Manages access (members, roles, API keys)"
          control={
            <Checkbox
              checked={draft.manageAccess}
              disabled={isReadOnly}
              onChange={(event) => setDraft({ ...draft, manageAccess: event.target.checked })}
            />
          }
        />
      </Box>
      {isReadOnly ? null : (
        <Box>
          <Button variant="contained" onClick={onSave} disabled={save.isPending}>
            Save role
          </Button>
        </Box>
      )}
    </Box>
  );
}

/** Settings → Roles → one role (`/settings/roles/new` for a new one). */
export function RoleEditPage({ api = accessApi }: { api?: AccessApi }) {
  const { name } = useParams();
  const { data: roles, isPending } = useRoles(api);
  const { data: definitions } = useDefinitions();
  if (isPending || !roles || !definitions) {
    return <Loading />;
  }
  const objectNames = definitions.map((definition) => definition.name);
  const existing = name === undefined ? null : (roles.find((role) => role.name === name) ?? null);
  if (name !== undefined && !existing) {
    return <Alert severity="error">No role named "{name}".</Alert>;
  }
  const initial = existing
    ? draftFromWire(existing.name, existing.permissions, objectNames)
    : emptyDraft(objectNames);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={existing ? `Role: ${existing.name}` : 'New role'} />
      <CardContent>
        <RoleForm
          key={existing?.name ?? 'new'}
          api={api}
          initial={initial}
          definitions={definitions}
          roles={roles}
          existing={existing}
        />
      </CardContent>
    </Card>
  );
}
