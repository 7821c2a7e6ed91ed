import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  TextField,
  Tooltip,
} from '@mui/material';
import { useState } from 'react';

export interface OneTimeSecretProps {
  title: string;
  /** The key or link; it leaves the page when the dialog closes. */
  secret: string;
  warning: string;
  onClose: () => void;
}

/** A secret the server shows once (an API key, a password link): copy it now or never. */
export function OneTimeSecret({ title, secret, warning, onClose }: OneTimeSecretProps) {
  const [isCopied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <Alert severity="warning">{warning}</Alert>
        <TextField
          label="Copy it now"
          value={secret}
          fullWidth
          slotProps={{
            input: {
              readOnly: true,
              endAdornment: (
                <InputAdornment position="end">
                  <Tooltip title={isCopied ? 'Copied' : 'Copy'}>
                    <IconButton aria-label="Copy" onClick={() => void copy()}>
                      <ContentCopyIcon />
                    </IconButton>
                  </Tooltip>
                </InputAdornment>
              ),
            },
          }}
        />
        {isCopied ? <Alert severity="success">Copied to the clipboard.</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
