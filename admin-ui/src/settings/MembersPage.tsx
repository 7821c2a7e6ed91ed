import {
  Box,
  Button,
  Card,
  CardContent,
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
import { useSession } from 'src/auth/useSession';
import { accessApi, type AccessApi, type Member, type NewMember } from './accessApi';
import { absoluteLink, memberFormProblems, type FormProblems } from './forms';
import { OneTimeSecret } from './OneTimeSecret';
import { RoleSelect } from './RoleSelect';
import { useAccessChange, useMembers, useRoles } from './useAccess';

export const MEMBERS_PATH = '/settings/members';

interface ShownLink {
  email: string;
  url: string;
}

function AddMemberForm({ api, onLink }: { api: AccessApi; onLink: (link: ShownLink) => void }) {
  const { data: roles = [] } = useRoles(api);
  const [values, setValues] = useState({ email: '', name: '', role: 'member' });
  const [problems, setProblems] = useState<FormProblems>({});
  const add = useAccessChange((member: NewMember) => api.addMember(member));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = memberFormProblems(values);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    const email = values.email.trim();
    const name = values.name.trim();
    add.mutate(
      { email, role: values.role, ...(name ? { name } : {}) },
      {
        onSuccess: (member) => {
          setValues({ email: '', name: '', role: values.role });
          if (member.password_setup_url) {
            onLink({ email, url: member.password_setup_url });
          }
        },
      },
    );
  };
  return (
    <Box
      component="form"
      aria-label="Add a member"
      onSubmit={onSubmit}
      sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
    >
      <TextField
        label="Email"
        value={values.email}
        onChange={(event) => setValues({ ...values, email: event.target.value })}
        error={problems.email !== undefined}
        helperText={problems.email}
      />
      <TextField
        label="Name (optional)"
        value={values.name}
        onChange={(event) => setValues({ ...values, name: event.target.value })}
      />
      <RoleSelect
        roles={roles}
        value={roles.length > 0 ? values.role : ''}
        onChange={(role) => setValues({ ...values, role })}
        error={problems.role}
      />
      <Button type="submit" variant="contained" disabled={add.isPending} sx={{ mt: 1 }}>
        Add member
      </Button>
    </Box>
  );
}

function MemberRow({
  member,
  api,
  isSelf,
  onLink,
}: {
  member: Member;
  api: AccessApi;
  isSelf: boolean;
  onLink: (link: ShownLink) => void;
}) {
  const { data: roles = [] } = useRoles(api);
  const [isConfirming, setConfirming] = useState(false);
  const changeRole = useAccessChange((role: string) => api.changeMemberRole(member.id, role));
  const remove = useAccessChange(() => api.removeMember(member.id));
  const reset = useAccessChange(() => api.resetPassword(member.id));
  return (
    <TableRow>
      <TableCell>{member.name ?? ''}</TableCell>
      <TableCell>{member.email}</TableCell>
      <TableCell>
        <RoleSelect
          label={`Role of ${member.email}`}
          size="small"
          roles={roles}
          value={roles.some((role) => role.name === member.role) ? member.role : ''}
          onChange={(role) => changeRole.mutate(role)}
        />
      </TableCell>
      <TableCell align="right">
        <Button
          onClick={() =>
            reset.mutate(undefined, {
              onSuccess: (link) => onLink({ email: member.email, url: link.url }),
            })
          }
        >
          Reset password
        </Button>
        <Button color="error" disabled={isSelf} onClick={() => setConfirming(true)}>
          Remove
        </Button>
        <Confirm
          isOpen={isConfirming}
          title={`Remove ${member.email}?`}
          content="They lose access to this organization at once."
          onConfirm={() => {
            setConfirming(false);
            remove.mutate(undefined);
          }}
          onClose={() => setConfirming(false)}
        />
      </TableCell>
    </TableRow>
  );
}

/** Settings → Members: who belongs to the organization, with which role. */
export function MembersPage({ api = accessApi }: { api?: AccessApi }) {
  const { data: members, isPending, error } = useMembers(api);
  const { data: me } = useSession();
  const [link, setLink] = useState<ShownLink | null>(null);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Members" />
      <CardContent sx={{ display: 'grid', gap: 3 }}>
        <AddMemberForm api={api} onLink={setLink} />
        {isPending ? <Loading /> : null}
        {error ? <Typography color="error">{error.message}</Typography> : null}
        {members ? (
          <Table size="small" aria-label="Members">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Email</TableCell>
                <TableCell>Role</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {members.map((member) => (
                <MemberRow
                  key={member.id}
                  member={member}
                  api={api}
                  isSelf={member.id === me?.member?.id}
                  onLink={setLink}
                />
              ))}
            </TableBody>
          </Table>
        ) : null}
      </CardContent>
      {link ? (
        <OneTimeSecret
          title={`Password link for ${link.email}`}
          secret={absoluteLink(link.url)}
          warning="Send this link to them yourself: it sets their password once, expires in 24 hours, and is not shown again."
          onClose={() => setLink(null)}
        />
      ) : null}
    </Card>
  );
}
