import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { FormControl, TextField } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { DeliveryProject } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

/**
 * The name templates use: `ui:field: AdpDeliveryProjectPicker`.
 *
 * @public
 */
export const DELIVERY_PROJECT_PICKER = 'AdpDeliveryProjectPicker';

/** Shown instead of the picker to a user who is a technical member of no project. */
export const NO_TECHNICAL_PROJECTS =
  'Only technical team members of a delivery project can create services for it';

/** Projects fetched per search; typing searches the server for the rest. */
export const PROJECTS_PER_SEARCH = 50;

/**
 * The field's value. With `type: object` (and properties `id` and `title`) it is the chosen
 * project's id and its label, so the Review step can show the label and hide the id
 * (`ui:backstage: { review: { show: false } }` on `id`); with `type: string`, just the id.
 * Steps pass the id on: `${{ parameters.project.id }}`.
 *
 * @public
 */
export const DeliveryProjectPickerSchema = makeFieldSchema({
  output: z => z.union([z.object({ id: z.string(), title: z.string() }), z.string()]),
});

const labelOf = (p: DeliveryProject) => `${p.title} (${p.name})`;

/** The server's sentence for a failed request, not just its status line. */
const messageOf = (error?: Error) =>
  error && (ResponseError.is(error) ? error.body?.error?.message ?? error.message : error.message);

/**
 * Scaffolder field: one of the delivery projects the user may create services for, i.e.
 * where they are a Technical Team Member (every project for an ADP Admin). The server
 * filters (`technical=true`) with the same permission the scaffolder's adp:* steps check.
 *
 * @public
 */
export const DeliveryProjectPicker = (props: typeof DeliveryProjectPickerSchema.TProps) => {
  const {
    formData,
    onChange,
    schema: { title = 'Delivery project', description, type: schemaType },
    required,
    disabled,
    rawErrors = [],
    idSchema,
    uiSchema,
  } = props;
  const api = useApi(adpApiRef);
  const [input, setInput] = useState('');
  const [picked, setPicked] = useState<DeliveryProject | null>(null);
  const term = useDebouncedValue(input.trim(), 300);

  const options = useAsync(
    () => api.listProjects({ technical: true, search: term || undefined, limit: PROJECTS_PER_SEARCH, sort: 'title' }),
    [api, term],
  );
  const chosenId = typeof formData === 'string' ? formData : formData?.id;
  // A value chosen earlier (going back a step, or from the URL) is shown by its title.
  const chosen = useAsync(async () => {
    if (!chosenId) return null;
    return options.value?.items.find(p => p.id === chosenId) ?? api.getProject(chosenId);
  }, [api, chosenId]);
  const value = picked && picked.id === chosenId ? picked : (chosenId && chosen.value) || null;

  if (!term && options.value?.totalCount === 0) {
    return (
      <FormControl margin="normal" fullWidth>
        <Alert severity="info">
          <AlertTitle>No delivery project to choose</AlertTitle>
          {NO_TECHNICAL_PROJECTS}. Ask a Delivery Team Admin of your project to make you a technical team member.
        </Alert>
      </FormControl>
    );
  }

  const page = options.value;
  const hint =
    !term && page && page.totalCount > page.items.length
      ? `Showing ${page.items.length} of ${page.totalCount} projects: type to search.`
      : undefined;
  const problem = messageOf(options.error) ?? messageOf(chosen.error);
  const helperText = rawErrors[0] ?? problem ?? hint ?? description;

  return (
    <FormControl margin="normal" fullWidth required={required} error={rawErrors.length > 0 || !!problem}>
      <Autocomplete<DeliveryProject>
        id={idSchema?.$id}
        value={value}
        options={page?.items ?? []}
        loading={options.loading}
        disabled={disabled}
        filterOptions={x => x}
        getOptionLabel={labelOf}
        getOptionSelected={(a, b) => a.id === b.id}
        onChange={(_, project) => {
          setPicked(project);
          if (!project) onChange(undefined);
          else onChange(schemaType === 'string' ? project.id : { id: project.id, title: labelOf(project) });
        }}
        onInputChange={(_, text, reason) => setInput(reason === 'input' ? text : '')}
        noOptionsText={term ? 'No project of yours matches' : 'No projects'}
        renderInput={params => (
          <TextField
            {...params}
            label={title}
            required={required}
            variant="outlined"
            margin="dense"
            // eslint-disable-next-line jsx-a11y/no-autofocus -- honours the template author's ui:autofocus option, as the built-in fields do
            autoFocus={!!uiSchema?.['ui:autofocus']}
            error={rawErrors.length > 0 || !!problem}
            helperText={helperText}
            FormHelperTextProps={{ role: problem ? 'alert' : undefined }}
          />
        )}
      />
    </FormControl>
  );
};
