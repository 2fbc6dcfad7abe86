import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import {
  ProjectMember,
  projectMemberCreatePermission,
  projectMemberDeletePermission,
  projectMemberUpdatePermission,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { Permitted } from '../common/Permitted';
import { ConfirmDialog } from './ConfirmDialog';
import { MemberDialog } from './MemberDialog';
import { GithubAccount } from './GithubAccount';
import { RoleChips } from './RoleChips';
import { JoinRequests } from './JoinRequests';

const nameOf = (m: ProjectMember) => m.user?.displayName ?? m.userRef;

/** Headings and the action buttons stay on one line; the table scrolls inside the card when narrow. */
const oneLine = { whiteSpace: 'nowrap' } as const;

/** A project's team: members with their roles, and add / change / remove where permitted. */
export const ProjectTeam = ({ projectId }: { projectId: string }) => {
  const api = useApi(adpApiRef);
  const data = useAsyncRetry(async () => {
    const [project, members] = await Promise.all([
      api.getProject(projectId),
      api.listProjectMembers(projectId),
    ]);
    return { project, members };
  }, [api, projectId]);
  const [editing, setEditing] = useState<
    { member?: ProjectMember } | undefined
  >();
  const [removing, setRemoving] = useState<ProjectMember | undefined>();

  if (data.loading && !data.value) return <Progress />;
  if (data.error) return <ResponseErrorPanel error={data.error} />;
  if (!data.value) return null;
  const { project, members } = data.value;

  return (
    <InfoCard title={`Team of ${project.title}`}>
      <Box display="flex" justifyContent="flex-end">
        <Permitted
          permission={projectMemberCreatePermission}
          resourceRef={project.id}
        >
          <Button
            variant="contained"
            color="primary"
            onClick={() => setEditing({})}
          >
            Add team member
          </Button>
        </Permitted>
      </Box>
      <TableContainer>
        <Table size="small" aria-label={`Team members of ${project.title}`}>
          <TableHead>
            <TableRow>
              <TableCell style={oneLine}>Name</TableCell>
              <TableCell style={oneLine}>Role</TableCell>
              <TableCell style={oneLine}>GitHub account</TableCell>
              <TableCell style={oneLine}>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {members.map(m => (
              <TableRow key={m.id}>
                <TableCell>
                  <EntityRefLink entityRef={m.userRef} title={nameOf(m)} />
                </TableCell>
                <TableCell>
                  <RoleChips technical={m.technical} admin={m.admin} />
                  {m.endsAt && (
                    <Typography variant="caption" display="block">
                      Access ends on {m.endsAt}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <GithubAccount user={m.user} technical={m.technical} />
                </TableCell>
                <TableCell style={oneLine}>
                  <Permitted
                    permission={projectMemberUpdatePermission}
                    resourceRef={m.id}
                  >
                    <IconButton
                      size="small"
                      aria-label={`Change role of ${nameOf(m)} in ${
                        project.title
                      }`}
                      onClick={() => setEditing({ member: m })}
                    >
                      <EditIcon />
                    </IconButton>
                  </Permitted>
                  <Permitted
                    permission={projectMemberDeletePermission}
                    resourceRef={m.id}
                  >
                    <IconButton
                      size="small"
                      aria-label={`Remove ${nameOf(m)} from ${project.title}`}
                      onClick={() => setRemoving(m)}
                    >
                      <DeleteIcon />
                    </IconButton>
                  </Permitted>
                </TableCell>
              </TableRow>
            ))}
            {members.length === 0 && (
              <TableRow>
                <TableCell colSpan={4}>No team members yet.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <JoinRequests project={project} members={members} onTeamChanged={() => data.retry()} />
      <MemberDialog
        open={!!editing}
        project={project}
        member={editing?.member}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          data.retry();
        }}
      />
      <ConfirmDialog
        open={!!removing}
        title="Remove team member"
        message={
          removing
            ? `Remove ${nameOf(removing)} from ${
                project.title
              }? They lose the project's GitHub, Entra ID, Azure DevOps and SonarCloud access.`
            : ''
        }
        confirmLabel="Remove"
        onCancel={() => setRemoving(undefined)}
        onConfirm={async () => {
          await api.removeProjectMember(project.id, removing!.id);
          setRemoving(undefined);
          data.retry();
        }}
      />
    </InfoCard>
  );
};
