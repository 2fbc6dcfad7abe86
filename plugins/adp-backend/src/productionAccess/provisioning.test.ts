import { ProvisioningFakes, startProvisioningFakes } from '../provisioning/fakes';
import { createTestProvisioning } from '../provisioning/__testUtils__/engineHarness';
import { databases, TESS, user } from '../__testUtils__/harness';
import { DEE, productionScenario, TOM } from './__testUtils__/setup';

jest.setTimeout(120_000);
const dbs = databases();

const DEPLOY_GROUP = 'AAG-Users-ADP-farming-and-countryside-fcp-annual-compliance-data_ProductionDeploy';
const ADMIN_GROUP = 'AAG-Users-ADP-farming-and-countryside-fcp-annual-compliance-data_ProductionAdmin';
const PRD_READER = 'AAG-Azure-ADP-farming-and-countryside-fcp-annual-compliance-data-prd-PostgressDB_Reader';
const PRD_WRITER = 'AAG-Azure-ADP-farming-and-countryside-fcp-annual-compliance-data-prd-PostgressDB_Writer';
const DEV_WRITER = 'AAG-Azure-ADP-farming-and-countryside-fcp-annual-compliance-data-dev-PostgressDB_Writer';
const DEPLOY_TEAM = 'ADP-farming-and-countryside-fcp-annual-compliance-data-ProductionDeploy';
const ADMIN_TEAM = 'ADP-farming-and-countryside-fcp-annual-compliance-data-ProductionAdmin';

describe.each(dbs.eachSupportedId())('provisioning of production access on %p', databaseId => {
  let fakes: ProvisioningFakes;
  afterEach(async () => fakes?.stop());

  it('adds holders to the level groups, production databases and GitHub teams, and removes them on revocation', async () => {
    const scenario = await productionScenario(databaseId, dbs);
    const { h, s, project, grant } = scenario;
    fakes = await startProvisioningFakes();
    for (const name of ['tess', 'tom', 'dee']) {
      fakes.graph.addUser(`${name}@defra.gov.uk`);
      await h.knex('user_profiles').where({ user_ref: `user:default/${name}` }).update({ email: `${name}@defra.gov.uk` });
    }
    fakes.github.addRepo('fcp-annual-compliance-data-api');
    fakes.github.addRepo('unrelated');
    const provisioning = createTestProvisioning(h.knex, fakes, { adp: { provisioning: { github: { productionEnvironment: 'production' } } } }, ['azureDevOps', 'sonarcloud']);
    await provisioning.engine.drain();
    expect(fakes.graph.memberEmails(DEPLOY_GROUP)).toEqual([]);
    // Dee, the tech lead, is a technical member too.
    expect(fakes.graph.memberEmails(DEV_WRITER)).toEqual(['dee@defra.gov.uk', 'tess@defra.gov.uk', 'tom@defra.gov.uk']);
    expect(fakes.graph.memberEmails(PRD_WRITER)).toEqual([]);
    // Someone added by hand to a production database group is taken out: only grants count.
    fakes.graph.groupByName(PRD_READER)!.members.add(fakes.graph.users.find(u => u.mail === 'dee@defra.gov.uk')!.id);

    const deploy = await grant(TESS, 'production-deploy');
    await grant(TOM, 'production-deploy');
    await grant(TESS, 'production-admin');
    const drained = await provisioning.engine.drain();
    expect(drained.rescheduled).toEqual([]);
    expect(fakes.graph.memberEmails(DEPLOY_GROUP)).toEqual(['tess@defra.gov.uk', 'tom@defra.gov.uk']);
    expect(fakes.graph.memberEmails(ADMIN_GROUP)).toEqual(['tess@defra.gov.uk']);
    expect(fakes.graph.memberEmails(PRD_READER)).toEqual(['tess@defra.gov.uk', 'tom@defra.gov.uk']);
    expect(fakes.graph.memberEmails(PRD_WRITER)).toEqual(['tess@defra.gov.uk']);
    expect(fakes.github.membersOf(DEPLOY_TEAM)).toEqual(['tess-technical', 'tom-apprentice']);
    expect(fakes.github.membersOf(ADMIN_TEAM)).toEqual(['tess-technical']);
    expect(fakes.github.environmentReviewers('fcp-annual-compliance-data-api', 'production')).toEqual([DEPLOY_TEAM]);
    expect(Object.fromEntries(fakes.github.team(DEPLOY_TEAM)!.repos)).toEqual({ 'fcp-annual-compliance-data-api': 'read' });
    expect(fakes.github.team(ADMIN_TEAM)!.repos.size).toBe(1);
    expect(fakes.github.environments.get('fcp-annual-compliance-data-api/production')!.preventSelfReview).toBe(true);
    expect(fakes.github.environments.has('unrelated/production')).toBe(false);

    // Revoking Deploy takes Admin with it; Tom leaving the team ends his grant in the same write.
    await s.productionSponsorship.revoke(user(DEE), deploy.id, { reason: 'Left for another programme' });
    const tom = (await s.teams.listMembers(user(DEE), project.id)).find(m => m.userRef === TOM)!;
    await s.teams.removeMember(user(DEE), project.id, tom.id);
    await provisioning.engine.drain();
    expect(fakes.graph.memberEmails(DEPLOY_GROUP)).toEqual([]);
    expect(fakes.graph.memberEmails(ADMIN_GROUP)).toEqual([]);
    expect(fakes.graph.memberEmails(PRD_READER)).toEqual([]);
    expect(fakes.graph.memberEmails(PRD_WRITER)).toEqual([]);
    expect(fakes.github.membersOf(DEPLOY_TEAM)).toEqual([]);
    expect(fakes.github.membersOf(ADMIN_TEAM)).toEqual([]);
    // A second pass finds nothing to do.
    const plan = await provisioning.engine.reconcile({ kind: 'project', id: project.id }, { dryRun: true });
    expect(plan.systems.flatMap(x => x.changes)).toEqual([]);
  });
});
