/**
 * The organization the user chose in the switcher, kept in the browser: every API request names it
 * in `X-Organization-Id`. Without a choice the server uses the session's last organization.
 */
const STORAGE_KEY = 'plinth.organization';

export const chosenOrganization = {
  get(): string | null {
    return localStorage.getItem(STORAGE_KEY);
  },
  set(id: string): void {
    localStorage.setItem(STORAGE_KEY, id);
  },
  clear(): void {
    localStorage.removeItem(STORAGE_KEY);
  },
};
