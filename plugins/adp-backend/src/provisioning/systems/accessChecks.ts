/*
 * What can be checked of a credential without changing anything: the roles in the Graph
 * token, and a read that needs SonarCloud's Administer Organization. Each check names what
 * is missing, in words an administrator can act on; an empty list means nothing found missing.
 */

import { CredentialCheckOutcome } from '../checks/CredentialCheck';

/** Graph application permissions the reconciler needs, each with the broader ones that include it. */
const GRAPH_ROLES: Array<{ role: string; coveredBy: string[] }> = [
  {
    role: 'Group.Create',
    coveredBy: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
  {
    role: 'GroupMember.ReadWrite.All',
    coveredBy: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
  {
    role: 'User.ReadBasic.All',
    coveredBy: [
      'User.Read.All',
      'User.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
    ],
  },
];

/** The `roles` claim of an app-only access token (a JWT); undefined when it cannot be read. */
export function tokenRoles(token: string): string[] | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    );
    return Array.isArray(claims.roles) ? claims.roles : [];
  } catch {
    return undefined;
  }
}

const NOT_A_JWT = 'Entra ID: the Graph token is not a JWT, so its application permissions could not be checked';

/** The Graph application permissions the token lacks, from its `roles` claim. */
export function graphRolesOutcome(token: string): CredentialCheckOutcome {
  const roles = tokenRoles(token);
  if (!roles) return { missing: [], notes: [NOT_A_JWT], checked: false };
  return {
    missing: GRAPH_ROLES.filter(r => !roles.includes(r.role) && !r.coveredBy.some(c => roles.includes(c))).map(
      r => `Entra ID: the app registration lacks the Microsoft Graph application permission ${r.role} (admin consent)`,
    ),
    notes: [],
    checked: true,
  };
}
