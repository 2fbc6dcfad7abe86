import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Checkbox, FormControlLabel, FormGroup, TextField, Typography } from '@material-ui/core';
import {
  AddProjectMemberRequest,
  ProjectMember,
  addProjectMemberSchema,
  updateProjectMemberSchema,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { formErrorsFrom } from '../../lib/serverErrors';
import { validate } from '../../lib/validate';
import { FormDialog } from '../Forms/FormDialog';
import { PickedUser, UserPicker } from './UserPicker';

export interface MemberDialogProps {
  open: boolean;
  project: { id: string; title: string };
  /** The member to change; omitted to add one. */
  member?: ProjectMember;
  onClose(): void;
  onSaved(member: ProjectMember): void;
}

const FIELDS = ['userRef', 'technical', 'admin', 'endsAt'];

/** Adds a user to a project team or changes a member's role. */
export const MemberDialog = ({ open, project, member, onClose, onSaved }: MemberDialogProps) => {
  const api = useApi(adpApiRef);
  const [user, setUser] = useState<PickedUser | null>(null);
  const [technical, setTechnical] = useState(false);
  const [admin, setAdmin] = useState(false);
  /** YYYY-MM-DD, or '' for no end. */
  const [endsAt, setEndsAt] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    setUser(null);
    setTechnical(member?.technical ?? false);
    setAdmin(member?.admin ?? false);
    setEndsAt(member?.endsAt ?? '');
    setErrors({});
    setFormError(undefined);
  }, [open, member]);

  const memberName = member?.user?.displayName ?? member?.userRef;

  const save = async () => {
    setFormError(undefined);
    const end = endsAt === '' ? null : endsAt;
    // A change sends the end date only when it changed: the server checks a new date is after today.
    const payload = member
      ? { technical, admin, ...(end !== (member.endsAt ?? null) ? { endsAt: end } : {}) }
      : { userRef: user?.userRef ?? '', technical, admin, endsAt: end };
    const checked = member ? validate(updateProjectMemberSchema, payload) : validate(addProjectMemberSchema, payload);
    const fields: Record<string, string> = checked.ok ? {} : { ...checked.fields };
    if (!checked.ok) {
      const { _form, ...rest } = fields;
      setErrors(rest);
      setFormError(_form);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const saved = member
        ? await api.updateProjectMember(project.id, member.id, payload)
        : await api.addProjectMember(project.id, payload as AddProjectMemberRequest);
      onSaved(saved);
    } catch (e) {
      const mapped = formErrorsFrom(e, FIELDS);
      setErrors(mapped.fields);
      setFormError(mapped.form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <FormDialog
      open={open}
      title={member ? `Change role of ${memberName} in ${project.title}` : `Add team member to ${project.title}`}
      submitLabel={member ? 'Save' : 'Add'}
      submitting={submitting}
      formError={formError}
      onClose={onClose}
      onSubmit={save}
    >
      {!member && <UserPicker label="User" value={user} onChange={setUser} error={errors.userRef} />}
      <FormGroup>
        <FormControlLabel
          control={<Checkbox checked={technical} onChange={(_, v) => setTechnical(v)} />}
          label="Technical team member (GitHub, Azure and SonarCloud access)"
        />
        <FormControlLabel
          control={<Checkbox checked={admin} onChange={(_, v) => setAdmin(v)} />}
          label="Delivery team admin (manages the team and project)"
        />
      </FormGroup>
      <TextField
        id="adp-field-endsAt"
        name="endsAt"
        type="date"
        label="Access ends on (optional)"
        value={endsAt}
        onChange={e => setEndsAt(e.target.value)}
        InputLabelProps={{ shrink: true }}
        error={!!errors.endsAt}
        helperText={
          errors.endsAt ??
          'For contractors and secondments: the membership is removed at the start of this day, with a warning a week before. Leave empty for no end.'
        }
        fullWidth
        margin="dense"
        variant="outlined"
      />
      {technical && (
        // Team admins pick people; a GitHub account is linked by its owner on their profile.
        <Typography variant="body2" color="textSecondary">
          GitHub access follows once the person has linked their GitHub account on their profile.
        </Typography>
      )}
    </FormDialog>
  );
};
