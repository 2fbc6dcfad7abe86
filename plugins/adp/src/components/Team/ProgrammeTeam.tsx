import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  ProgrammeAdmin,
  programmeAdminCreatePermission,
  programmeAdminDeletePermission,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { Permitted } from '../common/Permitted';
import { AddAdminDialog } from './AddAdminDialog';
import { ConfirmDialog } from './ConfirmDialog';

const nameOf = (a: ProgrammeAdmin) => a.user?.displayName ?? a.userRef;

/** A programme's admins, with add and remove where permitted. */
export const ProgrammeTeam = ({ programmeId }: { programmeId: string }) => {
  const api = useApi(adpApiRef);
  const data = useAsyncRetry(
    async () => {
      const [programme, admins] = await Promise.all([
        api.getProgramme(programmeId),
        api.listProgrammeAdmins(programmeId),
      ]);
      return { programme, admins };
    },
    [api, programmeId],
  );
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ProgrammeAdmin | undefined>();

  if (data.loading && !data.value) return <Progress />;
  if (data.error) return <ResponseErrorPanel error={data.error} />;
  if (!data.value) return null;
  const { programme, admins } = data.value;

  return (
    <InfoCard title={`Programme admins of ${programme.title}`}>
      <Box display="flex" justifyContent="flex-end">
        <Permitted permission={programmeAdminCreatePermission} resourceRef={programme.id}>
          <Button variant="contained" color="primary" onClick={() => setAdding(true)}>
            Add programme admin
          </Button>
        </Permitted>
      </Box>
      <Table size="small" aria-label={`Programme admins of ${programme.title}`}>
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Email</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {admins.map(a => (
            <TableRow key={a.id}>
              <TableCell>
                <EntityRefLink entityRef={a.userRef} title={nameOf(a)} />
              </TableCell>
              <TableCell>{a.user?.email ?? '—'}</TableCell>
              <TableCell>
                <Permitted permission={programmeAdminDeletePermission} resourceRef={a.id}>
                  <IconButton
                    size="small"
                    aria-label={`Remove ${nameOf(a)} from ${programme.title}`}
                    onClick={() => setRemoving(a)}
                  >
                    <DeleteIcon />
                  </IconButton>
                </Permitted>
              </TableCell>
            </TableRow>
          ))}
          {admins.length === 0 && (
            <TableRow>
              <TableCell colSpan={3}>No programme admins yet.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <AddAdminDialog
        open={adding}
        programme={programme}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          data.retry();
        }}
      />
      <ConfirmDialog
        open={!!removing}
        title="Remove programme admin"
        message={removing ? `Remove ${nameOf(removing)} as admin of ${programme.title}?` : ''}
        confirmLabel="Remove"
        onCancel={() => setRemoving(undefined)}
        onConfirm={async () => {
          await api.removeProgrammeAdmin(programme.id, removing!.id);
          setRemoving(undefined);
          data.retry();
        }}
      />
    </InfoCard>
  );
};
