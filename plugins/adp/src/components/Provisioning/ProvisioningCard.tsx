import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  Button,
  List,
  ListItem,
  ListItemIcon,
  ListItemSecondaryAction,
  ListItemText,
  Typography,
} from '@material-ui/core';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { provisioningRetryPermission } from '@adp-portal/plugin-adp-common';
import {
  CredentialCheck,
  CredentialCheckStatus,
  PROVISIONED_SYSTEMS,
  ProvisioningState,
  SystemProvisioningStatus,
  adpApiRef,
} from '../../api';
import { Permitted } from '../common/Permitted';

const STATE_TEXT: Record<ProvisioningState, string> = {
  'in-sync': 'In sync',
  pending: 'Pending',
  failed: 'Failed',
  'not-configured': 'Not configured',
};

const STATE_ICON: Record<ProvisioningState, JSX.Element> = {
  'in-sync': <CheckCircleIcon aria-hidden />,
  pending: <ScheduleIcon aria-hidden />,
  failed: <ErrorIcon aria-hidden color="error" />,
  'not-configured': <RemoveCircleOutlineIcon aria-hidden />,
};

/** One row per external system: a missing system (or no provisioning API) reads "Not configured". */
function rowsFor(systems: SystemProvisioningStatus[]): SystemProvisioningStatus[] {
  return PROVISIONED_SYSTEMS.map(
    s => systems.find(x => x.system === s.id) ?? { system: s.id, status: 'not-configured' },
  );
}

const detailsOf = (s: SystemProvisioningStatus) =>
  [
    s.lastError && `Error: ${s.lastError}`,
    ...(s.warnings ?? []),
    s.attempts !== undefined && `${s.attempts} attempt${s.attempts === 1 ? '' : 's'}`,
    s.lastSuccessAt && `Last in sync ${new Date(s.lastSuccessAt).toLocaleString()}`,
  ]
    .filter(Boolean)
    .join(' · ');

const CHECK_TEXT: Record<CredentialCheckStatus, string> = {
  ok: 'nothing missing',
  missing: 'permissions missing',
  unknown: 'could not be checked',
};

const CHECK_ICON: Record<CredentialCheckStatus, JSX.Element> = {
  ok: <CheckCircleIcon aria-hidden />,
  missing: <ErrorIcon aria-hidden color="error" />,
  unknown: <HelpOutlineIcon aria-hidden />,
};

const titleOf = (system: string) => PROVISIONED_SYSTEMS.find(x => x.id === system)?.title ?? system;

/** Each finding in words, without the system's name the row already shows. */
const findingsOf = (c: CredentialCheck) => {
  const prefix = `${titleOf(c.system)}: `;
  return [...c.missing, ...c.notes].map(m => (m.startsWith(prefix) ? m.slice(prefix.length) : m));
};

/**
 * What each configured system's credential lacks (a GitHub App permission, a Graph role...):
 * the reason a system would fail, named before it does.
 */
const CredentialChecks = ({ projectId }: { projectId: string }) => {
  const api = useApi(adpApiRef);
  const checks = useAsync(async () => (await api.getProvisioningChecks(projectId)).checks, [api, projectId]);
  if (checks.error) {
    return <Typography variant="body2">Credential checks could not be read: {checks.error.message}</Typography>;
  }
  if (!checks.value?.length) return null;
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Credentials
      </Typography>
      <List dense aria-label="Provisioning credentials">
        {checks.value.map(c => (
          <ListItem key={c.system}>
            <ListItemIcon>{CHECK_ICON[c.status]}</ListItemIcon>
            <ListItemText
              primary={`${titleOf(c.system)} credentials: ${CHECK_TEXT[c.status]}`}
              secondary={
                <>
                  {findingsOf(c).map(f => (
                    <span key={f} style={{ display: 'block' }}>
                      {f}
                    </span>
                  ))}
                  <span style={{ display: 'block' }}>Checked {new Date(c.checkedAt).toLocaleString()}</span>
                </>
              }
            />
          </ListItem>
        ))}
      </List>
    </>
  );
};

/** Where each external system stands for a project, with retry for failures when permitted. */
export const ProvisioningCard = ({ projectId }: { projectId: string }) => {
  const api = useApi(adpApiRef);
  const status = useAsyncRetry(async () => {
    try {
      return rowsFor((await api.getProvisioningStatus(projectId)).systems);
    } catch (e) {
      // No provisioning for this project (or no provisioning API yet).
      if (ResponseError.is(e) && e.statusCode === 404) return rowsFor([]);
      throw e;
    }
  }, [api, projectId]);
  const [retryError, setRetryError] = useState<Error>();

  const retry = async (system: SystemProvisioningStatus['system']) => {
    setRetryError(undefined);
    try {
      await api.retryProvisioning(projectId, system);
      status.retry();
    } catch (e) {
      setRetryError(e as Error);
    }
  };

  return (
    <InfoCard title="Provisioning">
      {status.loading && !status.value && <Progress />}
      {status.error && <ResponseErrorPanel error={status.error} />}
      {retryError && <ResponseErrorPanel error={retryError} title="Retry failed" />}
      {status.value && (
        <List dense aria-label="Provisioning by system">
          {status.value.map(s => {
            const title = PROVISIONED_SYSTEMS.find(x => x.id === s.system)?.title ?? s.system;
            return (
              <ListItem key={s.system}>
                <ListItemIcon>{STATE_ICON[s.status]}</ListItemIcon>
                <ListItemText primary={`${title}: ${STATE_TEXT[s.status]}`} secondary={detailsOf(s) || undefined} />
                {s.status === 'failed' && (
                  <ListItemSecondaryAction>
                    <Permitted permission={provisioningRetryPermission} resourceRef={projectId}>
                      <Button size="small" variant="outlined" onClick={() => retry(s.system)} aria-label={`Retry ${title}`}>
                        Retry
                      </Button>
                    </Permitted>
                  </ListItemSecondaryAction>
                )}
              </ListItem>
            );
          })}
        </List>
      )}
      <CredentialChecks projectId={projectId} />
    </InfoCard>
  );
};
