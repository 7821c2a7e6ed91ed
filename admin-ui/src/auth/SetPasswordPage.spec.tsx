import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { passwordProblem, SET_PASSWORD_PATH, SetPasswordPage } from './SetPasswordPage';

function renderPage(completeReset: (token: string, password: string) => Promise<void>) {
  render(
    <MemoryRouter initialEntries={['/set-password/token-123']}>
      <Routes>
        <Route
          path={SET_PASSWORD_PATH}
          element={<SetPasswordPage completeReset={completeReset} />}
        />
      </Routes>
    </MemoryRouter>,
  );
}

async function fill(password: string, repeated: string) {
  await userEvent.type(screen.getByLabelText(/^New password/), password);
  await userEvent.type(screen.getByLabelText(/^Repeat the password/), repeated);
  await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
}

describe(SetPasswordPage.name, () => {
  it("sends the link's token with the new password, then offers to sign in", async () => {
    const completeReset = vi.fn(() => Promise.resolve());
    renderPage(completeReset);
    await fill('a long passphrase', 'a long passphrase');
    expect(await screen.findByText('Your password is set.')).toBeTruthy();
    expect(completeReset).toHaveBeenCalledWith('token-123', 'a long passphrase');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
  });

  it('sends nothing while the two passwords differ', async () => {
    const completeReset = vi.fn(() => Promise.resolve());
    renderPage(completeReset);
    await fill('a long passphrase', 'a long passphrasf');
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(completeReset).not.toHaveBeenCalled();
  });

  it('says so when the link was used or has expired', async () => {
    renderPage(() => Promise.reject(new HttpError('Invalid token', 400, {})));
    await fill('a long passphrase', 'a long passphrase');
    expect(await screen.findByText(/expired or was already used/)).toBeTruthy();
  });
});

describe(passwordProblem.name, () => {
  it('needs 8 characters', () => {
    expect(passwordProblem('short', 'short')).toMatch(/8/);
    expect(passwordProblem('12345678', '12345678')).toBeNull();
  });
});
