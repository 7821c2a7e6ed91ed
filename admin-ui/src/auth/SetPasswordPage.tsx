import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { HttpError } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import { sessionApi } from './sessionApi';

export const SET_PASSWORD_PATH = '/set-password/:token';

/** Short enough to type, long enough that guessing is pointless; the server has the final word. */
export const MIN_PASSWORD_LENGTH = 8;

export interface SetPasswordPageProps {
  completeReset?: (token: string, password: string) => Promise<void>;
}

/** Why the two passwords cannot be sent, or null when they can. */
export function passwordProblem(password: string, repeated: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  return password === repeated ? null : 'The two passwords differ.';
}

/**
 * Where a password-reset link leads (public: the link's one-time token is the credential). The
 * token stays in the path, never in a log of ours.
 */
export function SetPasswordPage({
  completeReset = (token, password) => sessionApi.completePasswordReset(token, password),
}: SetPasswordPageProps) {
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isDone, setDone] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password, repeated);
    if (problem) {
      setError(problem);
      return;
    }
    try {
      await completeReset(token, password);
      setDone(true);
    } catch (failure) {
      setError(
        failure instanceof HttpError && (failure.status === 400 || failure.status === 404)
          ? 'This link has expired or was already used: ask an administrator for a new one.'
          : `Cannot set the password: ${failure instanceof Error ? failure.message : ''}`,
      );
    }
  };
  return (
    <Box sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
      <Card sx={{ width: 360 }}>
        <CardContent>
          <Typography variant="h6" gutterBottom>
            Set your password
          </Typography>
          {isDone ? (
            <>
              <Alert severity="success">Your password is set.</Alert>
              <Button component={Link} to="/login" sx={{ mt: 2 }}>
                Sign in
              </Button>
            </>
          ) : (
            <Box
              component="form"
              onSubmit={(event) => void onSubmit(event)}
              sx={{ display: 'grid', gap: 2 }}
            >
              <TextField
                label="New password"
                type="password"
                autoComplete="new-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <TextField
                label="Repeat the password"
                type="password"
                autoComplete="new-password"
                required
                value={repeated}
                onChange={(event) => setRepeated(event.target.value)}
              />
              {error ? <Alert severity="error">{error}</Alert> : null}
              <Button type="submit" variant="contained">
                Set password
              </Button>
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
