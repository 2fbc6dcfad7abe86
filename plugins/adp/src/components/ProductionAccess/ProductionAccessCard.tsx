import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { adpApiRef } from '../../api';
import { useAdpLinks } from '../../lib/useAdpLinks';
import { useUserNames } from '../../lib/useUserNames';
import { day, holderOf, levelTitle } from './labels';

/** Who holds which production level on a project. */
export const ProductionAccessCard = ({ projectId }: { projectId: string }) => {
  const api = useApi(adpApiRef);
  const links = useAdpLinks();
  const grants = useAsync(() => api.listProjectProductionAccess(projectId), [api, projectId]);
  const nameOf = useUserNames((grants.value ?? []).flatMap(g => [g.decidedBy, g.lastRecertifiedBy]));
  return (
    <InfoCard title="Production access">
      {grants.loading && <Progress />}
      {grants.error && <ResponseErrorPanel error={grants.error} />}
      {grants.value && grants.value.length === 0 && <Typography>Nobody holds production access to this project.</Typography>}
      {grants.value && grants.value.length > 0 && (
        <List dense aria-label="Production access holders">
          {grants.value.map(g => (
            <ListItem key={g.id}>
              <ListItemText
                primary={`${holderOf(g)}: ${levelTitle(g)}`}
                secondary={`Since ${day(g.grantedAt)}, sponsored by ${g.decidedBy ? nameOf(g.decidedBy) : '—'}${g.lastRecertifiedAt ? `, recertified ${day(g.lastRecertifiedAt)}${g.lastRecertifiedBy ? ` by ${nameOf(g.lastRecertifiedBy)}` : ''}` : ''}`}
              />
            </ListItem>
          ))}
        </List>
      )}
      <Link to={links.productionAccess()}>Request or review production access</Link>
    </InfoCard>
  );
};
