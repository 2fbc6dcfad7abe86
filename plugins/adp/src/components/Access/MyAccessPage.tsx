import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ExplainedAssignment } from '@adp-portal/plugin-adp-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { adpApiRef } from '../../api';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { GithubLinkCard } from './GithubLinkCard';

const SOURCE_TEXT: Record<ExplainedAssignment['source'], string> = {
  membership: 'Team membership',
  'programme-admin': 'Programme admin',
  'platform-role': 'Platform role',
  'config-group': 'Configured group',
  identity: 'Signed in',
  'service-account': 'Service account',
};

/** Every role the signed-in user holds, and where. */
export const MyAccessPage = () => {
  const api = useApi(adpApiRef);
  const access = useAsync(() => api.getMyAccess(), [api]);
  return (
    <AdpPageLayout title="My access">
      {access.loading && <Progress />}
      {access.error && <ResponseErrorPanel error={access.error} />}
      {access.value && access.value.assignments.length === 0 && (
        <Typography paragraph>
          Signed in as {parseEntityRef(access.value.userRef).name}, who is not a
          user in the catalog: you hold no role and can see nothing else in the
          portal. Ask your platform team to add you to the catalog.
        </Typography>
      )}
      {access.value && access.value.assignments.length > 0 && (
        <>
          <Typography paragraph>
            Signed in as{' '}
            <EntityDisplayName
              entityRef={access.value.userRef}
              defaultKind="User"
              hideIcon
            />
            . You hold every permission of each role below (the union of your
            roles).
          </Typography>
          <Table size="small" aria-label="Your roles">
            <TableHead>
              <TableRow>
                <TableCell>Role</TableCell>
                <TableCell>Where</TableCell>
                <TableCell>Because of</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {access.value.assignments.map((a, i) => (
                <TableRow key={`${a.role}-${i}`}>
                  <TableCell>{a.roleTitle}</TableCell>
                  <TableCell>{a.scopeTitle}</TableCell>
                  <TableCell>{SOURCE_TEXT[a.source] ?? a.source}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <GithubLinkCard userRef={access.value.userRef} />
        </>
      )}
    </AdpPageLayout>
  );
};
