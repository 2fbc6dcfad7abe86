import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  DeliveryProgramme,
  createProgrammeSchema,
  updateProgrammeSchema,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { FormDialog } from './FormDialog';
import { FormSelectField } from './FormSelectField';
import { FormTextField } from './FormTextField';
import { orNull, orUndefined } from './optional';
import { useFormState } from './useFormState';

export interface ProgrammeFormDialogProps {
  open: boolean;
  /** The programme to edit; omitted to create one. */
  programme?: DeliveryProgramme;
  /** Preselected ALB when creating. */
  albId?: string;
  onClose(): void;
  onSaved(programme: DeliveryProgramme): void;
}

const valuesOf = (p?: DeliveryProgramme, albId?: string) => ({
  albId: p?.albId ?? albId ?? '',
  title: p?.title ?? '',
  name: p?.name ?? '',
  code: p?.code ?? '',
  alias: p?.alias ?? '',
  description: p?.description ?? '',
  url: p?.url ?? '',
});

/** Creates or edits a delivery programme. */
export const ProgrammeFormDialog = (props: ProgrammeFormDialogProps) => {
  const { open, programme, albId, onClose, onSaved } = props;
  const api = useApi(adpApiRef);
  const form = useFormState(valuesOf(programme, albId));
  const { reset } = form;
  useEffect(() => {
    if (open) reset(valuesOf(programme, albId));
  }, [open, programme, albId, reset]);
  const albs = useAsync(
    async () => (open ? (await api.listAlbs({ limit: 200, sort: 'title' })).items : []),
    [api, open],
  );
  const v = form.values;

  const save = async () => {
    const saved = programme
      ? await form.submit(
          updateProgrammeSchema,
          { title: v.title, code: v.code, alias: orNull(v.alias), description: v.description, url: orNull(v.url) },
          data => api.updateProgramme(programme.id, data),
        )
      : await form.submit(
          createProgrammeSchema,
          {
            albId: v.albId,
            title: v.title,
            name: orUndefined(v.name),
            code: v.code,
            alias: orUndefined(v.alias),
            description: v.description,
            url: orUndefined(v.url),
          },
          data => api.createProgramme(data),
        );
    if (saved) onSaved(saved);
  };

  const field = { errors: form.errors, onChange: form.setValue };
  return (
    <FormDialog
      open={open}
      title={programme ? `Edit ${programme.title}` : 'Create delivery programme'}
      submitLabel={programme ? 'Save' : 'Create'}
      submitting={form.submitting}
      formError={form.formError ?? albs.error?.message}
      onClose={onClose}
      onSubmit={save}
    >
      <FormSelectField
        {...field}
        name="albId"
        label="Arms Length Body"
        value={v.albId}
        required
        disabled={!!programme}
        options={(albs.value ?? []).map(a => ({ value: a.id, label: a.title }))}
      />
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- moving focus into the dialog when it opens is what the WAI-ARIA dialog pattern asks */}
      <FormTextField {...field} name="title" label="Title" value={v.title} required autoFocus />
      <FormTextField
        {...field}
        name="name"
        label="Name"
        value={v.name}
        disabled={!!programme}
        helperText={programme ? 'The name cannot change' : 'Leave empty to derive it from the title'}
      />
      <FormTextField {...field} name="code" label="Programme code" value={v.code} required helperText="3 or 4 letters, e.g. FCP" />
      <FormTextField {...field} name="alias" label="Alias" value={v.alias} />
      <FormTextField {...field} name="description" label="Description" value={v.description} required multiline />
      <FormTextField {...field} name="url" label="Website" value={v.url} />
    </FormDialog>
  );
};
