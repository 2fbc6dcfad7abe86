import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ProgrammeAdmin, addProgrammeAdminSchema } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { formErrorsFrom } from '../../lib/serverErrors';
import { validate } from '../../lib/validate';
import { FormDialog } from '../Forms/FormDialog';
import { PickedUser, UserPicker } from './UserPicker';

export interface AddAdminDialogProps {
  open: boolean;
  programme: { id: string; title: string };
  onClose(): void;
  onSaved(admin: ProgrammeAdmin): void;
}

/** Makes a user a Delivery Programme Admin of one programme. */
export const AddAdminDialog = ({ open, programme, onClose, onSaved }: AddAdminDialogProps) => {
  const api = useApi(adpApiRef);
  const [user, setUser] = useState<PickedUser | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  useEffect(() => {
    if (open) {
      setUser(null);
      setErrors({});
      setFormError(undefined);
    }
  }, [open]);

  const save = async () => {
    const checked = validate(addProgrammeAdminSchema, { userRef: user?.userRef ?? '' });
    if (!checked.ok) {
      setErrors(checked.fields);
      return;
    }
    setSubmitting(true);
    setFormError(undefined);
    try {
      onSaved(await api.addProgrammeAdmin(programme.id, checked.data));
    } catch (e) {
      const mapped = formErrorsFrom(e, ['userRef']);
      setErrors(mapped.fields);
      setFormError(mapped.form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <FormDialog
      open={open}
      title={`Add programme admin to ${programme.title}`}
      submitLabel="Add"
      submitting={submitting}
      formError={formError}
      onClose={onClose}
      onSubmit={save}
    >
      <UserPicker label="User" value={user} onChange={setUser} error={errors.userRef} />
    </FormDialog>
  );
};
