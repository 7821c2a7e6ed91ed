import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryAccessApi, renderSettings } from 'src/test/accessFixtures';
import { describe, expect, it } from 'vitest';
import { MembersPage } from './MembersPage';

describe(MembersPage.name, () => {
  it('adds a member by email with a role and shows the one-time password link', async () => {
    const api = new MemoryAccessApi();
    renderSettings(<MembersPage api={api} />);
    await userEvent.type(screen.getByLabelText('Email'), 'bob@example.com');
    await userEvent.click(screen.getByRole('combobox', { name: 'Role' }));
    await userEvent.click(await screen.findByRole('option', { name: 'viewer' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add member' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByDisplayValue(`${window.location.origin}/#/set-password/setup-token`),
    ).toBeTruthy();
    expect(api.members.map(({ email, role }) => ({ email, role }))).toContainEqual({
      email: 'bob@example.com',
      role: 'viewer',
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('bob@example.com')).toBeTruthy();
  });

  it("changes a member's role", async () => {
    const api = new MemoryAccessApi();
    await api.addMember({ email: 'bob@example.com', role: 'viewer' });
    renderSettings(<MembersPage api={api} />);
    await userEvent.click(await screen.findByRole('combobox', { name: 'Role of bob@example.com' }));
    await userEvent.click(await screen.findByRole('option', { name: 'member' }));
    await waitFor(() => expect(api.members[1]?.role).toBe('member'));
  });

  it("shows the server's refusal to demote the last owner", async () => {
    const api = new MemoryAccessApi();
    renderSettings(<MembersPage api={api} />);
    await userEvent.click(await screen.findByRole('combobox', { name: 'Role of ada@example.com' }));
    await userEvent.click(await screen.findByRole('option', { name: 'viewer' }));
    expect(await screen.findByText('The last owner cannot be demoted')).toBeTruthy();
    expect(api.members[0]?.role).toBe('owner');
  });

  it('shows the link a password reset returns', async () => {
    const api = new MemoryAccessApi();
    renderSettings(<MembersPage api={api} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Reset password' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByDisplayValue(/\/#\/set-password\/reset-token$/)).toBeTruthy();
  });

  it('removes another member after confirmation, never the signed-in one', async () => {
    const api = new MemoryAccessApi();
    await api.addMember({ email: 'bob@example.com', role: 'viewer' });
    renderSettings(<MembersPage api={api} />);
    const bob = (await screen.findByText('bob@example.com')).closest('tr') as HTMLElement;
    const ada = screen.getByText('ada@example.com').closest('tr') as HTMLElement;
    expect(within(ada).getByRole('button', { name: 'Remove' })).toHaveProperty('disabled', true);
    await userEvent.click(within(bob).getByRole('button', { name: 'Remove' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(screen.queryByText('bob@example.com')).toBeNull());
    expect(api.members.map((member) => member.email)).toEqual(['ada@example.com']);
  });
});
