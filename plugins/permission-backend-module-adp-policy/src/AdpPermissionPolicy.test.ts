import {
  albCreatePermission,
  accessExplainOthersPermission,
  programmeAdminCreatePermission,
  projectCreatePermission,
  projectMemberCreatePermission,
  projectReadPermission,
  projectUpdatePermission,
  provisioningPlanPermission,
} from '@adp-portal/plugin-adp-common';
import { AuthorizeResult, createPermission, Permission } from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCreatePermission,
  taskReadPermission,
  templateParameterReadPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
// Backstage's own condition builders: the policy's conditions must be exactly theirs.
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  createScaffolderTemplateConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { AdpPermissionPolicy } from './AdpPermissionPolicy';
import { fixtureResolver, IDS, personaUser, policyUser, ref, SNAPSHOT } from './__testUtils__/personas';

const { ALLOW, DENY, CONDITIONAL } = AuthorizeResult;

describe('AdpPermissionPolicy', () => {
  const policy = new AdpPermissionPolicy(fixtureResolver().resolver);
  const ask = (permission: Permission, user = personaUser('paul')) => policy.handle({ permission }, user);

  describe('identity', () => {
    it('denies everything without a user', async () => {
      for (const p of [projectReadPermission, catalogEntityReadPermission, taskReadPermission]) {
        await expect(policy.handle({ permission: p })).resolves.toEqual({ result: DENY });
      }
    });

    it('denies everything to a signed-in principal that is not a catalog user', async () => {
      const stranger = policyUser('user:default/stranger');
      await expect(ask(projectReadPermission, stranger)).resolves.toEqual({ result: DENY });
      await expect(ask(catalogEntityReadPermission, stranger)).resolves.toEqual({ result: DENY });
      // Even when the stranger claims an admin group in the token.
      const claimsAdmin = policyUser('user:default/stranger', ['user:default/stranger', 'group:default/adp-platform-engineers']);
      await expect(ask(albCreatePermission, claimsAdmin)).resolves.toEqual({ result: DENY });
    });

    it('asks the catalog about each user until the catalog users have loaded, never trusting the token', async () => {
      const early = new AdpPermissionPolicy(fixtureResolver({ directoryLoaded: false }).resolver);
      await expect(early.handle({ permission: projectReadPermission }, policyUser(ref('paul')))).resolves.toEqual({ result: ALLOW });
      await expect(early.handle({ permission: projectReadPermission }, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
      await expect(early.handle({ permission: albCreatePermission }, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
      // A token that owns its own ref (as the guest provider issues) is not a catalog identity.
      await expect(early.handle({ permission: projectReadPermission }, policyUser('user:development/guest'))).resolves.toEqual({ result: DENY });
    });
  });

  describe('ADP permissions', () => {
    it('lets every Platform User read and nothing else', async () => {
      await expect(ask(projectReadPermission)).resolves.toEqual({ result: ALLOW });
      await expect(ask(projectUpdatePermission)).resolves.toEqual({ result: DENY });
      await expect(ask(albCreatePermission)).resolves.toEqual({ result: DENY });
    });

    it('scopes a team admin to their project', async () => {
      await expect(ask(projectUpdatePermission, personaUser('dee'))).resolves.toEqual({
        result: CONDITIONAL,
        pluginId: 'adp',
        resourceType: 'adp-project',
        conditions: { resourceType: 'adp-project', rule: 'IS_IN_PROJECT', params: { projectIds: [IDS.acd] } },
      });
      await expect(ask(projectMemberCreatePermission, personaUser('dee'))).resolves.toMatchObject({
        result: CONDITIONAL,
        conditions: { rule: 'IS_IN_PROJECT', params: { projectIds: [IDS.acd] } },
      });
      await expect(ask(programmeAdminCreatePermission, personaUser('dee'))).resolves.toEqual({ result: DENY });
      await expect(ask(projectCreatePermission, personaUser('dee'))).resolves.toEqual({ result: DENY });
    });

    it('scopes a programme admin to their programme, on the programme and its projects', async () => {
      await expect(ask(projectCreatePermission, personaUser('pat'))).resolves.toEqual({
        result: CONDITIONAL,
        pluginId: 'adp',
        resourceType: 'adp-programme',
        conditions: { resourceType: 'adp-programme', rule: 'IS_IN_PROGRAMME', params: { programmeIds: [IDS.fcp] } },
      });
      await expect(ask(projectUpdatePermission, personaUser('pat'))).resolves.toMatchObject({
        result: CONDITIONAL,
        resourceType: 'adp-project',
        conditions: { rule: 'IS_IN_PROGRAMME', params: { programmeIds: [IDS.fcp] } },
      });
    });

    it('gives ADP Admins (through the configured group) everything', async () => {
      for (const p of [albCreatePermission, projectUpdatePermission, programmeAdminCreatePermission, accessExplainOthersPermission]) {
        await expect(ask(p, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
      }
    });

    it('makes CCoE Engineers organisation-wide auditors who change nothing', async () => {
      await expect(ask(accessExplainOthersPermission, personaUser('cara'))).resolves.toEqual({ result: ALLOW });
      await expect(ask(provisioningPlanPermission, personaUser('cara'))).resolves.toEqual({ result: ALLOW });
      await expect(ask(projectUpdatePermission, personaUser('cara'))).resolves.toEqual({ result: DENY });
      await expect(ask(projectMemberCreatePermission, personaUser('cara'))).resolves.toEqual({ result: DENY });
    });

    it('unites roles: admin of one project and technical member of another', async () => {
      const { resolver, roleIndex } = fixtureResolver();
      roleIndex.replaceAll({
        ...SNAPSHOT,
        users: [{
          userRef: ref('tess'),
          platformRoles: [],
          programmeAdminOf: [IDS.otherProgramme],
          projectMemberships: [{ projectId: IDS.acd, programmeId: IDS.fcp, technical: true, admin: true }],
        }],
      });
      const union = new AdpPermissionPolicy(resolver);
      await expect(union.handle({ permission: projectUpdatePermission }, personaUser('tess'))).resolves.toMatchObject({
        result: CONDITIONAL,
        conditions: {
          anyOf: [
            { rule: 'IS_IN_PROJECT', params: { projectIds: [IDS.acd] } },
            { rule: 'IS_IN_PROGRAMME', params: { programmeIds: [IDS.otherProgramme] } },
          ],
        },
      });
    });

    it('fails closed on stored roles until the role index has loaded, but keeps reads and group roles', async () => {
      const early = new AdpPermissionPolicy(fixtureResolver({ indexLoaded: false }).resolver);
      await expect(early.handle({ permission: projectUpdatePermission }, personaUser('dee'))).resolves.toEqual({ result: DENY });
      await expect(early.handle({ permission: projectReadPermission }, personaUser('dee'))).resolves.toEqual({ result: ALLOW });
      await expect(early.handle({ permission: albCreatePermission }, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
    });

    it('denies unknown ADP permissions, even to admins', async () => {
      const unknown = createPermission({ name: 'adp.unknown.thing', attributes: {} });
      await expect(ask(unknown, personaUser('ada'))).resolves.toEqual({ result: DENY });
    });
  });

  describe('catalog permissions', () => {
    it('lets every Platform User read the catalog', async () => {
      await expect(ask(catalogEntityReadPermission, personaUser('nora'))).resolves.toEqual({ result: ALLOW });
    });

    it('lets technical members register components and no other member', async () => {
      await expect(ask(catalogEntityCreatePermission, personaUser('tess'))).resolves.toEqual({ result: ALLOW });
      await expect(ask(catalogEntityCreatePermission, personaUser('dee'))).resolves.toEqual({ result: DENY });
    });

    it('lets owners unregister what they own, with the catalog backend’s own condition', async () => {
      await expect(ask(catalogEntityDeletePermission, personaUser('dee'))).resolves.toEqual(
        createCatalogConditionalDecision(catalogEntityDeletePermission, catalogConditions.isEntityOwner({ claims: [ref('dee')] })),
      );
    });

    it('keeps location deletion to ADP Admins', async () => {
      await expect(ask(catalogLocationDeletePermission, personaUser('tess'))).resolves.toEqual({ result: DENY });
      await expect(ask(catalogLocationDeletePermission, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
    });
  });

  describe('scaffolder permissions', () => {
    it('lets only technical members, programme admins and ADP Admins create tasks', async () => {
      for (const p of ['tess', 'pat', 'ada'] as const) {
        await expect(ask(taskCreatePermission, personaUser(p))).resolves.toEqual({ result: ALLOW });
      }
      for (const p of ['dee', 'nora', 'paul', 'cara'] as const) {
        await expect(ask(taskCreatePermission, personaUser(p))).resolves.toEqual({ result: DENY });
      }
    });

    it('lets a programme admin who is not technical run only what creating a project takes', async () => {
      const { hasActionId } = scaffolderActionConditions;
      await expect(ask(actionExecutePermission, personaUser('pat'))).resolves.toEqual(
        createScaffolderActionConditionalDecision(actionExecutePermission, {
          anyOf: [hasActionId({ actionId: 'catalog:fetch' }), hasActionId({ actionId: 'adp:project:create' })],
        }),
      );
      await expect(ask(templateParameterReadPermission, personaUser('pat'))).resolves.toEqual(
        createScaffolderTemplateConditionalDecision(templateParameterReadPermission, {
          not: scaffolderTemplateConditions.hasTag({ tag: 'adp-admin' }),
        }),
      );
    });

    it('lets technical members run project actions only in their projects', async () => {
      const { hasStringProperty } = scaffolderActionConditions;
      await expect(ask(actionExecutePermission, personaUser('tess'))).resolves.toEqual(
        createScaffolderActionConditionalDecision(actionExecutePermission, {
          anyOf: [{ not: hasStringProperty({ key: 'projectId' }) }, hasStringProperty({ key: 'projectId', value: IDS.acd })],
        }),
      );
      await expect(ask(actionExecutePermission, personaUser('nora'))).resolves.toEqual({ result: DENY });
      await expect(ask(actionExecutePermission, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
    });

    it('hides admin-tagged template parameters from non-admins', async () => {
      await expect(ask(templateParameterReadPermission, personaUser('tess'))).resolves.toEqual(
        createScaffolderTemplateConditionalDecision(templateParameterReadPermission, {
          not: scaffolderTemplateConditions.hasTag({ tag: 'adp-admin' }),
        }),
      );
      await expect(ask(templateParameterReadPermission, personaUser('paul'))).resolves.toEqual({ result: DENY });
      await expect(ask(templateParameterReadPermission, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
    });

    it('shows users their own tasks and keeps template management to admins', async () => {
      await expect(ask(taskReadPermission, personaUser('nora'))).resolves.toEqual(
        createScaffolderTaskConditionalDecision(taskReadPermission, scaffolderTaskConditions.isTaskOwner({ createdBy: [ref('nora')] })),
      );
      await expect(ask(templateManagementPermission, personaUser('tess'))).resolves.toEqual({ result: DENY });
    });
  });

  describe('other permissions', () => {
    it('allows reads to Platform Users, changes to ADP Admins only', async () => {
      const read = createPermission({ name: 'kubernetes.resources.read', attributes: { action: 'read' } });
      const write = createPermission({ name: 'todo.items.update', attributes: { action: 'update' } });
      await expect(ask(read)).resolves.toEqual({ result: ALLOW });
      await expect(ask(write)).resolves.toEqual({ result: DENY });
      await expect(ask(write, personaUser('ada'))).resolves.toEqual({ result: ALLOW });
    });
  });
});
