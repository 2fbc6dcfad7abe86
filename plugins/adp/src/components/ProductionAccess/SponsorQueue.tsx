import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { Button, List, ListItem, ListItemSecondaryAction, ListItemText, TextField, Typography } from '@material-ui/core';
import { lineManagerApprovalSchema, ProductionAccessQueue, ProductionAccessRequest } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { formErrorsFrom } from '../../lib/serverErrors';
import { validate } from '../../lib/validate';
import { FormDialog } from '../Forms/FormDialog';
import { DecisionCard } from './DecisionCard';
import { day, holderOf, levelTitle, projectOf } from './labels';

/** An apprentice's line manager records their approval, with an optional note for the sponsor. */
const LineManagerApprovalDialog = ({ request, onClose, onDone }: { request: ProductionAccessRequest; onClose(): void; onDone(): void }) => {
  const api = useApi(adpApiRef);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const approve = async () => {
    setFormError(undefined);
    const checked = validate(lineManagerApprovalSchema, { note });
    if (!checked.ok) {
      setErrors(checked.fields);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.approveProductionAccessAsLineManager(request.id, checked.data);
      onDone();
    } catch (e) {
      const mapped = formErrorsFrom(e, ['note']);
      setErrors(mapped.fields);
      setFormError(mapped.form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open
      title={`Approve ${holderOf(request)}'s ${levelTitle(request)} request as their line manager`}
      submitLabel="Approve"
      submitting={busy}
      formError={formError}
      onClose={onClose}
      onSubmit={approve}
    >
      <Typography paragraph>
        Apprentices are limited to Production Deploy. Approving lets a sponsor decide on {levelTitle(request)} for {projectOf(request)}, for
        example so that {holderOf(request)} can take a 2nd line shift as a Secondary.
      </Typography>
      <Typography paragraph>“{request.justification}”</Typography>
      <TextField
        id="adp-line-manager-note"
        label="Note for the sponsor"
        value={note}
        onChange={e => setNote(e.target.value)}
        error={!!errors.note}
        helperText={errors.note}
        fullWidth
        multiline
        margin="dense"
        variant="outlined"
      />
    </FormDialog>
  );
};

/** Requests awaiting the caller: as a sponsor, and as an apprentice's line manager. */
export const SponsorQueue = ({ queue, onDone, nameOf }: { queue: ProductionAccessQueue; onDone(): void; nameOf(ref: string): string }) => {
  const [approving, setApproving] = useState<ProductionAccessRequest>();
  return (
    <InfoCard title="Awaiting your decision">
      {queue.sponsor.length === 0 && queue.lineManager.length === 0 && (
        <Typography>Nothing awaits you. Sponsors are a project's tech lead (a technical member who is also a team admin, and a civil servant) and ADP Admins.</Typography>
      )}
      {queue.sponsor.map(r => (
        <DecisionCard key={r.id} request={r} onDone={onDone} nameOf={nameOf} />
      ))}
      {queue.lineManager.length > 0 && (
        <>
          <Typography variant="subtitle1" component="h3">
            As line manager
          </Typography>
          <List aria-label="Apprentice requests awaiting your approval">
            {queue.lineManager.map(r => (
              <ListItem key={r.id}>
                <ListItemText
                  primary={`${holderOf(r)} (apprentice) asks for ${levelTitle(r)} on ${projectOf(r)}`}
                  secondary={`Asked ${day(r.createdAt)}: “${r.justification}”`}
                />
                <ListItemSecondaryAction>
                  <Button onClick={() => setApproving(r)} aria-label={`Approve as line manager: ${holderOf(r)}`}>
                    Approve as line manager
                  </Button>
                </ListItemSecondaryAction>
              </ListItem>
            ))}
          </List>
        </>
      )}
      {approving && (
        <LineManagerApprovalDialog
          request={approving}
          onClose={() => setApproving(undefined)}
          onDone={() => {
            setApproving(undefined);
            onDone();
          }}
        />
      )}
    </InfoCard>
  );
};
