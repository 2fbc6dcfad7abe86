import { DEFAULT_NAMING_TEMPLATES, renderName } from '@adp-portal/plugin-adp-common';
import { ADA, databases, PAT, TESS, user } from '../__testUtils__/harness';
import { approve, DEE, NORA, OLLIE, productionScenario } from '../productionAccess/__testUtils__/setup';
import { ADP_NOTIFICATION_TOPICS } from './topics';
import { notificationsOver, recordingNotifications } from './__testUtils__/recordingNotifications';

jest.setTimeout(120_000);
const dbs = databases();

describe.each(dbs.eachSupportedId())('notifications of committed changes on %p', databaseId => {
  async function scenario() {
    const recording = recordingNotifications();
    const sc = await productionScenario(databaseId, dbs, { afterCommit: notificationsOver(recording) });
    recording.clear();
    return { ...sc, recording };
  }

  it('sponsors are told a production access request awaits them, the requester the decision, the holder the revocation', async () => {
    const { s, project, other, recording } = await scenario();
    const request = await s.productionAccess.request(user(TESS), {
      projectId: project.id, level: 'production-deploy', justification: 'On call for the spring release',
    });
    // DEE is the project's tech lead (technical team admin, civil servant); OLLIE leads another project.
    expect(recording.sent).toEqual([
      expect.objectContaining({
        to: [DEE],
        topic: ADP_NOTIFICATION_TOPICS.productionAccessRequest,
        title: `${TESS} asks for Production Deploy access to Annual Compliance Data`,
        link: '/adp/production-access',
      }),
    ]);

    recording.clear();
    await s.productionSponsorship.decide(user(DEE), request.id, { ...approve('production-deploy'), note: 'Paired on two releases' });
    expect(recording.sent).toEqual([
      expect.objectContaining({
        to: [TESS],
        topic: ADP_NOTIFICATION_TOPICS.productionAccessDecision,
        title: 'Your Production Deploy access to Annual Compliance Data was approved',
        description: `${DEE} approved it. Note: Paired on two releases`,
      }),
    ]);

    recording.clear();
    await s.productionSponsorship.revoke(user(DEE), request.id, { reason: 'Moved to another team' });
    expect(recording.to(TESS)).toEqual([
      expect.objectContaining({
        topic: ADP_NOTIFICATION_TOPICS.productionAccessRevoked,
        title: 'Your Production Deploy access to Annual Compliance Data has ended',
        description: `${DEE} revoked it. Note: Moved to another team`,
      }),
    ]);

    // A refusal is a decision too.
    recording.clear();
    const second = await s.productionAccess.request(user(TESS), { projectId: other.id, level: 'production-deploy', justification: 'Other release' });
    expect(recording.sent.map(m => m.to)).toEqual([[OLLIE]]);
    await s.productionSponsorship.decide(user(OLLIE), second.id, { decision: 'refuse', note: 'Not yet' });
    expect(recording.to(TESS).map(m => m.title)).toEqual(['Your Production Deploy access to Other Service was refused']);
  });

  it('a project without a tech lead sends its requests to the ADP Admins (the Senior Technologists)', async () => {
    const { s, project, recording } = await scenario();
    // DEE steps down as admin: the project has no tech lead left.
    const dee = (await s.teams.listMembers(user(ADA), project.id)).find(m => m.userRef === DEE)!;
    await s.teams.updateMember(user(ADA), project.id, dee.id, { admin: false });
    recording.clear();
    await s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'Release' });
    expect(recording.sent.map(m => m.to)).toEqual([['group:default/adp-platform-engineers']]);
  });

  it('a member is told each team change, with what it now gives them in each system, and never of their own change', async () => {
    const { s, programme, project, recording } = await scenario();
    const vars = { programme: programme.name, project: project.name, alb: 'rpa' };
    const name = (key: keyof typeof DEFAULT_NAMING_TEMPLATES) => renderName(DEFAULT_NAMING_TEMPLATES[key], vars);
    const nora = (await s.teams.listMembers(user(ADA), project.id)).find(m => m.userRef === NORA)!;

    await s.teams.updateMember(user(ADA), project.id, nora.id, { technical: true, admin: true });
    const [technical, admin] = recording.to(NORA);
    expect(technical).toMatchObject({
      topic: ADP_NOTIFICATION_TOPICS.teamMembership,
      title: 'You are now a technical team member of Annual Compliance Data',
      link: `/catalog/default/group/${project.name}/adp-team`,
    });
    expect(admin.title).toBe('You are now a team admin of Annual Compliance Data');
    // Derived from the provisioning desired state: technical + admin members are in the Tech and
    // Admin groups and write to the databases of the non-production environments; GitHub and
    // SonarCloud wait for a linked account; no Azure DevOps project here.
    const dbWriters = ['snd', 'dev', 'tst', 'pre'].map(environment =>
      renderName(DEFAULT_NAMING_TEMPLATES['entra.dbWriter'], { ...vars, environment }),
    );
    expect(technical.description).toBe(
      'What this gives you now. ' +
        'GitHub: none until you link your GitHub account on My access. ' +
        `Entra ID: ${[name('entra.projectTech'), name('entra.projectAdmin'), ...dbWriters].join(', ')}. ` +
        'Azure DevOps: none (the project names no Azure DevOps project). ' +
        'SonarCloud: none until you link your GitHub account.',
    );

    // With a GitHub account, the same change names the teams and the repositories.
    recording.clear();
    await s.profiles.update(user(NORA), NORA, { githubHandle: 'nora-gh' });
    await s.teams.updateMember(user(ADA), project.id, nora.id, { admin: false });
    const [demoted] = recording.to(NORA);
    expect(demoted.title).toBe('You are no longer a team admin of Annual Compliance Data');
    expect(demoted.description).toContain(`GitHub: ${name('github.contributors')} (push on ${project.name}-*). `);
    expect(demoted.description).toContain(`Entra ID: ${[name('entra.projectTech'), ...dbWriters].join(', ')}. `);
    expect(demoted.description).toContain(`SonarCloud: ${renderName(DEFAULT_NAMING_TEMPLATES['sonarcloud.projectGroup'], vars)}.`);

    recording.clear();
    await s.teams.removeMember(user(ADA), project.id, nora.id);
    expect(recording.to(NORA)).toEqual([
      expect.objectContaining({
        title: 'You were removed from the Annual Compliance Data team',
        description:
          'What this gives you now. GitHub: no team (only technical team members get GitHub access). ' +
          'Entra ID: no group. Azure DevOps: no group. SonarCloud: no group.',
      }),
    ]);

    recording.clear();
    await s.teams.addMember(user(ADA), project.id, { userRef: NORA });
    expect(recording.to(NORA).map(m => m.title)).toEqual(['You were added to the Annual Compliance Data team']);
    expect(recording.to(NORA)[0].description).toContain(`Entra ID: ${name('entra.projectNonTech')}.`);

    // An admin who adds themselves is not told what they just did.
    recording.clear();
    await s.teams.addMember(user(ADA), project.id, { userRef: ADA });
    expect(recording.sent).toEqual([]);
  });

  it('programme admins are told when a project is created or archived in their programme', async () => {
    const { s, programme, recording } = await scenario();
    const created = await s.projects.create(user(ADA), { programmeId: programme.id, title: 'Grants Service', description: 'Grants' });
    expect(recording.to(PAT)).toEqual([
      expect.objectContaining({
        topic: ADP_NOTIFICATION_TOPICS.programmeProjects,
        title: 'Project Grants Service was created in Farming and Countryside',
        description: `${ADA} created it.`,
        link: `/catalog/default/group/${created.name}`,
      }),
    ]);
    recording.clear();
    await s.projects.setArchived(user(ADA), created.id, true);
    expect(recording.to(PAT).map(m => m.title)).toEqual(['Project Grants Service was archived in Farming and Countryside']);
    // PAT archiving it themselves would tell nobody: they are the programme's only admin.
    await s.projects.setArchived(user(PAT), created.id, false);
    recording.clear();
    await s.projects.setArchived(user(PAT), created.id, true);
    expect(recording.to(PAT)).toEqual([]);
  });

  it('a notifications backend that fails never fails the change', async () => {
    const { s, project, recording, h } = await scenario();
    recording.state.failing = true;
    const request = await s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'Release' });
    expect(request.status).toBe('pending');
    expect(await h.knex('production_access_requests').where({ id: request.id }).first()).toBeDefined();
  });
});
