import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onCancel(): void;
  /** Rejecting keeps the dialog open with the error shown. */
  onConfirm(): Promise<void>;
}

/** Asks before something that cannot be undone. */
export const ConfirmDialog = (props: ConfirmDialogProps) => {
  const { open, title, message, confirmLabel, onCancel, onConfirm } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} aria-labelledby="adp-confirm-title">
      <DialogTitle id="adp-confirm-title">{title}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <DialogContentText>{message}</DialogContentText>
      </DialogContent>
      <DialogActions>
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- moving focus into the dialog when it opens is what the WAI-ARIA dialog pattern asks; Cancel is the safe default */}
        {/* No focus ripple: MUI v4 pulses it before the ripple has mounted when the dialog is opened
            from the keyboard, and the page crashes ("reading 'pulsate'"); the focus style stays. */}
        <Button onClick={onCancel} disabled={busy} autoFocus disableFocusRipple>
          Cancel
        </Button>
        <Button onClick={confirm} disabled={busy} color="secondary" variant="contained">
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
