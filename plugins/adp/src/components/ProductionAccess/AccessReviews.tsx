import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { ProductionAccessReview } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { FormDialog } from '../Forms/FormDialog';
import { day, holderOf, levelTitle, messageOf, projectOf } from './labels';

/** Days stay on one line. */
const oneLine = { whiteSpace: 'nowrap' } as const;

/** Access reviews: every grant the caller sponsors, with last activity; recertify or revoke. */
export const AccessReviews = ({ reviews, onDone }: { reviews: ProductionAccessReview[]; onDone(): void }) => {
  const api = useApi(adpApiRef);
  const [error, setError] = useState<string>();
  const [revoking, setRevoking] = useState<ProductionAccessReview>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await fn();
      setRevoking(undefined);
      setReason('');
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title="Access reviews">
      {error && !revoking && <Alert severity="error" role="alert">{error}</Alert>}
      {reviews.length === 0 ? (
        <Typography>You sponsor no active production access.</Typography>
      ) : (
        <Table size="small" aria-label="Production access you sponsor">
          <TableHead>
            <TableRow>
              <TableCell>Holder</TableCell>
              <TableCell>Project</TableCell>
              <TableCell>Level</TableCell>
              <TableCell>Granted</TableCell>
              <TableCell>Last activity</TableCell>
              <TableCell>Revoked for absence on</TableCell>
              <TableCell>Recertify by</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {reviews.map(r => (
              <TableRow key={r.id}>
                <TableCell>{holderOf(r)}</TableCell>
                <TableCell>{projectOf(r)}</TableCell>
                <TableCell>{levelTitle(r)}</TableCell>
                <TableCell style={oneLine}>{day(r.grantedAt)}</TableCell>
                <TableCell style={oneLine}>{r.lastActiveAt ? day(r.lastActiveAt) : 'None recorded'}</TableCell>
                <TableCell style={oneLine}>{day(r.revokeForAbsenceAt)}</TableCell>
                <TableCell style={oneLine}>
                  {day(r.recertifyBy)} {r.recertificationDue && <Chip size="small" color="secondary" label="Due" />}
                </TableCell>
                <TableCell>
                  <Button size="small" disabled={busy} onClick={() => act(() => api.recertifyProductionAccess(r.id, {}))} aria-label={`Recertify ${levelTitle(r)} of ${holderOf(r)}`}>
                    Recertify
                  </Button>
                  <Button size="small" disabled={busy} onClick={() => setRevoking(r)} aria-label={`Revoke ${levelTitle(r)} of ${holderOf(r)}`}>
                    Revoke
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {revoking && (
        <FormDialog
          open
          title={`Revoke ${levelTitle(revoking)} of ${holderOf(revoking)}`}
          submitLabel="Revoke"
          submitting={busy}
          formError={error}
          onClose={() => setRevoking(undefined)}
          onSubmit={() => act(() => api.revokeProductionAccess(revoking.id, { reason }))}
        >
          <TextField id="adp-revoke-reason" label="Reason" value={reason} onChange={e => setReason(e.target.value)} required fullWidth multiline margin="dense" variant="outlined" />
        </FormDialog>
      )}
    </InfoCard>
  );
};
