import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AdminContext, HttpError, memoryStore, type AuthProvider } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import { i18nProvider } from 'src/i18n/i18nProvider';
import { aSession, testQueryClient } from 'src/test/fixtures';
import { describe, expect, it, vi } from 'vitest';
import { LoginPage, loginErrorMessage } from './LoginPage';

function renderLogin(login: AuthProvider['login'], state?: object) {
  const onSignedIn = vi.fn();
  const authProvider: AuthProvider = {
    login,
    logout: () => Promise.resolve(),
    checkAuth: () => Promise.reject(new Error('signed out')),
    checkError: () => Promise.resolve(),
    getPermissions: () => Promise.resolve(undefined),
  };
  const queryClient = testQueryClient([], null);
  render(
    <MemoryRouter initialEntries={[{ pathname: '/login', state }]}>
      <QueryClientProvider client={queryClient}>
        <AdminContext
          store={memoryStore()}
          i18nProvider={i18nProvider}
          queryClient={queryClient}
          authProvider={authProvider}
        >
          <LoginPage onSignedIn={onSignedIn} />
        </AdminContext>
      </QueryClientProvider>
    </MemoryRouter>,
  );
  return onSignedIn;
}

async function signIn(email: string, password: string) {
  await userEvent.type(screen.getByLabelText(/^Email/), email);
  await userEvent.type(screen.getByLabelText(/^Password/), password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe(LoginPage.name, () => {
  it('signs in with email and password, then loads the page that asked for it', async () => {
    const login = vi.fn(() => Promise.resolve(aSession()));
    const onSignedIn = renderLogin(login, { nextPathname: '/deal', nextSearch: '?page=2' });
    await signIn(' ada@example.com ', 'correct horse');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith('/deal?page=2'));
    expect(login).toHaveBeenCalledWith({ email: 'ada@example.com', password: 'correct horse' });
  });

  it('goes to the dashboard when nothing asked for sign-in', async () => {
    const onSignedIn = renderLogin(() => Promise.resolve(aSession()));
    await signIn('ada@example.com', 'correct horse');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith('/'));
  });

  it('says the email or the password is wrong, without saying which', async () => {
    const onSignedIn = renderLogin(() =>
      Promise.reject(new HttpError('Invalid credentials', 401, { code: 'INVALID_CREDENTIALS' })),
    );
    await signIn('ada@example.com', 'wrong');
    expect(await screen.findByText('Wrong email or password.')).toBeTruthy();
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});

describe(loginErrorMessage.name, () => {
  it('asks to wait after too many attempts (429)', () => {
    expect(loginErrorMessage(new HttpError('Too many', 429, {}))).toMatch(/wait/);
  });
});
