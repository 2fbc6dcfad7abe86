import { desiredExternalMemberships } from '@adp-portal/plugin-adp-backend/testUtils';
import { TestDatabases } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import request from 'supertest';
import { Persona, ref } from './__testUtils__/personas';
import { Knex, Portal, startPortal } from './__testUtils__/portal';
import { World } from './__testUtils__/routes';

/*
 * The adversarial suite (docs/security.md): the authorization sweep proves who may call a
 * route; this proves what a permitted — or refused — call can reach. For each row of the
 * threat model, every persona who is not an ADP Admin makes the attack through the real routes
 * of the real portal (adp plugin, permission backend, ADP policy). Then the desired state of
 * every provisioning target — what a full pass would make true in Entra ID, GitHub, Azure
 * DevOps and SonarCloud, from the plugin's own desired-state builders — is compared with the
 * state before, with every stored identity (email, Entra object id, GitHub account):
 *
 *   nobody's identity changes but the attacker's own, and no external membership changes
 *   outside the teams the attacker administers.
 *
 * A fast-check property then runs random sequences of these calls by random non-admins and
 * checks the same after every call. Counts are logged for docs/reliability.md.
 */

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ATTACKERS: Persona[] = ['pat', 'dee', 'tess', 'nora', 'paul', 'cara'];
const EVIL_GITHUB = 'attacker-gh';

interface Attack {
  /** The threat model row (docs/security.md). */
  row: string;
  label: string;
  call(w: World, attacker: Persona, v: Victims): Promise<request.Response>;
}

/** People whose access an attacker would want: an ADP Admin, a member of the attacker's project, one of another programme. */
interface Victims {
  admin: string;
  teammate: string;
  teammateMemberId: string;
  stranger: string;
  strangerMemberId: string;
}

const json = (w: World, persona: Persona, method: 'post' | 'patch' | 'get', path: string, body?: object) => w.send(persona, method, path, { body });

const ATTACKS: Attack[] = [
  // GitHub account: whatever the request shape, nobody sets another person's account.
  { row: 'GitHub account', label: 'add an ADP Admin to my project with my GitHub account', call: (w, a, v) => json(w, a, 'post', `/projects/${w.ids.acd}/members`, { userRef: v.admin, technical: true, githubHandle: EVIL_GITHUB }) },
  { row: 'GitHub account', label: 'add a stranger with my GitHub account', call: (w, a, v) => json(w, a, 'post', `/projects/${w.ids.acd}/members`, { userRef: v.stranger, technical: true, githubHandle: EVIL_GITHUB }) },
  { row: 'GitHub account', label: "change a teammate's GitHub account through the member", call: (w, a, v) => json(w, a, 'patch', `/projects/${w.ids.acd}/members/${v.teammateMemberId}`, { technical: true, githubHandle: EVIL_GITHUB }) },
  { row: 'GitHub account', label: "edit an ADP Admin's profile", call: (w, a, v) => json(w, a, 'patch', `/profiles/${encodeURIComponent(v.admin)}`, { githubHandle: EVIL_GITHUB }) },
  { row: 'GitHub account', label: "edit a teammate's profile", call: (w, a, v) => json(w, a, 'patch', `/profiles/${encodeURIComponent(v.teammate)}`, { githubHandle: EVIL_GITHUB }) },
  { row: 'GitHub account', label: "link my GitHub sign-in to an ADP Admin's profile", call: (w, a, v) => json(w, a, 'post', `/profiles/${encodeURIComponent(v.admin)}/github`, { accessToken: 'gho_attacker_token' }) },
  // Email: how Entra ID, Azure DevOps and SonarCloud users are found.
  { row: 'Email', label: "set an ADP Admin's email", call: (w, a, v) => json(w, a, 'patch', `/profiles/${encodeURIComponent(v.admin)}`, { email: 'attacker@evil.example' }) },
  { row: 'Email', label: 'add a stranger with my email', call: (w, a, v) => json(w, a, 'post', `/projects/${w.ids.acd}/members`, { userRef: v.stranger, email: 'attacker@evil.example' }) },
  // User refs: another spelling of a person, or something that is not a person.
  { row: 'User refs', label: 'add a group as a member', call: (w, a) => json(w, a, 'post', `/projects/${w.ids.acd}/members`, { userRef: 'group:default/adp-platform-engineers', technical: true }) },
  { row: 'User refs', label: 'add an ADP Admin under another spelling', call: (w, a) => json(w, a, 'post', `/projects/${w.ids.acd}/members`, { userRef: ' USER:default/ADA ', technical: true }) },
  // Names, codes and aliases that become group and team names, and repository prefixes.
  { row: 'Names', label: "alias my project as another project's namespace", call: (w, a) => json(w, a, 'patch', `/projects/${w.ids.acd}`, { alias: w.namespaceOf(w.ids.flood) }) },
  { row: 'Names', label: 'alias my project as a prefix of every project of the programme', call: (w, a) => json(w, a, 'patch', `/projects/${w.ids.acd}`, { alias: 'fcp' }) },
  { row: 'Names', label: "alias another project as mine's alias", call: (w, a) => json(w, a, 'patch', `/projects/${w.ids.grants}`, { alias: 'ffc-acd' }) },
  { row: 'Names', label: "create a project aliased as another's namespace", call: (w, a) => json(w, a, 'post', '/projects', { programmeId: w.ids.fcp, title: `Lookalike ${w.next()}`, alias: w.namespaceOf(w.ids.acd), description: 'x' }) },
  { row: 'Names', label: 'create a project whose namespace is inside another', call: (w, a) => json(w, a, 'post', '/projects', { programmeId: w.ids.fcp, title: 'ACD Reporting', description: 'x' }) },
  { row: 'Names', label: 'rename a project by its namespace', call: (w, a) => json(w, a, 'patch', `/projects/${w.ids.acd}`, { name: w.namespaceOf(w.ids.flood) }) },
  { row: 'Names', label: "create a programme whose admins' group is a project's", call: (w, a) => json(w, a, 'post', '/programmes', { albId: w.ids.rpa, title: 'Lookalike', name: `fcp-${w.namespaceOf(w.ids.acd)}`, code: 'LKA', description: 'x' }) },
  // Repository names.
  { row: 'Repositories', label: "grant my team another project's repository", call: (w, a) => json(w, a, 'post', `/projects/${w.ids.acd}/provisioning/repositories`, { repository: `${w.namespaceOf(w.ids.flood)}-api` }) },
  // Service accounts, the internal role index, config lists of admins.
  { row: 'Service accounts', label: 'register my own service account', call: (w, a) => json(w, a, 'post', '/service-accounts', { name: `evil-${w.next()}`, description: 'x', subject: 'external:evil' }) },
  { row: 'Role index', label: 'read every person’s grants', call: (w, a) => json(w, a, 'get', '/internal/role-index') },
  { row: 'Admins', label: 'make myself an ADP Admin', call: (w, a) => json(w, a, 'post', '/platform-roles', { userRef: ref(a), role: 'adp-admin' }) },
  // Team membership and programme admins outside my teams.
  { row: 'Teams', label: "join another programme's project as technical", call: (w, a) => json(w, a, 'post', `/projects/${w.ids.flood}/members`, { userRef: ref(a), technical: true }) },
  { row: 'Teams', label: "promote a stranger through my project's path", call: (w, a, v) => json(w, a, 'patch', `/projects/${w.ids.acd}/members/${v.strangerMemberId}`, { admin: true, technical: false }) },
  { row: 'Teams', label: 'make myself admin of another programme', call: (w, a) => json(w, a, 'post', `/programmes/${w.ids.frm}/admins`, { userRef: ref(a) }) },
  { row: 'Teams', label: 'make myself admin of my own project', call: (w, a) => json(w, a, 'post', `/projects/${w.ids.acd}/members`, { userRef: ref(a), technical: true, admin: true }) },
];

type Identities = Map<string, string>;

/** Every stored identity: email, Entra object id and the GitHub columns, per person. */
async function identities(knex: Knex): Promise<Identities> {
  const rows = await knex('user_profiles').select();
  return new Map(
    rows.map((r: Record<string, unknown>) => [
      r.user_ref as string,
      JSON.stringify(Object.entries(r).filter(([k]) => k === 'email' || k === 'entra_object_id' || k.startsWith('github')).sort()),
    ]),
  );
}

/** Targets whose external groups the persona may change: projects they administer, programmes they administer and all their projects. */
async function administered(knex: Knex, persona: Persona): Promise<Set<string>> {
  const userRef = ref(persona);
  const projects = (await knex('project_members').where({ user_ref: userRef, admin: true }).pluck('project_id')) as string[];
  const programmes = (await knex('programme_admins').where({ user_ref: userRef }).pluck('programme_id')) as string[];
  const inProgrammes = programmes.length ? ((await knex('projects').whereIn('programme_id', programmes).pluck('id')) as string[]) : [];
  return new Set([...projects, ...inProgrammes].map(id => `project:${id}`).concat(programmes.map(id => `programme:${id}`)));
}

interface State {
  /** `target|system|group|member`, with the person the member is. */
  memberships: Map<string, string | null>;
  identities: Identities;
}

async function state(knex: Knex): Promise<State> {
  const memberships = new Map((await desiredExternalMemberships(knex)).map(m => [`${m.target}|${m.system}|${m.group}|${m.member}`, m.userRef]));
  return { memberships, identities: await identities(knex) };
}

/** The groups a person is in (target, system, group), whatever identity represents them. */
const groupsOf = (s: State, userRef: string) =>
  [...s.memberships].filter(([, who]) => who === userRef).map(([line]) => line.split('|').slice(0, 3).join('|')).sort().join('\n');

/** What the call changed that the attacker had no right to change; empty when nothing. */
function violations(attacker: Persona, own: Set<string>, before: State, after: State): string[] {
  const found: string[] = [];
  for (const [userRef, identity] of before.identities) {
    if (userRef !== ref(attacker) && after.identities.get(userRef) !== identity) found.push(`identity of ${userRef}: ${identity} → ${after.identities.get(userRef)}`);
  }
  // The attacker may change their own identity: the same groups then show a new account.
  const ownIdentityOnly = groupsOf(before, ref(attacker)) === groupsOf(after, ref(attacker));
  const changed = [
    ...[...after.memberships].filter(([l]) => !before.memberships.has(l)).map(([l, who]) => ({ line: `+ ${l}`, who })),
    ...[...before.memberships].filter(([l]) => !after.memberships.has(l)).map(([l, who]) => ({ line: `- ${l}`, who })),
  ];
  for (const { line, who } of changed) {
    if (who === ref(attacker) && ownIdentityOnly) continue;
    if (!own.has(line.slice(2).split('|')[0])) found.push(`membership outside the attacker's teams: ${line}`);
  }
  return found;
}

describe.each(databases.eachSupportedId())('adversarial suite over the real portal on %s', databaseId => {
  let portal: Portal;
  let world: World;
  let victims: Victims;
  const counts = { tried: 0, refused: 0, allowedWithinOwnTeams: 0, succeeded: 0 };
  const allowed = new Set<string>();

  beforeAll(async () => {
    portal = await startPortal(databases, databaseId);
    world = await World.create(portal);
    // Identities worth stealing: the ADP Admin (in ADP-Platform-Admins) and a stranger in another programme have GitHub accounts.
    await world.asAda('post', '/platform-roles', { userRef: ref('ada'), role: 'adp-admin' });
    await world.asAda('patch', `/profiles/${encodeURIComponent(ref('ada'))}`, { githubHandle: 'ada-admin' });
    const stranger = world.fixtureUser();
    const strangerMemberId = (await world.asAda('post', `/projects/${world.ids.flood}/members`, { userRef: stranger, technical: true })).id;
    await world.asAda('patch', `/profiles/${encodeURIComponent(stranger)}`, { githubHandle: 'stranger-gh' });
    const members = await world.asAda('get', `/projects/${world.ids.acd}/members`);
    victims = {
      admin: ref('ada'),
      teammate: ref('tess'),
      teammateMemberId: members.find((m: any) => m.userRef === ref('tess')).id,
      stranger,
      strangerMemberId,
    };
  });

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`adversarial suite on ${databaseId}: ${JSON.stringify(counts)}; allowed within own teams: ${[...allowed].join('; ')}`);
    await portal?.stop();
  });

  /** One attack as one persona: the call, then every target's desired state and every identity. */
  async function attempt(attack: Attack, attacker: Persona): Promise<string[]> {
    const own = await administered(portal.knex, attacker);
    const before = await state(portal.knex);
    const res = await attack.call(world, attacker, victims);
    const after = await state(portal.knex);
    // A programme admin administers the projects created in their programme by this very call.
    const programmes = [...own].filter(id => id.startsWith('programme:')).map(id => id.slice('programme:'.length));
    if (programmes.length) for (const id of await portal.knex('projects').whereIn('programme_id', programmes).pluck('id')) own.add(`project:${id}`);
    counts.tried += 1;
    const found = violations(attacker, own, before, after);
    if (found.length) counts.succeeded += 1;
    else if (res.status >= 400) counts.refused += 1;
    else {
      counts.allowedWithinOwnTeams += 1;
      allowed.add(`${attack.label} (${attacker}, ${res.status})`);
    }
    expect(res.status).toBeLessThan(500);
    return found.map(f => `${attack.row} · ${attack.label} · as ${attacker} (${res.status}): ${f}`);
  }

  it.each(ATTACKERS)('%s reaches nobody else’s identity or external access through any row of the threat model', async attacker => {
    const found: string[] = [];
    for (const attack of ATTACKS) found.push(...(await attempt(attack, attacker)));
    expect(found).toEqual([]);
  });

  it('the desired state actually shows what the attacks aim at (the check can fail)', async () => {
    // An ADP Admin may do what attackers may not: changing a GitHub account is seen as an identity change.
    const before = await state(portal.knex);
    await world.asAda('patch', `/profiles/${encodeURIComponent(victims.stranger)}`, { githubHandle: 'stranger-renamed' });
    const after = await state(portal.knex);
    expect(violations('pat', new Set(), before, after)).toEqual(expect.arrayContaining([expect.stringContaining(`identity of ${victims.stranger}`)]));
    expect([...after.memberships.keys()].some(l => l.includes('stranger-renamed'))).toBe(true);
    expect([...before.memberships.keys()].some(l => l.includes('ADP-Platform-Admins') && l.includes('ada-admin'))).toBe(true);
    // ...and a membership in a team the caller does not administer is seen as one.
    const beforeJoin = await state(portal.knex);
    await world.asAda('post', `/projects/${world.ids.flood}/members`, { userRef: ref('tess'), technical: true });
    const afterJoin = await state(portal.knex);
    expect(violations('dee', await administered(portal.knex, 'dee'), beforeJoin, afterJoin)).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^membership outside the attacker's teams: \\+ project:${world.ids.flood}\\|github\\|ADP-frm-frm-flood-warning-service-Contributors\\|`))]),
    );
  });

  it('no sequence of calls by non-admins changes anyone’s identity or external access outside the teams they administer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...ATTACKERS), fc.nat(ATTACKS.length - 1)), { minLength: 1, maxLength: 6 }), async calls => {
        for (const [attacker, i] of calls) {
          expect(await attempt(ATTACKS[i], attacker)).toEqual([]);
        }
      }),
      { numRuns: 12 },
    );
  });
});
