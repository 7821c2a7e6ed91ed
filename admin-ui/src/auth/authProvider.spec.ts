import { aSession } from 'src/test/fixtures';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthProvider } from './authProvider';
import { chosenOrganization } from './organization';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

/** fetch answering from a list of [status, body] in order, noting every request. */
function stubFetch(...answers: Array<[number, unknown?]>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      sent.push({
        url,
        method: init.method ?? 'GET',
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
        credentials: init.credentials,
      });
      const [status, body] = answers.shift() ?? [500, { message: 'no answer left' }];
      return Promise.resolve(
        new Response(body === undefined ? null : JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    }),
  );
  return sent;
}

const unauthenticated = { status: 401, code: 'UNAUTHENTICATED', message: 'Sign in first' };

describe(createAuthProvider.name, () => {
  const authProvider = createAuthProvider();

  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  describe('login', () => {
    it('posts the credentials with the cookie and the cross-site header, answering who signed in', async () => {
      const sent = stubFetch([200, aSession()]);
      const me = await authProvider.login({ email: 'ada@example.com', password: 'correct horse' });
      expect(me).toEqual(aSession());
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        url: '/api/auth/login',
        method: 'POST',
        body: { email: 'ada@example.com', password: 'correct horse' },
        credentials: 'same-origin',
      });
      expect(sent[0]!.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    });

    it('forgets the organization chosen by the previous user of the browser', async () => {
      chosenOrganization.set('org-of-someone-else');
      const sent = stubFetch([200, aSession()]);
      await authProvider.login({ email: 'ada@example.com', password: 'x' });
      expect(sent[0]!.headers.has('X-Organization-Id')).toBe(false);
      expect(chosenOrganization.get()).toBeNull();
    });

    it('rejects with the status of a refused sign-in', async () => {
      stubFetch([
        401,
        { status: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' },
      ]);
      await expect(authProvider.login({ email: 'a@b.c', password: 'no' })).rejects.toMatchObject({
        status: 401,
      });
    });
  });

  describe('checkAuth', () => {
    it('resolves with a session and names the chosen organization', async () => {
      chosenOrganization.set('org-acme');
      const sent = stubFetch([200, aSession()]);
      await expect(authProvider.checkAuth({})).resolves.toBeUndefined();
      expect(sent[0]!.url).toBe('/api/auth/me');
      expect(sent[0]!.headers.get('X-Organization-Id')).toBe('org-acme');
    });

    it('rejects without a session (401)', async () => {
      stubFetch([401, unauthenticated]);
      await expect(authProvider.checkAuth({})).rejects.toThrow();
    });

    it('drops a chosen organization the user no longer belongs to (404) and asks again', async () => {
      chosenOrganization.set('org-gone');
      const sent = stubFetch(
        [404, { status: 404, code: 'ORGANIZATION_NOT_FOUND', message: 'No organization' }],
        [200, aSession()],
      );
      await expect(authProvider.getIdentity!()).resolves.toMatchObject({
        fullName: 'Ada Lovelace',
      });
      expect(sent.map((request) => request.headers.get('X-Organization-Id'))).toEqual([
        'org-gone',
        null,
      ]);
      expect(chosenOrganization.get()).toBeNull();
    });
  });

  describe('checkError', () => {
    it('signs out on 401 (the session is gone)', async () => {
      await expect(authProvider.checkError({ status: 401 })).rejects.toThrow();
    });

    it('stays signed in on 403 (the role forbids this one action)', async () => {
      await expect(authProvider.checkError({ status: 403 })).resolves.toBeUndefined();
    });

    it('stays signed in on other errors', async () => {
      await expect(authProvider.checkError({ status: 500 })).resolves.toBeUndefined();
      await expect(authProvider.checkError(new Error('offline'))).resolves.toBeUndefined();
    });
  });

  describe('getIdentity', () => {
    it("shows the user's name, else their email", async () => {
      stubFetch(
        [200, aSession()],
        [200, aSession({ user: { id: 'u2', email: 'bob@example.com', name: null } })],
      );
      await expect(authProvider.getIdentity!()).resolves.toMatchObject({
        id: 'user-ada',
        fullName: 'Ada Lovelace',
        email: 'ada@example.com',
      });
      await expect(authProvider.getIdentity!()).resolves.toMatchObject({
        fullName: 'bob@example.com',
      });
    });
  });

  describe('getPermissions', () => {
    it("answers the role's permissions as the server sent them", async () => {
      const session = aSession({ role: 'viewer' });
      stubFetch([200, session]);
      await expect(authProvider.getPermissions!({})).resolves.toEqual(session.permissions);
    });
  });

  describe('logout', () => {
    it('ends the session on the server and forgets the chosen organization', async () => {
      chosenOrganization.set('org-acme');
      const sent = stubFetch([204]);
      await authProvider.logout({});
      expect(sent[0]).toMatchObject({ url: '/api/auth/logout', method: 'POST' });
      expect(sent[0]!.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
      expect(chosenOrganization.get()).toBeNull();
    });

    it('succeeds when the session had already ended', async () => {
      stubFetch([401, unauthenticated]);
      await expect(authProvider.logout({})).resolves.toBeUndefined();
    });
  });
});
