import { TextField } from '@material-ui/core';

export interface FormSelectFieldProps {
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  errors: Record<string, string>;
  onChange(name: string, value: string): void;
  required?: boolean;
  disabled?: boolean;
  helperText?: string;
}

/** A labelled single choice (native select, so it works with the keyboard and screen readers). */
export const FormSelectField = (props: FormSelectFieldProps) => {
  const { name, label, value, options, errors, onChange, required, disabled, helperText } = props;
  const error = errors[name];
  return (
    <TextField
      select
      id={`adp-field-${name}`}
      name={name}
      label={label}
      value={value}
      onChange={e => onChange(name, e.target.value)}
      required={required}
      disabled={disabled}
      error={!!error}
      helperText={error ?? helperText}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      fullWidth
      margin="dense"
      variant="outlined"
    >
      <option value="">{required ? 'Choose…' : 'None'}</option>
      {options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
};

