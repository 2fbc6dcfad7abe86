import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ArmsLengthBody, createAlbSchema, updateAlbSchema } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { FormDialog } from './FormDialog';
import { FormTextField } from './FormTextField';
import { orNull, orUndefined } from './optional';
import { useFormState } from './useFormState';

export interface AlbFormDialogProps {
  open: boolean;
  /** The ALB to edit; omitted to create one. */
  alb?: ArmsLengthBody;
  onClose(): void;
  onSaved(alb: ArmsLengthBody): void;
}

const valuesOf = (alb?: ArmsLengthBody) => ({
  title: alb?.title ?? '',
  name: alb?.name ?? '',
  alias: alb?.alias ?? '',
  description: alb?.description ?? '',
  url: alb?.url ?? '',
});

/** Creates or edits an Arms Length Body. */
export const AlbFormDialog = ({ open, alb, onClose, onSaved }: AlbFormDialogProps) => {
  const api = useApi(adpApiRef);
  const form = useFormState(valuesOf(alb));
  const { reset } = form;
  useEffect(() => {
    if (open) reset(valuesOf(alb));
  }, [open, alb, reset]);
  const v = form.values;

  const save = async () => {
    const saved = alb
      ? await form.submit(
          updateAlbSchema,
          { title: v.title, alias: orNull(v.alias), description: v.description, url: orNull(v.url) },
          data => api.updateAlb(alb.id, data),
        )
      : await form.submit(
          createAlbSchema,
          {
            title: v.title,
            name: orUndefined(v.name),
            alias: orUndefined(v.alias),
            description: v.description,
            url: orUndefined(v.url),
          },
          data => api.createAlb(data),
        );
    if (saved) onSaved(saved);
  };

  const field = { errors: form.errors, onChange: form.setValue };
  return (
    <FormDialog
      open={open}
      title={alb ? `Edit ${alb.title}` : 'Create Arms Length Body'}
      submitLabel={alb ? 'Save' : 'Create'}
      submitting={form.submitting}
      formError={form.formError}
      onClose={onClose}
      onSubmit={save}
    >
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- moving focus into the dialog when it opens is what the WAI-ARIA dialog pattern asks */}
      <FormTextField {...field} name="title" label="Title" value={v.title} required autoFocus />
      <FormTextField
        {...field}
        name="name"
        label="Name"
        value={v.name}
        disabled={!!alb}
        helperText={alb ? 'The name cannot change: it names catalog and external groups' : 'Leave empty to derive it from the title'}
      />
      <FormTextField {...field} name="alias" label="Alias" value={v.alias} />
      <FormTextField {...field} name="description" label="Description" value={v.description} required multiline />
      <FormTextField {...field} name="url" label="Website" value={v.url} />
    </FormDialog>
  );
};
