import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AdminContext, HttpError, memoryStore, Notification } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import { FULL_PERMISSIONS } from 'src/auth/permissions';
import { i18nProvider } from 'src/i18n/i18nProvider';
import type {
  AccessApi,
  ApiKey,
  CreatedApiKey,
  CreatedMember,
  Member,
  Role,
} from 'src/settings/accessApi';
import { testQueryClient } from './fixtures';

const builtIn = (name: string): Role => ({ name, built_in: true, permissions: FULL_PERMISSIONS });

/**
 * The access API kept in memory with the server's rules that the screens show (the UI's unit
 * tier; the HTTP side is tested against the real server in test/).
 */
export class MemoryAccessApi implements AccessApi {
  members: Member[] = [
    {
      id: 'member-ada',
      user_id: 'user-ada',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'owner',
      created_at: '2026-01-01T00:00:00Z',
    },
  ];
  roles: Role[] = ['owner', 'admin', 'member', 'viewer'].map(builtIn);
  keys: ApiKey[] = [];
  private next = 1;

  listMembers = () => Promise.resolve([...this.members]);
  addMember = ({ email, name, role }: { email: string; name?: string; role: string }) => {
    const member: CreatedMember = {
      id: `member-${this.next++}`,
      user_id: `user-${this.next}`,
      email,
      name: name ?? null,
      role,
      created_at: '2026-01-02T00:00:00Z',
      password_setup_url: '/#/set-password/setup-token',
    };
    this.members.push(member);
    return Promise.resolve(member);
  };
  changeMemberRole = (id: string, role: string) => {
    const member = this.members.find((candidate) => candidate.id === id);
    if (!member) {
      return Promise.reject(new HttpError('No member', 404));
    }
    const owners = this.members.filter((candidate) => candidate.role === 'owner');
    if (member.role === 'owner' && role !== 'owner' && owners.length === 1) {
      return Promise.reject(new HttpError('The last owner cannot be demoted', 409));
    }
    member.role = role;
    return Promise.resolve(member);
  };
  removeMember = (id: string) => {
    this.members = this.members.filter((member) => member.id !== id);
    return Promise.resolve();
  };
  resetPassword = () =>
    Promise.resolve({ url: '/#/set-password/reset-token', expires_at: '2026-01-03T00:00:00Z' });
  listRoles = () => Promise.resolve([...this.roles]);
  createRole = (name: string, permissions: Role['permissions']) => {
    const role = { name, built_in: false, permissions };
    this.roles.push(role);
    return Promise.resolve(role);
  };
  updateRole = (name: string, permissions: Role['permissions']) => {
    const role = this.roles.find((candidate) => candidate.name === name);
    if (!role || role.built_in) {
      return Promise.reject(new HttpError('Built-in roles are read-only', 409));
    }
    role.permissions = permissions;
    return Promise.resolve(role);
  };
  deleteRole = (name: string) => {
    this.roles = this.roles.filter((role) => role.name !== name);
    return Promise.resolve();
  };
  listApiKeys = () => Promise.resolve([...this.keys]);
  createApiKey = ({ name, role }: { name: string; role: string }) => {
    const key: CreatedApiKey = {
      id: `key-${this.next++}`,
      name,
      prefix: 'plk_abcdefgh',
      role,
      scopes: null,
      created_at: '2026-01-02T00:00:00Z',
      last_used_at: null,
      revoked_at: null,
      key: 'plk_abcdefgh-the-rest-of-the-secret-key-0123456',
    };
    const { key: _secret, ...stored } = key;
    this.keys.push(stored);
    return Promise.resolve(key);
  };
  revokeApiKey = (id: string) => {
    const key = this.keys.find((candidate) => candidate.id === id);
    if (key) {
      key.revoked_at = '2026-01-04T00:00:00Z';
    }
    return Promise.resolve();
  };
}

/** A settings page inside react-admin's contexts (with its notifications), signed in as the owner of fixtures.aSession(). */
export function renderSettings(page: ReactNode, path = '/') {
  const queryClient = testQueryClient();
  return render(
    <MemoryRouter initialEntries={[path]}>
      <QueryClientProvider client={queryClient}>
        <AdminContext store={memoryStore()} i18nProvider={i18nProvider} queryClient={queryClient}>
          {page}
          <Notification />
        </AdminContext>
      </QueryClientProvider>
    </MemoryRouter>,
  );
}
