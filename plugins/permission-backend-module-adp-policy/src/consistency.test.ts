import {
  ADP_RULES,
  adpPermissions,
  AdpPermissionName,
  assignmentsFor,
  decide,
  PlatformRoleId,
  ResourceScope,
  resourceTypeOf,
} from '@adp-portal/plugin-adp-common';
import { AuthorizeResult, PermissionCondition, PermissionCriteria, PolicyDecision } from '@backstage/plugin-permission-common';
import { AdpPermissionPolicy } from './AdpPermissionPolicy';
import { fixtureResolver, IDS, OWNERSHIP, PERSONAS, personaUser, ref, SNAPSHOT } from './__testUtils__/personas';

/** IS_IN_PROJECT / IS_IN_PROGRAMME as adp-common documents them (the adp plugin registers them). */
function matches(criteria: PermissionCriteria<PermissionCondition>, r: ResourceScope): boolean {
  if ('anyOf' in criteria) return criteria.anyOf.some(c => matches(c, r));
  if ('allOf' in criteria) return criteria.allOf.every(c => matches(c, r));
  if ('not' in criteria) return !matches(criteria.not, r);
  const params = criteria.params as { projectIds?: string[]; programmeIds?: string[] };
  if (criteria.rule === ADP_RULES.isInProject) return !!r.projectId && params.projectIds!.includes(r.projectId);
  if (criteria.rule === ADP_RULES.isInProgramme) return !!r.programmeId && params.programmeIds!.includes(r.programmeId);
  throw new Error(`unknown rule ${criteria.rule}`);
}

function allows(decision: PolicyDecision, r: ResourceScope): boolean {
  if (decision.result === AuthorizeResult.CONDITIONAL) return matches(decision.conditions, r);
  return decision.result === AuthorizeResult.ALLOW;
}

const RESOURCES: ResourceScope[] = [
  { programmeId: IDS.fcp, projectId: IDS.acd },
  { programmeId: IDS.fcp, projectId: IDS.sfi },
  { programmeId: IDS.otherProgramme, projectId: IDS.x },
  { programmeId: IDS.fcp },
  { programmeId: IDS.otherProgramme },
];

/** A persona's roles the way the adp plugin's explain API derives them: stored grants plus groups. */
function explainAssignments(persona: (typeof PERSONAS)[number]) {
  const stored = SNAPSHOT.users.find(u => u.userRef === ref(persona));
  const platformRoles: PlatformRoleId[] = [];
  if (OWNERSHIP[persona].includes('group:default/adp-platform-engineers')) platformRoles.push('adp-admin');
  if (OWNERSHIP[persona].includes('group:default/ccoe-engineers')) platformRoles.push('ccoe-engineer');
  return assignmentsFor({
    hasCatalogIdentity: true,
    platformRoles,
    programmeAdminOf: stored?.programmeAdminOf ?? [],
    projectMemberships: stored?.projectMemberships ?? [],
  });
}

describe('the policy agrees with decide() (and so with the explain API)', () => {
  const policy = new AdpPermissionPolicy(fixtureResolver().resolver);

  it.each(PERSONAS)('for %s on every ADP permission and resource', async persona => {
    const assignments = explainAssignments(persona);
    const disagreements: string[] = [];
    for (const permission of adpPermissions) {
      const name = permission.name as AdpPermissionName;
      const decision = await policy.handle({ permission }, personaUser(persona));
      const type = resourceTypeOf(name);
      for (const r of type ? RESOURCES.filter(x => (type === 'adp-programme' || type === 'adp-programme-admin') === !x.projectId) : [{}]) {
        const expected = decide(assignments, name, type ? r : undefined).allowed;
        if (allows(decision, r) !== expected) disagreements.push(`${name} on ${JSON.stringify(r)}: expected ${expected}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
