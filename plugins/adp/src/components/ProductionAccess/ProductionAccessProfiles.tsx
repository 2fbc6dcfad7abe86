import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Box, Button, Checkbox, FormControlLabel, FormHelperText, Typography } from '@material-ui/core';
import { EmploymentType, updateUserProfileSchema, UserProfile, userProfileManagePermission } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { formErrorsFrom } from '../../lib/serverErrors';
import { validate } from '../../lib/validate';
import { Permitted } from '../common/Permitted';
import { FormOutcome } from '../Forms/FormOutcome';
import { FormSelectField } from '../Forms/FormSelectField';
import { PickedUser, UserPicker } from '../Team/UserPicker';
import { day } from './labels';

const FIELDS = ['employment', 'apprentice', 'lineManagerRef'];

const EMPLOYMENT_OPTIONS: Array<{ value: EmploymentType; label: string }> = [
  { value: 'civil-servant', label: 'Civil servant' },
  { value: 'contractor', label: 'Contractor' },
];

const pickedFrom = (p: Pick<UserProfile, 'userRef' | 'displayName' | 'email'>): PickedUser => ({
  userRef: p.userRef,
  displayName: p.displayName ?? p.userRef,
  email: p.email ?? undefined,
});

interface Loaded {
  profile: UserProfile;
  lineManager: PickedUser | null;
}

/** The three facts of one user's profile, as an ADP Admin records them. */
const ProfileForm = ({ loaded, onSaved }: { loaded: Loaded; onSaved(): void }) => {
  const api = useApi(adpApiRef);
  const { profile } = loaded;
  const name = profile.displayName ?? profile.userRef;
  const [employment, setEmployment] = useState<string>(profile.employment ?? '');
  const [apprentice, setApprentice] = useState(profile.apprentice);
  const [lineManager, setLineManager] = useState<PickedUser | null>(loaded.lineManager);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    setSaved(undefined);
    const checked = validate(updateUserProfileSchema, {
      employment: employment || null,
      apprentice,
      lineManagerRef: lineManager?.userRef ?? null,
    });
    if (!checked.ok) {
      const { _form, ...fields } = checked.fields;
      setErrors(fields);
      setFormError(_form);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await api.updateUserProfile(profile.userRef, checked.data);
      setSaved(`Saved the production access profile of ${name}.`);
      onSaved();
    } catch (error) {
      const mapped = formErrorsFrom(error, FIELDS);
      setErrors(mapped.fields);
      setFormError(mapped.form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Production access profile of ${name}`}>
      <FormOutcome error={formError} success={saved} />
      <Typography variant="body2" color="textSecondary">
        {profile.email ?? 'No email recorded'} · GitHub: {profile.githubHandle ?? 'none recorded'} · Last active:{' '}
        {profile.lastActiveAt ? day(profile.lastActiveAt) : 'none recorded'}
      </Typography>
      <FormSelectField
        name="employment"
        label="Employment"
        value={employment}
        options={EMPLOYMENT_OPTIONS}
        errors={errors}
        onChange={(_n, v) => setEmployment(v)}
        disabled={submitting}
        helperText="Only a civil servant tech lead sponsors production access (ADP Admins always can)"
      />
      <FormControlLabel
        control={<Checkbox checked={apprentice} disabled={submitting} onChange={(_, v) => setApprentice(v)} />}
        label="Technologist apprentice"
      />
      <FormHelperText error={!!errors.apprentice}>
        {errors.apprentice ?? "Apprentices are limited to Production Deploy; Production Admin needs their line manager's approval first"}
      </FormHelperText>
      <UserPicker
        id="adp-profile-line-manager"
        label="Line manager"
        value={lineManager}
        onChange={setLineManager}
        error={errors.lineManagerRef}
        required={false}
        helperText={apprentice && !lineManager ? 'An apprentice needs a line manager to ask for Production Admin' : 'Approves an apprentice’s Production Admin request'}
      />
      <Box mt={1}>
        <Button type="submit" variant="contained" color="primary" disabled={submitting}>
          Save profile
        </Button>
      </Box>
    </form>
  );
};

/** ADP Admins look up a user and record what production access depends on about them. */
const ProfileEditor = ({ onSaved }: { onSaved(): void }) => {
  const api = useApi(adpApiRef);
  const [user, setUser] = useState<PickedUser | null>(null);
  const userRef = user?.userRef;
  const loaded = useAsync(async (): Promise<Loaded | undefined> => {
    if (!userRef) return undefined;
    const profile = await api.getUserProfile(userRef);
    const lineManager = profile.lineManagerRef ? pickedFrom(await api.getUserProfile(profile.lineManagerRef)) : null;
    return { profile, lineManager };
  }, [api, userRef]);

  return (
    <InfoCard title="Production access profiles">
      <Typography paragraph>
        Who may sponsor production access, and how far an apprentice&apos;s access goes, depend on whether someone is a civil
        servant or a contractor, whether they are a technologist apprentice, and who their line manager is. Only ADP Admins
        record these.
      </Typography>
      <UserPicker id="adp-profile-user" label="User" value={user} onChange={setUser} required={false} />
      {loaded.loading && <Progress />}
      {loaded.error && <ResponseErrorPanel error={loaded.error} />}
      {loaded.value && !loaded.loading && <ProfileForm key={loaded.value.profile.userRef} loaded={loaded.value} onSaved={onSaved} />}
    </InfoCard>
  );
};

/** Only for those who may manage other users' profiles (ADP Admins); the server checks again. */
export const ProductionAccessProfiles = ({ onSaved }: { onSaved(): void }) => (
  <Permitted permission={userProfileManagePermission}>
    <ProfileEditor onSaved={onSaved} />
  </Permitted>
);
