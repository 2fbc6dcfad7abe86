import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { PRODUCTION_LEVELS, ProductionAccessRequest } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { ChecklistFields, checklistItems, emptyChecklist } from './ChecklistFields';
import { day, END_REASON_TEXT, levelTitle, messageOf, projectOf, STATUS_TEXT } from './labels';

const detailsOf = (r: ProductionAccessRequest, nameOf: (ref: string) => string) => {
  if (r.status === 'active') {
    return `Granted ${day(r.grantedAt)} by ${r.decidedBy ? nameOf(r.decidedBy) : '—'}${r.lastRecertifiedAt ? `, recertified ${day(r.lastRecertifiedAt)}` : ''}`;
  }
  if (r.status === 'refused') return `Refused ${day(r.decidedAt)} by ${r.decidedBy ? nameOf(r.decidedBy) : '—'}: ${r.decisionNote}`;
  if (r.status === 'revoked' || r.status === 'withdrawn') {
    return `${day(r.endedAt)}: ${r.endReason ? END_REASON_TEXT[r.endReason] : ''}${r.endNote ? ` (${r.endNote})` : ''}`;
  }
  const waiting = r.apprentice && !r.lineManagerApprovedAt ? ' Waiting for your line manager first.' : '';
  return `Asked ${day(r.createdAt)}.${waiting}`;
};

/** The checklist of a pending Production Admin request, kept up to date by its requester. */
const ChecklistEditor = ({ request, onDone }: { request: ProductionAccessRequest; onDone(): void }) => {
  const api = useApi(adpApiRef);
  const [draft, setDraft] = useState(emptyChecklist(request.checklist));
  const [error, setError] = useState<string>();
  const save = async () => {
    setError(undefined);
    try {
      await api.updateProductionAccessChecklist(request.id, { checklist: checklistItems(draft) });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Box>
      {error && <Alert severity="error" role="alert">{error}</Alert>}
      <ChecklistFields draft={draft} onChange={setDraft} />
      <Button variant="outlined" onClick={save}>
        Save checklist
      </Button>
    </Box>
  );
};

/** Short cells stay on one line; the details take what is left. */
const oneLine = { whiteSpace: 'nowrap' } as const;

/** The caller's levels and requests, newest first. */
export const MyRequests = ({ requests, onDone, nameOf }: { requests: ProductionAccessRequest[]; onDone(): void; nameOf(ref: string): string }) => {
  const api = useApi(adpApiRef);
  const [editing, setEditing] = useState<string>();
  const [error, setError] = useState<string>();
  const withdraw = async (id: string) => {
    setError(undefined);
    try {
      await api.withdrawProductionAccessRequest(id);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <InfoCard title="My levels and requests">
      {error && <Alert severity="error" role="alert">{error}</Alert>}
      {requests.length === 0 ? (
        <Typography>You hold no production access and have asked for none.</Typography>
      ) : (
        <Table size="small" aria-label="My production access">
          <TableHead>
            <TableRow>
              <TableCell>Project</TableCell>
              <TableCell>Level</TableCell>
              <TableCell style={oneLine}>Status</TableCell>
              <TableCell>Details</TableCell>
              <TableCell style={oneLine}>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {requests.map(r => (
              <TableRow key={r.id}>
                <TableCell>{projectOf(r)}</TableCell>
                <TableCell>{levelTitle(r)}</TableCell>
                <TableCell style={oneLine}>{STATUS_TEXT[r.status]}</TableCell>
                <TableCell>
                  {detailsOf(r, nameOf)}
                  {editing === r.id && <ChecklistEditor request={r} onDone={() => { setEditing(undefined); onDone(); }} />}
                </TableCell>
                <TableCell>
                  {r.status === 'pending' && PRODUCTION_LEVELS[r.level].requiresLearningChecklist && editing !== r.id && (
                    <Button size="small" onClick={() => setEditing(r.id)}>
                      Update checklist
                    </Button>
                  )}
                  {r.status === 'pending' && (
                    <Button size="small" onClick={() => withdraw(r.id)} aria-label={`Withdraw ${levelTitle(r)} on ${projectOf(r)}`}>
                      Withdraw
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
