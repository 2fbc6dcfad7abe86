import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Link } from '@backstage/core-components';
import { Box, Button, Card, CardActions, CardContent, Checkbox, FormControlLabel, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { LEARNING_OBJECTIVES, LearningObjectiveId, PRODUCTION_LEVELS, ProductionAccessRequest } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { day, holderOf, levelTitle, messageOf, projectOf } from './labels';

/**
 * One request awaiting a sponsor: what the engineer asks and why, what the GOV.UK production
 * access rules say the sponsor should ensure (each confirmed), and for Production Admin the
 * learning checklist (each item checked). The server checks all of it again.
 */
export const DecisionCard = ({ request, onDone, nameOf }: { request: ProductionAccessRequest; onDone(): void; nameOf(ref: string): string }) => {
  const api = useApi(adpApiRef);
  const level = PRODUCTION_LEVELS[request.level];
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [checked, setChecked] = useState<LearningObjectiveId[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter(v => v !== value));
  const itemOf = (id: LearningObjectiveId) => request.checklist.find(i => i.objective === id);
  const checklistComplete = !level.requiresLearningChecklist || LEARNING_OBJECTIVES.every(o => itemOf(o.id));
  const waitsForLineManager = request.apprentice && level.apprentices === 'line-manager-approval' && !request.lineManagerApprovedAt;
  const canApprove =
    level.sponsorShouldEnsure.every(c => confirmed.includes(c.id)) &&
    (!level.requiresLearningChecklist || LEARNING_OBJECTIVES.every(o => checked.includes(o.id))) &&
    checklistComplete &&
    !waitsForLineManager;

  const decide = async (decision: 'approve' | 'refuse') => {
    setError(undefined);
    setBusy(true);
    try {
      await api.decideProductionAccess(
        request.id,
        decision === 'approve'
          ? { decision, confirmations: confirmed, ...(level.requiresLearningChecklist ? { checklistConfirmations: checked } : {}), note: note || null }
          : { decision, note },
      );
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const title = `${holderOf(request)} asks for ${levelTitle(request)} on ${projectOf(request)}`;
  return (
    <Card variant="outlined" component="section" aria-label={title} style={{ marginBottom: 16 }}>
      <CardContent>
        <Typography variant="h6" component="h3">
          {title}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Asked {day(request.createdAt)}
        </Typography>
        <Typography paragraph>“{request.justification}”</Typography>
        {error && <Alert severity="error" role="alert">{error}</Alert>}
        {waitsForLineManager && (
          <Alert severity="warning" role="status">
            {holderOf(request)} is an apprentice: their line manager{request.lineManagerRef ? ` (${nameOf(request.lineManagerRef)})` : ''} must approve first.
          </Alert>
        )}
        {request.apprentice && request.lineManagerApprovedAt && (
          <Alert severity="info" role="status">
            Line manager {request.lineManagerRef ? nameOf(request.lineManagerRef) : ''} approved on {day(request.lineManagerApprovedAt)}
            {request.lineManagerNote ? `: ${request.lineManagerNote}` : ''}
          </Alert>
        )}
        <Box component="fieldset" border={0} p={0} m={0} mt={1}>
          <Typography component="legend" variant="subtitle2">
            Before approving, confirm that the engineer:
          </Typography>
          {level.sponsorShouldEnsure.map(c => (
            <FormControlLabel
              key={c.id}
              style={{ display: 'flex' }}
              control={<Checkbox checked={confirmed.includes(c.id)} onChange={e => setConfirmed(toggle(confirmed, c.id, e.target.checked))} />}
              label={c.text}
            />
          ))}
        </Box>
        {level.requiresLearningChecklist && (
          <Box component="fieldset" border={0} p={0} m={0} mt={1}>
            <Typography component="legend" variant="subtitle2">
              Learning checklist: check each item's note or evidence
            </Typography>
            {LEARNING_OBJECTIVES.map(o => {
              const item = itemOf(o.id);
              return (
                <Box key={o.id} mb={1}>
                  {item ? (
                    <>
                      <FormControlLabel
                        control={<Checkbox checked={checked.includes(o.id)} onChange={e => setChecked(toggle(checked, o.id, e.target.checked))} />}
                        label={`Checked: ${o.title}`}
                      />
                      <Typography variant="body2" color="textSecondary">
                        Done {item.completedOn}
                        {item.note ? ` — ${item.note}` : ''}
                        {item.evidenceUrl && (
                          <>
                            {' — '}
                            <Link to={item.evidenceUrl}>evidence</Link>
                          </>
                        )}
                      </Typography>
                    </>
                  ) : (
                    <Typography variant="body2" color="error">
                      Not done yet: {o.title}
                    </Typography>
                  )}
                </Box>
              );
            })}
          </Box>
        )}
        <TextField
          id={`adp-decision-note-${request.id}`}
          label="Note (a reason is needed to refuse)"
          value={note}
          onChange={e => setNote(e.target.value)}
          fullWidth
          multiline
          margin="dense"
          variant="outlined"
        />
      </CardContent>
      <CardActions>
        <Button color="primary" variant="contained" disabled={!canApprove || busy} onClick={() => decide('approve')}>
          Approve
        </Button>
        <Button disabled={!note.trim() || busy} onClick={() => decide('refuse')}>
          Refuse
        </Button>
      </CardActions>
    </Card>
  );
};
