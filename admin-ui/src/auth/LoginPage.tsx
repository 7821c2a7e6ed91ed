import { Alert, Box, Button, CardContent, CircularProgress, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { HttpError, Login, useAuthProvider } from 'react-admin';
import { useLocation } from 'react-router-dom';

export interface LoginPageProps {
  /** Loads the app again at `path`, signed in (a full load: nothing of a previous user stays). */
  onSignedIn?: (path: string) => void;
}

const reloadAt = (path: string) => window.location.replace(path);

/** The words for a refused sign-in: the server's 401 does not say which of the two was wrong. */
export function loginErrorMessage(error: unknown): string {
  if (error instanceof HttpError && error.status === 401) {
    return 'Wrong email or password.';
  }
  if (error instanceof HttpError && error.status === 429) {
    return 'Too many failed attempts: wait a few minutes, then try again.';
  }
  return error instanceof Error && error.message
    ? `Cannot sign in: ${error.message}`
    : 'Cannot sign in.';
}

interface NextLocation {
  nextPathname?: string;
  nextSearch?: string;
}

/** Email and password; after signing in, back to the page that asked for it. */
export function LoginPage({ onSignedIn = reloadAt }: LoginPageProps) {
  const authProvider = useAuthProvider();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const next = (location.state ?? {}) as NextLocation;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await authProvider?.login({ email: email.trim(), password });
      const path = next.nextPathname && next.nextPathname !== '/login' ? next.nextPathname : '/';
      onSignedIn(`${path}${next.nextSearch ?? ''}`);
    } catch (failure) {
      setError(loginErrorMessage(failure));
      setSubmitting(false);
    }
  };
  return (
    <Login>
      <CardContent>
        <Box
          component="form"
          onSubmit={(event) => void onSubmit(event)}
          sx={{ display: 'grid', gap: 2, width: 300 }}
        >
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            autoFocus
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {error ? <Alert severity="error">{error}</Alert> : null}
          <Button type="submit" variant="contained" disabled={isSubmitting}>
            {isSubmitting ? <CircularProgress size={20} color="inherit" /> : 'Sign in'}
          </Button>
        </Box>
      </CardContent>
    </Login>
  );
}
