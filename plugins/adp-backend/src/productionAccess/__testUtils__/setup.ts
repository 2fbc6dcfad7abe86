import {
  LEARNING_OBJECTIVE_IDS,
  LearningChecklistItemInput,
  PRODUCTION_LEVELS,
  ProductionLevelId,
} from '@adp-portal/plugin-adp-common';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ADA, createHarness, HarnessOptions, PAT, seedTree, TESS, user } from '../../__testUtils__/harness';
import { rolePermissions } from './rolePermissions';

export const DEE = 'user:default/dee';
export const TOM = 'user:default/tom';
export const LIZ = 'user:default/liz';
export const NORA = 'user:default/nora';
export const OLLIE = 'user:default/ollie';
/** A delivery manager: a team admin who is not technical, so not a tech lead. */
export const DAN = 'user:default/dan';

/** A Monday morning; every test starts here and moves the clock itself. */
export const T0 = new Date('2026-03-02T09:00:00.000Z');
export const days = (n: number) => n * 24 * 3600_000;

/** Every "should ensure" item of a level, as a sponsor confirms them. */
export const confirmationsFor = (level: ProductionLevelId) => PRODUCTION_LEVELS[level].sponsorShouldEnsure.map(c => c.id);

export const approve = (level: ProductionLevelId) => ({
  decision: 'approve' as const,
  confirmations: confirmationsFor(level),
  ...(level === 'production-admin' ? { checklistConfirmations: [...LEARNING_OBJECTIVE_IDS] } : {}),
});

/** All four learning objectives, done before T0. */
export const fullChecklist: LearningChecklistItemInput[] = [
  { objective: 'technical-stack', completedOn: '2026-02-10', note: 'Architecture intro session' },
  { objective: 'deployment-pipeline', completedOn: '2026-02-12', evidenceUrl: 'https://wiki.example/deploy-notes' },
  { objective: 'incident-process', completedOn: '2026-02-16', note: 'Quizzes 1-3 passed' },
  { objective: 'least-privilege', completedOn: '2026-02-20', note: 'Drill with Tess' },
];

export type Scenario = Awaited<ReturnType<typeof productionScenario>>;

/**
 * The usual starting point, with the role model deciding permissions: ADA is an ADP Admin
 * (configured group), PAT admin of the programme, DEE tech lead (technical and Delivery Team
 * Admin) of Annual Compliance Data, OLLIE tech lead of Other Service, TESS and TOM Technical Team
 * Members (TOM an apprentice whose line manager is LIZ), NORA a non-technical member.
 */
export async function productionScenario(databaseId: TestDatabaseId, dbs: TestDatabases, extra: Pick<HarnessOptions, 'afterCommit'> = {}) {
  let now = T0;
  const h = await createHarness(databaseId, dbs, {
    ...extra,
    ownership: { [ADA]: ['group:default/adp-platform-engineers'] },
    permissions: rolePermissions([ADA]),
    clock: () => now,
  });
  const { alb, programme, project } = await seedTree(h);
  const other = await h.services.projects.create(user(ADA), { programmeId: programme.id, title: 'Other Service', description: 'Other' });
  const s = h.services;
  const add = (projectId: string, userRef: string, flags: { technical?: boolean; admin?: boolean }) =>
    s.teams.addMember(user(ADA), projectId, { userRef, ...flags });
  await add(project.id, DEE, { technical: true, admin: true });
  await add(project.id, TESS, { technical: true });
  await add(project.id, TOM, { technical: true });
  // GitHub accounts are their owners' to link.
  await s.profiles.update(user(TESS), TESS, { githubHandle: 'tess-technical' });
  await s.profiles.update(user(TOM), TOM, { githubHandle: 'tom-apprentice' });
  await add(project.id, NORA, {});
  await add(other.id, OLLIE, { technical: true, admin: true });
  await add(other.id, TESS, { technical: true });
  for (const ref of [DEE, PAT, OLLIE]) await s.profiles.update(user(ADA), ref, { employment: 'civil-servant' });
  await s.profiles.update(user(ADA), TESS, { employment: 'contractor' });
  await s.profiles.update(user(ADA), TOM, { employment: 'civil-servant', apprentice: true, lineManagerRef: LIZ });
  return {
    h,
    s,
    alb,
    programme,
    project,
    other,
    /** Moves the production access clock. */
    setNow(at: Date) {
      now = at;
    },
    now: () => now,
    /** Requests a level and has DEE (or another sponsor) approve it. */
    async grant(userRef: string, level: ProductionLevelId, sponsor = DEE, projectId = project.id) {
      const request = await s.productionAccess.request(user(userRef), {
        projectId,
        level,
        justification: `${level} for the spring release`,
        ...(level === 'production-admin' ? { checklist: fullChecklist } : {}),
      });
      return s.productionSponsorship.decide(user(sponsor), request.id, approve(level));
    },
  };
}
