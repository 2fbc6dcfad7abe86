import { PermissionCondition, PermissionCriteria, PolicyDecision } from '@backstage/plugin-permission-common';
import { UserAccess } from '../UserAccess';
import { ALLOW, allowIf, conditional, DENY } from './results';

/** Resource types and rules of the scaffolder backend (`scaffolderActionConditions` etc.). */
export const SCAFFOLDER = {
  pluginId: 'scaffolder',
  template: 'scaffolder-template',
  action: 'scaffolder-action',
  task: 'scaffolder-task',
  hasTag: 'HAS_TAG',
  hasActionId: 'HAS_ACTION_ID',
  hasStringProperty: 'HAS_STRING_PROPERTY',
  isTaskOwner: 'IS_TASK_OWNER',
} as const;

/** Template parameters and steps with this tag are for ADP Admins only. */
export const ADMIN_TEMPLATE_TAG = 'adp-admin';
/** The input through which ADP actions name the delivery project they act on. */
export const PROJECT_INPUT = 'projectId';

/**
 * The actions a Delivery Programme Admin may run without being technical anywhere: what the
 * "New delivery project" template does (read the programme's Group, create the project, which
 * the ADP API authorizes on the stored programme). Nothing that publishes code or registers
 * components: those are for Technical Team Members.
 */
export const PROGRAMME_ADMIN_ACTIONS = ['catalog:fetch', 'adp:project:create'] as const;

const hasProjectInput = (value?: string): PermissionCondition => ({
  resourceType: SCAFFOLDER.action,
  rule: SCAFFOLDER.hasStringProperty,
  params: value === undefined ? { key: PROJECT_INPUT } : { key: PROJECT_INPUT, value },
});

const hasActionId = (actionId: string): PermissionCondition => ({
  resourceType: SCAFFOLDER.action,
  rule: SCAFFOLDER.hasActionId,
  params: { actionId },
});

/**
 * For a technical member, an action may run when it targets no delivery project, or targets one
 * where the user is technical. The scaffolder has no action-id prefix rule, so the project input
 * itself is the guard: every `adp:` action that acts on a project takes `projectId`. A programme
 * admin may also run the {@link PROGRAMME_ADMIN_ACTIONS} (only those, when not technical).
 */
function actionCriteria(access: UserAccess): PermissionCriteria<PermissionCondition> {
  const technical = access.technicalProjectIds.length
    ? [{ not: hasProjectInput() }, ...access.technicalProjectIds.map(id => hasProjectInput(id))]
    : [];
  const programmeAdmin = access.programmeAdminIds.length ? PROGRAMME_ADMIN_ACTIONS.map(hasActionId) : [];
  const [first, ...rest]: PermissionCriteria<PermissionCondition>[] = [...technical, ...programmeAdmin];
  // Asked only for users who scaffold: technical somewhere, or a programme admin.
  if (!first) throw new Error(`${access.userRef} may run no scaffolder actions`);
  return { anyOf: [first, ...rest] };
}

const notAdminTagged: PermissionCriteria<PermissionCondition> = {
  not: { resourceType: SCAFFOLDER.template, rule: SCAFFOLDER.hasTag, params: { tag: ADMIN_TEMPLATE_TAG } },
};

/**
 * Scaffolder permissions: scaffolding is for Technical Team Members (services into their own
 * projects), Delivery Programme Admins (new projects in their programmes: the ADP API checks the
 * programme) and ADP Admins; everyone else may only read their own tasks.
 */
export function decideScaffolderPermission(name: string, access: UserAccess): PolicyDecision {
  if (access.isAdpAdmin) return ALLOW;
  const scaffolds = access.technicalProjectIds.length > 0 || access.programmeAdminIds.length > 0;
  switch (name) {
    case 'scaffolder.task.create':
    case 'scaffolder.template.dry-run':
      return allowIf(scaffolds);
    case 'scaffolder.template.parameter.read':
    case 'scaffolder.template.step.read':
      return scaffolds ? conditional(SCAFFOLDER.pluginId, SCAFFOLDER.template, notAdminTagged) : DENY;
    case 'scaffolder.action.execute':
      return scaffolds ? conditional(SCAFFOLDER.pluginId, SCAFFOLDER.action, actionCriteria(access)) : DENY;
    case 'scaffolder.task.read':
    case 'scaffolder.task.cancel':
      return conditional(SCAFFOLDER.pluginId, SCAFFOLDER.task, {
        resourceType: SCAFFOLDER.task,
        rule: SCAFFOLDER.isTaskOwner,
        params: { createdBy: [access.userRef] },
      });
    default:
      // scaffolder.template.management and anything newer: ADP Admins only.
      return DENY;
  }
}
