import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { Box, Button, List, ListItem, ListItemText, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  createProductionAccessRequestSchema,
  MyProductionAccess,
  PRODUCTION_LEVEL_IDS,
  PRODUCTION_LEVELS,
  ProductionLevelId,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { formErrorsFrom } from '../../lib/serverErrors';
import { validate } from '../../lib/validate';
import { FormOutcome } from '../Forms/FormOutcome';
import { FormSelectField } from '../Forms/FormSelectField';
import { FormTextField } from '../Forms/FormTextField';
import { ChecklistFields, checklistItems, emptyChecklist } from './ChecklistFields';

const FIELDS = ['projectId', 'level', 'justification', 'checklist'];

/** Asks for a production level on one of the caller's technical projects. */
export const RequestForm = ({ mine, onDone, nameOf }: { mine: MyProductionAccess; onDone(): void; nameOf(ref: string): string }) => {
  const api = useApi(adpApiRef);
  const [projectId, setProjectId] = useState('');
  const [level, setLevel] = useState<ProductionLevelId | ''>('');
  const [justification, setJustification] = useState('');
  const [checklist, setChecklist] = useState(emptyChecklist());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [sent, setSent] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const definition = level ? PRODUCTION_LEVELS[level] : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    setSent(undefined);
    const payload = {
      projectId,
      level,
      justification,
      ...(definition?.requiresLearningChecklist ? { checklist: checklistItems(checklist) } : {}),
    };
    const checked = validate(createProductionAccessRequestSchema, payload);
    if (!checked.ok) {
      setErrors(checked.fields);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const created = await api.requestProductionAccess(checked.data);
      setSent(`Requested ${PRODUCTION_LEVELS[created.level].title} on ${created.project?.title ?? projectId}: a sponsor will decide.`);
      setJustification('');
      setChecklist(emptyChecklist());
      onDone();
    } catch (error) {
      const mapped = formErrorsFrom(error, FIELDS);
      setErrors(mapped.fields);
      setFormError(mapped.form);
    } finally {
      setSubmitting(false);
    }
  };

  if (mine.eligibleProjects.length === 0) {
    return (
      <InfoCard title="Request production access">
        <Typography>
          Production access is requested per delivery project by its Technical Team Members; you are not one on any project.
        </Typography>
      </InfoCard>
    );
  }

  return (
    <InfoCard title="Request production access">
      <form onSubmit={submit} noValidate aria-label="Request production access">
        <FormOutcome error={formError} success={sent} />
        <FormSelectField
          name="projectId"
          label="Project"
          value={projectId}
          options={mine.eligibleProjects.map(p => ({ value: p.id, label: p.title }))}
          errors={errors}
          onChange={(_n, v) => setProjectId(v)}
          required
        />
        <FormSelectField
          name="level"
          label="Level"
          value={level}
          options={PRODUCTION_LEVEL_IDS.map(id => ({ value: id, label: PRODUCTION_LEVELS[id].title }))}
          errors={errors}
          onChange={(_n, v) => setLevel(v as ProductionLevelId | '')}
          required
        />
        {definition && (
          <Box my={1}>
            <Typography variant="body2">{definition.description}</Typography>
            <List dense aria-label={`What ${definition.title} gives`}>
              {definition.grants.map(g => (
                <ListItem key={g.key}>
                  <ListItemText primary={g.description} />
                </ListItem>
              ))}
            </List>
            {definition.apprentices === 'line-manager-approval' && mine.profile.apprentice && (
              <Alert severity="info" role="status">
                Apprentices are limited to Production Deploy: your line manager
                {mine.profile.lineManagerRef ? ` (${nameOf(mine.profile.lineManagerRef)})` : ''} must approve this request before a sponsor can.
              </Alert>
            )}
          </Box>
        )}
        {definition?.requiresLearningChecklist && (
          <>
            <ChecklistFields draft={checklist} onChange={setChecklist} disabled={submitting} />
            {errors.checklist && (
              <Typography color="error" variant="body2" role="alert">
                {errors.checklist}
              </Typography>
            )}
          </>
        )}
        <FormTextField
          name="justification"
          label="Why do you need it?"
          value={justification}
          errors={errors}
          onChange={(_n, v) => setJustification(v)}
          required
          multiline
        />
        <Box mt={1}>
          <Button type="submit" variant="contained" color="primary" disabled={submitting}>
            Request
          </Button>
        </Box>
      </form>
    </InfoCard>
  );
};
