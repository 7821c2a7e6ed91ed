import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Node's Intl gives these tests a stable locale; dates are read in UTC (as the server's tests).
process.env.TZ = 'UTC';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

// jsdom has no layout: react-admin scrolls to the top on navigation.
window.scrollTo = vi.fn();
