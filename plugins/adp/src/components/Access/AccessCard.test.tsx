import { screen, within } from '@testing-library/react';
import { ExplainedAssignment } from '@adp-portal/plugin-adp-common';
import { AccessCard } from './AccessCard';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { acd, fcp } from '../../__testUtils__/fixtures';

const assignment = (a: Partial<ExplainedAssignment> & Pick<ExplainedAssignment, 'role' | 'scope' | 'roleTitle' | 'scopeTitle'>): ExplainedAssignment => ({
  source: 'membership',
  ...a,
});

const platformUser = assignment({ role: 'platform-user', scope: { kind: 'platform' }, roleTitle: 'Platform User', scopeTitle: 'the whole platform' });
const adminHere = assignment({
  role: 'delivery-team-admin',
  scope: { kind: 'project', projectId: acd.id, programmeId: fcp.id },
  roleTitle: 'Delivery Team Admin',
  scopeTitle: 'project Annual Compliance Data',
});
const memberElsewhere = assignment({
  role: 'delivery-team-member',
  scope: { kind: 'project', projectId: 'other', programmeId: 'other-prog' },
  roleTitle: 'Delivery Team Member',
  scopeTitle: 'project Elsewhere',
});

describe('AccessCard', () => {
  it('lists the roles that cover this project, what they allow here and which roles the rest needs', async () => {
    const explain = jest.fn(async ({ permission }: { permission: string }) =>
      permission === 'adp.project.update'
        ? { userRef: 'user:default/dee', permission, resourceRef: acd.id, allowed: true, grantedBy: [adminHere] }
        : { userRef: 'user:default/dee', permission, resourceRef: acd.id, allowed: false, grantedBy: [], reason: 'No role grants it here' },
    );
    await renderWithApis(<AccessCard record={{ kind: 'project', id: acd.id }} />, {
      api: {
        getProject: async () => acd,
        getMyAccess: async () => ({ userRef: 'user:default/dee', assignments: [platformUser, adminHere, memberElsewhere] }),
        explain,
      },
    });
    const roles = await screen.findByRole('list', { name: 'Your roles here' });
    expect(within(roles).getByText('Platform User')).toBeInTheDocument();
    expect(within(roles).getByText('Delivery Team Admin')).toBeInTheDocument();
    expect(within(roles).queryByText('Delivery Team Member')).not.toBeInTheDocument();

    const can = screen.getByRole('list', { name: 'What you can do here' });
    expect(within(can).getByText('Allowed: Edit delivery project details')).toBeInTheDocument();
    expect(within(can).getByText('through Delivery Team Admin (project Annual Compliance Data)')).toBeInTheDocument();
    expect(within(can).getByText('Not allowed: Scaffold new services and repositories for a project')).toBeInTheDocument();
    // What to ask for, from the role model: not the server's reason, which names the user and the permission.
    expect(within(can).getByText('needs Technical Team Member or ADP Admin here')).toBeInTheDocument();
    expect(within(can).getByText('needs Delivery Programme Admin or ADP Admin here')).toBeInTheDocument();
    expect(within(can).queryByText('No role grants it here')).not.toBeInTheDocument();
    expect(explain).toHaveBeenCalledWith({ permission: 'adp.projectMember.create', resourceRef: acd.id });
  });
});
