import { useState } from 'react';
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
} from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { provisioningRetryPermission } from '@adp-portal/plugin-adp-common';
import {
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
    </InfoCard>
  );
};
