import { FormEvent, ReactNode } from 'react';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@material-ui/core';
import { FormOutcome } from './FormOutcome';

export interface FormDialogProps {
  open: boolean;
  title: string;
  submitLabel: string;
  submitting: boolean;
  /** An error that belongs to no single field. */
  formError?: string;
  onClose(): void;
  onSubmit(): void;
  children: ReactNode;
}

/** A modal form: Escape and Cancel close it, Enter submits, focus stays inside. */
export const FormDialog = (props: FormDialogProps) => {
  const { open, title, submitLabel, submitting, formError, onClose, onSubmit, children } = props;
  const titleId = `adp-form-${title.replace(/\W+/g, '-').toLowerCase()}`;
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open={open} onClose={submitting ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <form onSubmit={handleSubmit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <FormOutcome error={formError} />
          {children}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" color="primary" variant="contained" disabled={submitting}>
            {submitting ? <CircularProgress size={20} aria-label="Saving" /> : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
