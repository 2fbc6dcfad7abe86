import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { ProjectMember, projectMemberCreatePermission, TeamJoinRequest } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { formErrorsFrom } from '../../lib/serverErrors';
import { Permitted } from '../common/Permitted';
import { FormDialog } from '../Forms/FormDialog';
import { FormTextField } from '../Forms/FormTextField';

export interface JoinRequestsProps {
  project: { id: string; title: string };
  members: ProjectMember[];
  /** After an approval: the team changed. */
  onTeamChanged(): void;
}

const nameOf = (r: TeamJoinRequest) => r.user?.displayName ?? r.userRef;

/**
 * Join requests on a project's Team tab: someone not on the team asks with a reason; the team
 * admins (who may add members there) see what waits and approve or refuse. The server decides
 * who may answer; the buttons only follow it.
 */
export const JoinRequests = ({ project, members, onTeamChanged }: JoinRequestsProps) => {
  const api = useApi(adpApiRef);
  const identity = useApi(identityApiRef);
  const data = useAsyncRetry(async () => {
    const [requests, me] = await Promise.all([api.listJoinRequests(project.id), identity.getBackstageIdentity()]);
    return { requests, me: me.userEntityRef };
  }, [api, identity, project.id]);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [decisionError, setDecisionError] = useState<string>();

  if (!data.value) return null;
  const { requests, me } = data.value;
  const mine = requests.find(r => r.userRef === me && r.status === 'pending');
  const lastOfMine = requests.find(r => r.userRef === me);
  const onTeam = members.some(m => m.userRef === me);
  const waiting = requests.filter(r => r.status === 'pending' && r.userRef !== me);

  const ask = async () => {
    setBusy(true);
    setFormError(undefined);
    try {
      await api.askToJoin(project.id, { reason });
      setAsking(false);
      data.retry();
    } catch (e) {
      const mapped = formErrorsFrom(e, ['reason']);
      setErrors(mapped.fields);
      setFormError(mapped.form);
    } finally {
      setBusy(false);
    }
  };

  const decide = async (r: TeamJoinRequest, decision: 'approve' | 'refuse') => {
    setDecisionError(undefined);
    try {
      await api.decideJoinRequest(r.id, { decision });
      data.retry();
      if (decision === 'approve') onTeamChanged();
    } catch (e) {
      setDecisionError(formErrorsFrom(e, []).form);
    }
  };

  return (
    <Box mt={2}>
      {!onTeam && !mine && (
        <Box display="flex" alignItems="center" gridGap={16}>
          {lastOfMine && lastOfMine.status !== 'pending' && (
            <Typography variant="body2">
              Your last request to join was {lastOfMine.status}
              {lastOfMine.decisionNote ? `: ${lastOfMine.decisionNote}` : ''}.
            </Typography>
          )}
          <Button
            variant="outlined"
            color="primary"
            onClick={() => {
              setReason('');
              setErrors({});
              setFormError(undefined);
              setAsking(true);
            }}
          >
            Ask to join this team
          </Button>
        </Box>
      )}
      {mine && (
        <Typography variant="body2">
          You asked to join on {mine.createdAt.slice(0, 10)}; the team admins have not answered yet.
        </Typography>
      )}
      <Permitted permission={projectMemberCreatePermission} resourceRef={project.id}>
        {waiting.length > 0 && (
          <>
            <Typography variant="h6" component="h3">
              Requests to join
            </Typography>
            {decisionError && <Alert severity="error">{decisionError}</Alert>}
            <Table size="small" aria-label={`Requests to join ${project.title}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Reason</TableCell>
                  <TableCell>Asked on</TableCell>
                  <TableCell>Answer</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {waiting.map(r => (
                  <TableRow key={r.id}>
                    <TableCell>{nameOf(r)}</TableCell>
                    <TableCell>{r.reason}</TableCell>
                    <TableCell>{r.createdAt.slice(0, 10)}</TableCell>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      <Button size="small" color="primary" aria-label={`Approve ${nameOf(r)}`} onClick={() => decide(r, 'approve')}>
                        Approve
                      </Button>
                      <Button size="small" aria-label={`Refuse ${nameOf(r)}`} onClick={() => decide(r, 'refuse')}>
                        Refuse
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </Permitted>
      <FormDialog
        open={asking}
        title={`Ask to join ${project.title}`}
        submitLabel="Ask"
        submitting={busy}
        formError={formError}
        onClose={() => setAsking(false)}
        onSubmit={ask}
      >
        <Typography variant="body2">
          The team admins are told and approve or refuse. Approved, you join as a team member; they can give you more.
        </Typography>
        <FormTextField name="reason" label="Why you want to join" value={reason} errors={errors} onChange={(_, v) => setReason(v)} required multiline autoFocus />
      </FormDialog>
    </Box>
  );
};
