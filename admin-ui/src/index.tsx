import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';

/** Shared by the app shell (definitions) and react-admin (records), so one invalidation reaches both. */
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element');
}

// A password-reset link may arrive as /#/set-password/<token>: the same page at its browser URL.
const HASH_ROUTE = '#/set-password/';
if (window.location.hash.startsWith(HASH_ROUTE)) {
  window.history.replaceState(null, '', window.location.hash.slice(1));
}

// Browser URLs (/deal/…): the server answers unknown non-API paths with index.html.
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
