import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OneTimeSecret } from './OneTimeSecret';

describe(OneTimeSecret.name, () => {
  it('shows the secret with its warning and copies it to the clipboard', async () => {
    const user = userEvent.setup();
    render(
      <OneTimeSecret
        title="Your new API key"
        secret="plk_secret"
        warning="This is the only time the key is shown."
        onClose={() => undefined}
      />,
    );
    expect(screen.getByRole('dialog', { name: 'Your new API key' })).toBeTruthy();
    expect(screen.getByText('This is the only time the key is shown.')).toBeTruthy();
    expect(screen.getByDisplayValue('plk_secret')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('plk_secret');
    expect(await screen.findByText('Copied to the clipboard.')).toBeTruthy();
  });

  it('closes on Done', async () => {
    const onClose = vi.fn();
    render(<OneTimeSecret title="Secret" secret="s" warning="Once only." onClose={onClose} />);
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
