import { HttpError } from 'react-admin';
import { API_URL, httpClient } from 'src/dataProvider';
import { chosenOrganization } from './organization';
import type { Me, OrganizationSummary } from './types';

const post = (body?: unknown) => ({
  method: 'POST',
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});

const isStatus = (error: unknown, status: number) =>
  error instanceof HttpError && error.status === status;

/** The session routes of the access API (docs/architecture.md, "Access"). */
export const sessionApi = {
  /**
   * Who is signed in, or null when no one is (401). An organization chosen earlier that the user
   * no longer belongs to answers 404: the choice is forgotten and the server's default used.
   */
  async me(): Promise<Me | null> {
    try {
      return (await httpClient(`${API_URL}/auth/me`)).json as Me;
    } catch (error) {
      if (isStatus(error, 401)) {
        return null;
      }
      if (isStatus(error, 404) && chosenOrganization.get() !== null) {
        chosenOrganization.clear();
        return sessionApi.me();
      }
      throw error;
    }
  },
  async login(email: string, password: string): Promise<Me> {
    return (await httpClient(`${API_URL}/auth/login`, post({ email, password }))).json as Me;
  },
  /** Ends the session; one that has already ended (401) is fine. */
  async logout(): Promise<void> {
    try {
      await httpClient(`${API_URL}/auth/logout`, post());
    } catch (error) {
      if (!isStatus(error, 401)) {
        throw error;
      }
    }
  },
  /** Sets a password with the one-time token of a reset link (public: no session needed). */
  async completePasswordReset(token: string, password: string): Promise<void> {
    await httpClient(`${API_URL}/auth/password-reset`, post({ token, password }));
  },
  async organizations(): Promise<OrganizationSummary[]> {
    return (await httpClient(`${API_URL}/organizations`)).json as OrganizationSummary[];
  },
};

export type SessionApi = typeof sessionApi;
