import { TextField } from '@material-ui/core';

export interface FormTextFieldProps {
  name: string;
  label: string;
  value: string;
  errors: Record<string, string>;
  onChange(name: string, value: string): void;
  required?: boolean;
  multiline?: boolean;
  helperText?: string;
  disabled?: boolean;
  autoFocus?: boolean;
}

/** A labelled text input whose error (client or server) is announced with the field. */
export const FormTextField = (props: FormTextFieldProps) => {
  const { name, label, value, errors, onChange, required, multiline, helperText, disabled, autoFocus } = props;
  const error = errors[name];
  return (
    <TextField
      id={`adp-field-${name}`}
      name={name}
      label={label}
      value={value}
      onChange={e => onChange(name, e.target.value)}
      required={required}
      multiline={multiline}
      minRows={multiline ? 3 : undefined}
      error={!!error}
      helperText={error ?? helperText}
      disabled={disabled}
      // eslint-disable-next-line jsx-a11y/no-autofocus -- passes through the caller's choice (set only by dialogs)
      autoFocus={autoFocus}
      fullWidth
      margin="dense"
      variant="outlined"
    />
  );
};
