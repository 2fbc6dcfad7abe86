import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  DeliveryProject,
  createProjectSchema,
  updateProjectSchema,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { FormDialog } from './FormDialog';
import { FormSelectField } from './FormSelectField';
import { FormTextField } from './FormTextField';
import { orNull, orUndefined } from './optional';
import { useFormState } from './useFormState';

export interface ProjectFormDialogProps {
  open: boolean;
  /** The project to edit; omitted to create one in `programme`. */
  project?: DeliveryProject;
  /** The programme a new project goes into. */
  programme?: { id: string; title: string };
  onClose(): void;
  onSaved(project: DeliveryProject): void;
}

const valuesOf = (p?: DeliveryProject) => ({
  title: p?.title ?? '',
  alias: p?.alias ?? '',
  description: p?.description ?? '',
  adoProject: p?.adoProject ?? '',
  githubTeamVisibility: p?.githubTeamVisibility ?? 'public',
  teamType: p?.teamType ?? 'delivery',
  serviceCode: p?.serviceCode ?? '',
  costCentre: p?.costCentre ?? '',
  serviceOwner: p?.serviceOwner ?? '',
});

const VISIBILITY = [
  { value: 'public', label: 'Public' },
  { value: 'private', label: 'Private' },
];
const TEAM_TYPES = [
  { value: 'delivery', label: 'Delivery' },
  { value: 'platform', label: 'Platform' },
];

/** Creates or edits a delivery project. */
export const ProjectFormDialog = (props: ProjectFormDialogProps) => {
  const { open, project, programme, onClose, onSaved } = props;
  const api = useApi(adpApiRef);
  const form = useFormState(valuesOf(project));
  const { reset } = form;
  useEffect(() => {
    if (open) reset(valuesOf(project));
  }, [open, project, reset]);
  const v = form.values;

  const save = async () => {
    const clear = project ? orNull : orUndefined;
    const common = {
      title: v.title,
      alias: clear(v.alias),
      description: v.description,
      adoProject: clear(v.adoProject),
      githubTeamVisibility: v.githubTeamVisibility,
      teamType: v.teamType,
      serviceCode: clear(v.serviceCode),
      costCentre: clear(v.costCentre),
      serviceOwner: clear(v.serviceOwner),
    };
    const saved = project
      ? await form.submit(updateProjectSchema, common, data => api.updateProject(project.id, data))
      : await form.submit(
          createProjectSchema,
          { ...common, programmeId: programme?.id ?? '' },
          data => api.createProject(data),
        );
    if (saved) onSaved(saved);
  };

  const field = { errors: form.errors, onChange: form.setValue };
  return (
    <FormDialog
      open={open}
      title={project ? `Edit ${project.title}` : `Create delivery project in ${programme?.title ?? 'programme'}`}
      submitLabel={project ? 'Save' : 'Create'}
      submitting={form.submitting}
      formError={form.formError ?? form.errors.programmeId}
      onClose={onClose}
      onSubmit={save}
    >
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- moving focus into the dialog when it opens is what the WAI-ARIA dialog pattern asks */}
      <FormTextField {...field} name="title" label="Title" value={v.title} required autoFocus />
      <FormTextField {...field} name="alias" label="Alias" value={v.alias} />
      <FormTextField {...field} name="description" label="Description" value={v.description} required multiline />
      <FormTextField {...field} name="adoProject" label="Azure DevOps project" value={v.adoProject} />
      <FormSelectField
        {...field}
        name="githubTeamVisibility"
        label="GitHub team visibility"
        value={v.githubTeamVisibility}
        options={VISIBILITY}
        required
      />
      <FormSelectField {...field} name="teamType" label="Team type" value={v.teamType} options={TEAM_TYPES} required />
      <FormTextField {...field} name="serviceCode" label="Service code" value={v.serviceCode} />
      <FormTextField {...field} name="costCentre" label="Finance cost centre" value={v.costCentre} />
      <FormTextField {...field} name="serviceOwner" label="Business service owner email" value={v.serviceOwner} />
    </FormDialog>
  );
};
