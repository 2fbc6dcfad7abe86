import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

export interface PickedUser {
  userRef: string;
  displayName: string;
  email?: string;
}

export interface UserPickerProps {
  label: string;
  value: PickedUser | null;
  onChange(user: PickedUser | null): void;
  error?: string;
  /** The input's id; needed when a page has more than one picker. */
  id?: string;
  /** Required unless said otherwise. */
  required?: boolean;
  helperText?: string;
}

const FIELDS = ['metadata.name', 'spec.profile.displayName', 'spec.profile.email'];

/**
 * Picks a catalog User. Searching happens in the catalog (full-text, 20 at a time,
 * debounced), so it stays fast however many users there are.
 */
export const UserPicker = ({ label, value, onChange, error, id = 'adp-user-picker', required = true, helperText }: UserPickerProps) => {
  const catalogApi = useApi(catalogApiRef);
  const [input, setInput] = useState('');
  const term = useDebouncedValue(input.trim(), 300);
  const options = useAsync(async (): Promise<PickedUser[]> => {
    if (!term) return [];
    const result = await catalogApi.queryEntities({
      filter: { kind: 'User' },
      fullTextFilter: { term, fields: FIELDS },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.profile'],
      limit: 20,
    });
    return result.items.map(e => {
      const profile = (e.spec?.profile ?? {}) as { displayName?: string; email?: string };
      return {
        userRef: stringifyEntityRef(e),
        displayName: profile.displayName ?? e.metadata.name,
        email: profile.email,
      };
    });
  }, [catalogApi, term]);

  return (
    <Autocomplete<PickedUser>
      id={id}
      value={value}
      options={options.value ?? []}
      loading={options.loading}
      filterOptions={x => x}
      getOptionLabel={u => (u.email ? `${u.displayName} (${u.email})` : u.displayName)}
      getOptionSelected={(a, b) => a.userRef === b.userRef}
      onChange={(_, u) => onChange(u)}
      // Showing the chosen user fills the input too ('reset'): that is no search.
      onInputChange={(_, v, reason) => setInput(reason === 'reset' ? '' : v)}
      noOptionsText={term ? 'No users match' : 'Type a name or email'}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required={required}
          variant="outlined"
          margin="dense"
          error={!!error}
          helperText={error ?? helperText}
        />
      )}
    />
  );
};
