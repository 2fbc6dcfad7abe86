import { RoleIndexSnapshot } from '@adp-portal/plugin-adp-common';
import { mockServices } from '@backstage/backend-test-utils';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { CatalogUserDirectory } from '../CatalogUserDirectory';
import { RoleIndex } from '../RoleIndex';
import { UserAccessResolver } from '../UserAccess';

/** Two programmes: FCP (projects acd and sfi) and another (project x). */
export const IDS = {
  fcp: 'prog-fcp',
  otherProgramme: 'prog-other',
  acd: 'proj-acd',
  sfi: 'proj-sfi',
  x: 'proj-x',
} as const;

export const GROUPS = {
  adpAdminGroups: ['group:default/adp-platform-engineers'],
  ccoeEngineerGroups: ['group:default/ccoe-engineers'],
};

export const PERSONAS = ['ada', 'pat', 'dee', 'tess', 'nora', 'paul', 'cara'] as const;
export type Persona = (typeof PERSONAS)[number];
export const ref = (name: string) => `user:default/${name}`;

const member = (projectId: string, programmeId: string, technical: boolean, admin: boolean) => ({
  projectId,
  programmeId,
  technical,
  admin,
});

/** The stored roles of the demo personas (ada and cara hold theirs through groups). */
export const SNAPSHOT: RoleIndexSnapshot = {
  revision: 7,
  serviceAccountSubjects: [],
  users: [
    { userRef: ref('pat'), platformRoles: [], programmeAdminOf: [IDS.fcp], projectMemberships: [] },
    { userRef: ref('dee'), platformRoles: [], programmeAdminOf: [], projectMemberships: [member(IDS.acd, IDS.fcp, false, true)] },
    { userRef: ref('tess'), platformRoles: [], programmeAdminOf: [], projectMemberships: [member(IDS.acd, IDS.fcp, true, false)] },
    { userRef: ref('nora'), platformRoles: [], programmeAdminOf: [], projectMemberships: [member(IDS.acd, IDS.fcp, false, false)] },
  ],
};

/** Ownership refs as catalog sign-in puts them in the token: the user and their groups. */
export const OWNERSHIP: Record<Persona, string[]> = {
  ada: [ref('ada'), 'group:default/adp-platform-engineers'],
  pat: [ref('pat')],
  dee: [ref('dee')],
  tess: [ref('tess')],
  nora: [ref('nora')],
  paul: [ref('paul')],
  cara: [ref('cara'), 'group:default/ccoe-engineers'],
};

export function policyUser(userEntityRef: string, ownershipEntityRefs = [userEntityRef]): PolicyQueryUser {
  return {
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef },
    },
    info: { userEntityRef, ownershipEntityRefs },
  };
}

export const personaUser = (p: Persona) => policyUser(ref(p), OWNERSHIP[p]);

/** A resolver over an index and a directory loaded from the fixtures. */
export function fixtureResolver(options: { indexLoaded?: boolean; directoryLoaded?: boolean } = {}) {
  const logger = mockServices.logger.mock();
  const roleIndex = new RoleIndex(
    { fetchSnapshot: async () => SNAPSHOT, fetchChanges: async () => ({ revision: 7, userRefs: [] }) },
    logger,
  );
  if (options.indexLoaded ?? true) roleIndex.replaceAll(SNAPSHOT);
  const directory = new CatalogUserDirectory(
    {
      async *streamEntities() {
        yield PERSONAS.map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name, namespace: 'default' },
        }));
      },
      // What the directory asks about a user it does not hold (e.g. before its first load).
      async getEntityByRef(entityRef) {
        const name = String(entityRef).replace('user:default/', '');
        return (PERSONAS as readonly string[]).includes(name)
          ? { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name, namespace: 'default' } }
          : undefined;
      },
    },
    mockServices.auth(),
    logger,
  );
  if (options.directoryLoaded ?? true) directory.replaceAll(PERSONAS.map(ref));
  return { resolver: new UserAccessResolver(roleIndex, directory, GROUPS), roleIndex, directory };
}
