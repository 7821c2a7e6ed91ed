import type { PermissionsWire } from 'src/auth/types';
import { API_URL, httpClient } from 'src/dataProvider';

/** The access API's settings routes (docs/architecture.md, "Access"); snake_case as on the wire. */

export interface Member {
  id: string;
  user_id: string;
  email: string;
  name: string | null;
  role: string;
  created_at: string;
}

export interface NewMember {
  email: string;
  name?: string;
  role: string;
}

/** A new member without a password yet gets a link to set one (shown to the admin once). */
export type CreatedMember = Member & { password_setup_url?: string };

export interface PasswordResetLink {
  url: string;
  expires_at: string;
}

export interface Role {
  name: string;
  built_in: boolean;
  permissions: PermissionsWire;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: string | null;
  scopes: string[] | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface NewApiKey {
  name: string;
  role: string;
}

/** The only answer that carries the key itself. */
export type CreatedApiKey = ApiKey & { key: string };

/** Lists ask for everything at once: an organization has tens of members, roles and keys. */
const ALL = `range=${encodeURIComponent('[0,999]')}`;

const send = (method: string, body?: unknown) => ({
  method,
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});

const one = (collection: string, id: string) =>
  `${API_URL}/${collection}/${encodeURIComponent(id)}`;

export const accessApi = {
  async listMembers(): Promise<Member[]> {
    return (await httpClient(`${API_URL}/members?${ALL}`)).json as Member[];
  },
  async addMember(member: NewMember): Promise<CreatedMember> {
    return (await httpClient(`${API_URL}/members`, send('POST', member))).json as CreatedMember;
  },
  async changeMemberRole(id: string, role: string): Promise<Member> {
    return (await httpClient(one('members', id), send('PATCH', { role }))).json as Member;
  },
  async removeMember(id: string): Promise<void> {
    await httpClient(one('members', id), send('DELETE'));
  },
  async resetPassword(id: string): Promise<PasswordResetLink> {
    return (await httpClient(`${one('members', id)}/password-reset`, send('POST')))
      .json as PasswordResetLink;
  },
  async listRoles(): Promise<Role[]> {
    return (await httpClient(`${API_URL}/roles?${ALL}`)).json as Role[];
  },
  async createRole(name: string, permissions: PermissionsWire): Promise<Role> {
    return (await httpClient(`${API_URL}/roles`, send('POST', { name, permissions }))).json as Role;
  },
  async updateRole(name: string, permissions: PermissionsWire): Promise<Role> {
    return (await httpClient(one('roles', name), send('PATCH', { permissions }))).json as Role;
  },
  async deleteRole(name: string): Promise<void> {
    await httpClient(one('roles', name), send('DELETE'));
  },
  async listApiKeys(): Promise<ApiKey[]> {
    return (await httpClient(`${API_URL}/api-keys?${ALL}`)).json as ApiKey[];
  },
  async createApiKey(key: NewApiKey): Promise<CreatedApiKey> {
    return (await httpClient(`${API_URL}/api-keys`, send('POST', key))).json as CreatedApiKey;
  },
  async revokeApiKey(id: string): Promise<void> {
    await httpClient(one('api-keys', id), send('DELETE'));
  },
};

export type AccessApi = typeof accessApi;
