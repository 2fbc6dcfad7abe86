/*
 * The 10,000-project data set the benchmarks share (bench/delivery.ts, bench/pages.ts,
 * bench/load.ts): ALBs, programmes, projects, memberships and user profiles inserted with
 * batch inserts into the adp plugin's migrated tables. BENCH_PROJECTS scales it; every user
 * is on 10 teams, so memberships are 10 per project.
 */
import { Knex } from 'knex';

export const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
export const MEMBERS_PER_PROJECT = 10;
export const USERS = PROJECTS; // every user is on 10 teams
export const PROGRAMMES = Math.max(1, Math.round(PROJECTS / 50));
export const ALBS = Math.max(1, Math.min(10, PROGRAMMES));

export const GROUPS = {
  adpAdminGroups: ['group:default/adp-platform-engineers'],
  ccoeEngineerGroups: ['group:default/ccoe-engineers'],
};
export const ADMIN = 'user:default/bench-adp-admin'; // ADP Admin through the configured group
export const TEAM_ADMIN = 'user:default/bench-team-admin'; // admin of 10 teams, member of 10 more
export const PROGRAMME_ADMIN = 'user:default/bench-programme-admin'; // admin of 2 programmes
export const OWNERSHIP: Record<string, string[]> = {
  [ADMIN]: [ADMIN, GROUPS.adpAdminGroups[0]],
};
export const userRef = (u: number) => `user:default/user-${u}`;

export const TITLE_WORDS = [
  'Grants',
  'Payments',
  'Compliance',
  'Inspections',
  'Licensing',
  'Forecasting',
  'Mapping',
  'Registry',
  'Catchment',
  'Livestock',
  'Permits',
  'Woodland',
  'Fisheries',
  'Habitat',
  'Tariffs',
  'Subsidy',
  'Drainage',
  'Emissions',
  'Waste',
  'Imports',
];
export const TITLE_NOUNS = [
  'Service',
  'Portal',
  'Data',
  'Platform',
  'Gateway',
  'Tracker',
  'Checker',
  'Calculator',
  'Hub',
  'Reporting',
  'Scheduler',
  'Notifier',
  'Archive',
];
export const ALIAS_PREFIXES = ['ffc', 'aphw', 'ncea', 'ea', 'mmo'];

/** Programme codes: three letters from the index (BAA, BAB, ...); unique, 3–4 letters. */
export const code = (p: number) =>
  'B' +
  String.fromCharCode(65 + (Math.floor(p / 26) % 26)) +
  String.fromCharCode(65 + (p % 26));

export const ids = {
  alb: (a: number) => `00000000-0000-4000-a000-${String(a).padStart(12, '0')}`,
  programme: (p: number) =>
    `00000000-0000-4000-b000-${String(p).padStart(12, '0')}`,
  project: (i: number) =>
    `00000000-0000-4000-c000-${String(i).padStart(12, '0')}`,
  member: (n: number) =>
    `00000000-0000-4000-d000-${String(n).padStart(12, '0')}`,
  admin: (n: number) =>
    `00000000-0000-4000-e000-${String(n).padStart(12, '0')}`,
};

export interface Seeded {
  /** Non-archived projects (what an unfiltered list counts). */
  activeProjects: number;
  teamAdminProjects: string[];
  teamAdminActiveAdminProjects: number;
  teamAdminActiveMemberships: number;
  programmeAdminProgrammes: string[];
  memberships: number;
}

/** Projects the team admin is on: 10 as admin, 10 as member, spread over programmes. */
export const teamAdminProject = (k: number) => (k * 487 + 13) % PROJECTS;
export const isArchived = (i: number) => i % 50 === 49; // 2%

export async function seed(db: Knex): Promise<Seeded> {
  const started = Date.now();
  const t0 = '2026-01-01T00:00:00.000Z';
  const stampAt = (n: number) => {
    const at = new Date(Date.parse(t0) + n * 60_000).toISOString();
    return {
      created_at: at,
      created_by: 'user:default/seed',
      updated_at: at,
      updated_by: 'user:default/seed',
    };
  };
  const chunk = 500;

  await db.batchInsert(
    'albs',
    Array.from({ length: ALBS }, (_, a) => ({
      id: ids.alb(a),
      name: `alb-${a}`,
      title: `Arms Length Body ${a}`,
      title_key: `arms length body ${a}`,
      alias: null,
      description: 'Bench ALB',
      url: null,
      ...stampAt(a),
    })),
    chunk,
  );
  await db.batchInsert(
    'programmes',
    Array.from({ length: PROGRAMMES }, (_, p) => ({
      id: ids.programme(p),
      alb_id: ids.alb(p % ALBS),
      name: `prog-${code(p).toLowerCase()}`,
      title: `Programme ${code(p)}`,
      title_key: `programme ${code(p).toLowerCase()}`,
      code: code(p),
      alias: null,
      description: 'Bench programme',
      url: null,
      archived_at: null,
      ...stampAt(p),
    })),
    chunk,
  );
  const programmeAdminProgrammes = [
    ids.programme(1 % PROGRAMMES),
    ids.programme(Math.floor(PROGRAMMES / 2)),
  ];
  const admins = Array.from({ length: PROGRAMMES * 2 }, (_, n) => ({
    id: ids.admin(n),
    programme_id: ids.programme(n % PROGRAMMES),
    user_ref: userRef((n * 37) % USERS),
    created_at: t0,
    created_by: 'user:default/seed',
  }));
  [...new Set(programmeAdminProgrammes)].forEach((programme_id, k) =>
    admins.push({
      id: ids.admin(PROGRAMMES * 2 + k),
      programme_id,
      user_ref: PROGRAMME_ADMIN,
      created_at: t0,
      created_by: 'user:default/seed',
    }),
  );
  await db.batchInsert('programme_admins', admins, chunk);

  const projects = Array.from({ length: PROJECTS }, (_, i) => {
    const p = i % PROGRAMMES;
    const title = `${TITLE_WORDS[i % TITLE_WORDS.length]} ${
      TITLE_NOUNS[Math.floor(i / TITLE_WORDS.length) % TITLE_NOUNS.length]
    } ${i}`;
    return {
      id: ids.project(i),
      programme_id: ids.programme(p),
      name: `${code(p).toLowerCase()}-svc-${i}`,
      title,
      title_key: title.toLowerCase(),
      alias:
        i % 2 === 0
          ? `${ALIAS_PREFIXES[i % ALIAS_PREFIXES.length]}-${TITLE_WORDS[
              i % TITLE_WORDS.length
            ]
              .toLowerCase()
              .slice(0, 4)}-${i}`
          : null,
      description: `Bench project ${i}`,
      ado_project: 'DEFRA-ADP',
      github_team_visibility: i % 3 ? 'public' : 'private',
      team_type: 'delivery',
      service_code: null,
      cost_centre: null,
      service_owner: null,
      archived_at: isArchived(i) ? t0 : null,
      ...stampAt((i * 7919) % 100_000), // updated_at order differs from title order
    };
  });
  await db.batchInsert('projects', projects, chunk);

  // Every user is on 10 teams: project i has users (10i + k) mod USERS, k = 0..9.
  // k = 0 and 5 are team admins, k < 4 technical.
  let n = 0;
  const memberRows: Array<Record<string, unknown>> = [];
  const flush = async (force: boolean) => {
    if (memberRows.length >= 10_000 || (force && memberRows.length)) {
      await db.batchInsert('project_members', memberRows.splice(0), chunk);
    }
  };
  for (let i = 0; i < PROJECTS; i++) {
    for (let k = 0; k < MEMBERS_PER_PROJECT; k++) {
      const u = (i * MEMBERS_PER_PROJECT + k) % USERS;
      memberRows.push({
        id: ids.member(n++),
        project_id: ids.project(i),
        user_ref: userRef(u),
        technical: k < 4,
        admin: k === 0 || k === 5,
        ...stampAt(i),
      });
    }
    await flush(false);
  }
  const teamAdminProjects: string[] = [];
  const taken = new Set<number>();
  let teamAdminActiveAdminProjects = 0;
  let teamAdminActiveMemberships = 0;
  for (let k = 0; taken.size < Math.min(20, PROJECTS); k++) {
    const i = teamAdminProject(k);
    if (taken.has(i)) continue;
    taken.add(i);
    const admin = taken.size <= 10;
    memberRows.push({
      id: ids.member(n++),
      project_id: ids.project(i),
      user_ref: TEAM_ADMIN,
      technical: !admin,
      admin,
      ...stampAt(i),
    });
    teamAdminProjects.push(ids.project(i));
    if (!isArchived(i)) {
      teamAdminActiveMemberships++;
      if (admin) teamAdminActiveAdminProjects++;
    }
  }
  await flush(true);

  const profiles = [
    ...Array.from({ length: USERS }, (_, u) => userRef(u)),
    ADMIN,
    TEAM_ADMIN,
    PROGRAMME_ADMIN,
  ].map((ref, u) => ({
    user_ref: ref,
    display_name: `Bench User ${u}`,
    email: `${ref.split('/')[1]}@defra.gov.uk`,
    entra_object_id: null,
    github_handle: `gh-${ref.split('/')[1]}`,
    employment: u % 4 ? 'civil-servant' : 'contractor',
    apprentice: false,
    line_manager_ref: null,
    last_active_at: null,
  }));
  await db.batchInsert('user_profiles', profiles, chunk);

  const activeProjects = projects.filter(p => !p.archived_at).length;
  console.log(
    `  seeded ${ALBS} ALBs, ${PROGRAMMES} programmes, ${
      admins.length
    } programme admins, ${PROJECTS} projects (${
      PROJECTS - activeProjects
    } archived), ` +
      `${n} memberships, ${profiles.length} user profiles in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
  );
  return {
    activeProjects,
    teamAdminProjects,
    teamAdminActiveAdminProjects,
    teamAdminActiveMemberships,
    programmeAdminProgrammes,
    memberships: n,
  };
}

