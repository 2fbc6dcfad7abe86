import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import CheckIcon from '@material-ui/icons/Check';
import BlockIcon from '@material-ui/icons/Block';
import {
  adpPermissionDescriptions,
  AdpPermissionName,
  AdpEntityRecord,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import {
  RECORD_PERMISSIONS,
  assignmentsCovering,
  rolesGranting,
} from './relevantAccess';

/** The card is narrow: explanations wrap rather than run out of it. */
const WRAP = { style: { whiteSpace: 'normal' as const } };

/** "Your access here": the viewer's roles on this record and what they allow on it. */
export const AccessCard = ({ record }: { record: AdpEntityRecord }) => {
  const api = useApi(adpApiRef);
  const access = useAsync(async () => {
    const where =
      record.kind === 'project'
        ? {
            programmeId: (await api.getProject(record.id)).programmeId,
            projectId: record.id,
          }
        : { programmeId: record.id };
    const [me, decisions] = await Promise.all([
      api.getMyAccess(),
      Promise.all(
        RECORD_PERMISSIONS[record.kind].map(permission =>
          api.explain({ permission, resourceRef: record.id }),
        ),
      ),
    ]);
    return { roles: assignmentsCovering(me.assignments, where), decisions };
  }, [api, record.kind, record.id]);

  return (
    <InfoCard title="Your access here">
      {access.loading && <Progress />}
      {access.error && <ResponseErrorPanel error={access.error} />}
      {access.value && (
        <>
          <Typography variant="subtitle2" component="h3">
            Your roles
          </Typography>
          <List dense aria-label="Your roles here">
            {access.value.roles.map((r, i) => (
              <ListItem key={`${r.role}-${i}`}>
                <ListItemText
                  primary={r.roleTitle}
                  secondary={`on ${r.scopeTitle}`}
                  secondaryTypographyProps={WRAP}
                />
              </ListItem>
            ))}
          </List>
          <Typography variant="subtitle2" component="h3">
            What you can do
          </Typography>
          <List dense aria-label="What you can do here">
            {access.value.decisions.map(d => (
              <ListItem key={d.permission}>
                <ListItemIcon>
                  {d.allowed ? (
                    <CheckIcon aria-hidden />
                  ) : (
                    <BlockIcon aria-hidden />
                  )}
                </ListItemIcon>
                <ListItemText
                  primary={`${d.allowed ? 'Allowed' : 'Not allowed'}: ${
                    adpPermissionDescriptions[
                      d.permission as AdpPermissionName
                    ] ?? d.permission
                  }`}
                  secondary={
                    d.allowed
                      ? `through ${d.grantedBy
                          .map(g => `${g.roleTitle} (${g.scopeTitle})`)
                          .join(', ')}`
                      : `needs ${rolesGranting(
                          d.permission as AdpPermissionName,
                        )} here`
                  }
                  secondaryTypographyProps={WRAP}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </InfoCard>
  );
};
