/*
 * Every role × every ADP permission × a resource inside and outside the role's scope.
 * The expectations are written by hand from the ADP permissions model (the specification text
 * quoted beside each role), not derived from ROLE_DEFINITIONS: this is the check that
 * the definitions say what the model says. Where the model is thin, the choice is the
 * one recorded in docs/roles.md and marked "decision".
 */
import { adpPermissions, AdpPermissionName, resourceTypeOf } from '../permissions';
import { RoleId, ROLE_IDS } from './definitions';
import { decide, ResourceScope, RoleAssignment, RoleScope, scopedGrant } from './evaluate';

const PROGRAMME_A = 'prog-a';
const PROGRAMME_B = 'prog-b';
const PROJECT_1 = 'proj-1'; // in programme A, where project roles are held
const PROJECT_2 = 'proj-2'; // another project in programme A
const PROJECT_9 = 'proj-9'; // a project in programme B

const READ: AdpPermissionName[] = ['adp.alb.read', 'adp.programme.read', 'adp.project.read'];
const TEAM_ADMIN: AdpPermissionName[] = [
  // "invite/add users to their Delivery Project team" (and change or remove them)
  'adp.projectMember.create',
  'adp.projectMember.update',
  'adp.projectMember.delete',
  // "Edit delivery project details"
  'adp.project.update',
  // decision: adding members provisions GitHub/ADO/Entra, so team admins see and retry that
  'adp.provisioning.retry',
  'adp.provisioning.plan',
  // GOV.UK production access: the sponsor is "the engineer's tech lead, or a Senior Technologist"
  'adp.productionAccess.sponsor',
  'adp.productionAccess.revoke',
];

interface Expectation {
  scope: RoleScope;
  /** Granted on resources inside the scope (and basic permissions). */
  inScope: AdpPermissionName[];
  /** Granted on resources outside the scope. */
  outOfScope: AdpPermissionName[];
}

const ALL = adpPermissions.map(p => p.name as AdpPermissionName);

const EXPECTED: Record<RoleId, Expectation> = {
  // "Read access to all ALBs, delivery projects, programmes, etc."
  'platform-user': { scope: { kind: 'platform' }, inScope: READ, outOfScope: READ },
  // "Includes all Platform User permissions. Displayed as a Member"
  'delivery-team-member': {
    scope: { kind: 'project', projectId: PROJECT_1, programmeId: PROGRAMME_A },
    inScope: READ,
    outOfScope: READ,
  },
  // "Scaffold/create new services for their delivery project (inc. repos)."
  'technical-team-member': {
    scope: { kind: 'project', projectId: PROJECT_1, programmeId: PROGRAMME_A },
    // + GOV.UK production access: engineers request Production Deploy / Admin for their project
    inScope: [...READ, 'adp.project.createService', 'adp.productionAccess.request'],
    outOfScope: READ,
  },
  // "Includes all Delivery Team Member permissions" + invite users + edit project details
  'delivery-team-admin': {
    scope: { kind: 'project', projectId: PROJECT_1, programmeId: PROGRAMME_A },
    inScope: [...READ, ...TEAM_ADMIN],
    outOfScope: READ,
  },
  // "all Delivery Team Admin permissions for all Delivery Projects in the programme",
  // "create new Delivery Projects", "edit programme details", "invite/add other admins"
  'delivery-programme-admin': {
    scope: { kind: 'programme', programmeId: PROGRAMME_A },
    inScope: [
      ...READ,
      ...TEAM_ADMIN,
      'adp.project.create',
      'adp.programme.update',
      'adp.programmeAdmin.create',
      // decision: whoever adds admins may remove them; programme admins archive their projects
      'adp.programmeAdmin.delete',
      'adp.project.archive',
    ],
    outOfScope: READ,
  },
  // "Full access to the ADP Portal and is admin for all ALBs, delivery projects, programmes"
  'adp-admin': { scope: { kind: 'platform' }, inScope: ALL, outOfScope: ALL },
  // decision: an organisation-wide auditor; reads everything, explains others' access
  'ccoe-engineer': {
    scope: { kind: 'organisation' },
    inScope: [...READ, 'adp.access.explainOthers', 'adp.provisioning.plan'],
    outOfScope: [...READ, 'adp.access.explainOthers', 'adp.provisioning.plan'],
  },
  // "Service account used by automation": reads and runs provisioning, changes no team
  'adp-service-account': {
    scope: { kind: 'platform' },
    inScope: [...READ, 'adp.provisioning.run', 'adp.provisioning.plan'],
    outOfScope: [...READ, 'adp.provisioning.run', 'adp.provisioning.plan'],
  },
};

/** The resource a permission is checked against, inside or outside programme A / project 1. */
function resourceFor(permission: AdpPermissionName, inside: boolean, sameProgramme: boolean): ResourceScope | undefined {
  switch (resourceTypeOf(permission)) {
    case undefined:
      return undefined;
    case 'adp-alb':
      return {};
    case 'adp-programme':
    case 'adp-programme-admin':
      return { programmeId: inside ? PROGRAMME_A : PROGRAMME_B };
    default:
      if (inside) return { programmeId: PROGRAMME_A, projectId: PROJECT_1 };
      return sameProgramme
        ? { programmeId: PROGRAMME_A, projectId: PROJECT_2 }
        : { programmeId: PROGRAMME_B, projectId: PROJECT_9 };
  }
}

describe.each(ROLE_IDS)('role %s', role => {
  const { scope, inScope, outOfScope } = EXPECTED[role];
  // Every person holding a role is a Platform User too (assignmentsFor); automation is not.
  const held: RoleAssignment[] =
    role === 'adp-service-account' || role === 'platform-user'
      ? [{ role, scope }]
      : [{ role: 'platform-user', scope: { kind: 'platform' } }, { role, scope }];

  it.each(ALL)('%s inside the scope', permission => {
    // A programme role's scope includes every project of the programme.
    const type = resourceTypeOf(permission);
    const sameProgrammeIsInside =
      scope.kind === 'programme' && (type === 'adp-project' || type === 'adp-project-member');
    const resources = [resourceFor(permission, true, false)];
    if (sameProgrammeIsInside) resources.push(resourceFor(permission, false, true));
    expect(resources.map(resource => decide(held, permission, resource).allowed)).toEqual(
      resources.map(() => inScope.includes(permission)),
    );
  });

  it.each(ALL)('%s outside the scope', permission => {
    const elsewhere = resourceFor(permission, false, false);
    const basic = resourceTypeOf(permission) === undefined;
    // Basic permissions have no resource: "outside" means the same as inside.
    const expected = basic ? inScope.includes(permission) : outOfScope.includes(permission);
    const resources = [elsewhere];
    // Another project of the same programme is outside a project role too.
    if (scope.kind === 'project' && !basic) resources.push(resourceFor(permission, false, true));
    expect(resources.map(resource => decide(held, permission, resource).allowed)).toEqual(resources.map(() => expected));
  });

  it('lists filter to the scope: scopedGrant agrees with the expectations', () => {
    const expectedResult = (permission: AdpPermissionName) => {
      if (!inScope.includes(permission)) return 'deny';
      if (outOfScope.includes(permission) || resourceTypeOf(permission) === undefined) return 'allow';
      return 'conditional';
    };
    // A deny or allow grant carries nothing but its result; a conditional one carries the scope ids.
    expect(ALL.map(permission => ({ permission, result: scopedGrant(held, permission).result }))).toEqual(
      ALL.map(permission => ({ permission, result: expectedResult(permission) })),
    );
  });
});

describe('the union of roles', () => {
  it('gives a technical team admin both rights in the same project', () => {
    const scope: RoleScope = { kind: 'project', projectId: PROJECT_1, programmeId: PROGRAMME_A };
    const held: RoleAssignment[] = [
      { role: 'technical-team-member', scope },
      { role: 'delivery-team-admin', scope },
    ];
    const here = { projectId: PROJECT_1, programmeId: PROGRAMME_A };
    expect(decide(held, 'adp.project.createService', here).allowed).toBe(true);
    expect(decide(held, 'adp.projectMember.create', here).allowed).toBe(true);
    expect(decide(held, 'adp.project.create', { programmeId: PROGRAMME_A }).allowed).toBe(false);
  });

  it('never lets a narrower role take away what a wider one gives', () => {
    const held: RoleAssignment[] = [
      { role: 'delivery-team-member', scope: { kind: 'project', projectId: PROJECT_1, programmeId: PROGRAMME_A } },
      { role: 'adp-admin', scope: { kind: 'platform' } },
    ];
    const decision = decide(held, 'adp.projectMember.delete', { projectId: PROJECT_1, programmeId: PROGRAMME_A });
    expect(decision.allowed).toBe(true);
    expect(decision.grantedBy.map(a => a.role)).toEqual(['adp-admin']);
  });

  it('conditions a programme admin who is also team admin elsewhere on both scopes', () => {
    const held: RoleAssignment[] = [
      { role: 'delivery-programme-admin', scope: { kind: 'programme', programmeId: PROGRAMME_A } },
      { role: 'delivery-team-admin', scope: { kind: 'project', projectId: PROJECT_9, programmeId: PROGRAMME_B } },
    ];
    expect(scopedGrant(held, 'adp.project.update')).toEqual({
      result: 'conditional',
      programmeIds: [PROGRAMME_A],
      projectIds: [PROJECT_9],
    });
    // Project rights do not make a programme-typed grant.
    expect(scopedGrant(held, 'adp.project.create')).toEqual({
      result: 'conditional',
      programmeIds: [PROGRAMME_A],
      projectIds: [],
    });
  });
});
