import { type AuthProvider, type UserIdentity } from 'react-admin';
import { chosenOrganization } from './organization';
import { sessionApi, type SessionApi } from './sessionApi';
import type { Me } from './types';

/** react-admin's "Please login to continue", shown on the login page it leads to. */
const SIGN_IN_MESSAGE = 'ra.auth.auth_check_error';

export interface Credentials {
  email: string;
  password: string;
}

/** The signed-in user as react-admin's user menu shows them. */
export function identityOf(me: Me): UserIdentity {
  return {
    id: me.user?.id ?? me.actor.id,
    fullName: me.user?.name || me.user?.email || me.actor.id,
    email: me.user?.email,
    organization: me.organization,
  };
}

/**
 * react-admin's side of the session (docs/architecture.md, "Access"): a cookie the server sets on
 * login, so the UI never holds a token. 401 means the session is gone (sign in again); 403 means
 * the role forbids that action, which signing in again would not change.
 */
export function createAuthProvider(api: SessionApi = sessionApi): AuthProvider {
  const signedIn = async (): Promise<Me> => {
    const me = await api.me();
    if (!me) {
      throw new Error(SIGN_IN_MESSAGE);
    }
    return me;
  };
  return {
    async login({ email, password }: Credentials) {
      // The organization chosen by whoever used this browser before is not this user's choice.
      chosenOrganization.clear();
      return api.login(email, password);
    },
    async logout() {
      chosenOrganization.clear();
      await api.logout();
    },
    async checkAuth() {
      await signedIn();
    },
    checkError(error: unknown) {
      return statusOf(error) === 401
        ? Promise.reject(new Error(SIGN_IN_MESSAGE))
        : Promise.resolve();
    },
    async getIdentity() {
      return identityOf(await signedIn());
    },
    async getPermissions() {
      return (await signedIn()).permissions;
    },
  };
}

function statusOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'status' in error
    ? error.status
    : undefined;
}

export const authProvider = createAuthProvider();
