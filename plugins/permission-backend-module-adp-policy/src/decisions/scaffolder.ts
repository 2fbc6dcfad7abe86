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
  hasStringProperty: 'HAS_STRING_PROPERTY',
  isTaskOwner: 'IS_TASK_OWNER',
} as const;

/** Template parameters and steps with this tag are for ADP Admins only. */
export const ADMIN_TEMPLATE_TAG = 'adp-admin';
/** The input through which ADP actions name the delivery project they act on. */
export const PROJECT_INPUT = 'projectId';

const hasProjectInput = (value?: string): PermissionCondition => ({
  resourceType: SCAFFOLDER.action,
  rule: SCAFFOLDER.hasStringProperty,
  params: value === undefined ? { key: PROJECT_INPUT } : { key: PROJECT_INPUT, value },
});

/**
 * An action may run when it targets no delivery project, or targets one where the
 * user is technical. The scaffolder has no action-id prefix rule, so the project
 * input itself is the guard: every `adp:` action takes `projectId`.
 */
function actionCriteria(access: UserAccess): PermissionCriteria<PermissionCondition> {
  return {
    anyOf: [
      { not: hasProjectInput() },
      ...access.technicalProjectIds.map(id => hasProjectInput(id)),
    ],
  };
}

const notAdminTagged: PermissionCriteria<PermissionCondition> = {
  not: { resourceType: SCAFFOLDER.template, rule: SCAFFOLDER.hasTag, params: { tag: ADMIN_TEMPLATE_TAG } },
};

/**
 * Scaffolder permissions: scaffolding is for Technical Team Members (into their own
 * projects) and ADP Admins; everyone else may only read their own tasks.
 */
export function decideScaffolderPermission(name: string, access: UserAccess): PolicyDecision {
  if (access.isAdpAdmin) return ALLOW;
  const technical = access.technicalProjectIds.length > 0;
  switch (name) {
    case 'scaffolder.task.create':
    case 'scaffolder.template.dry-run':
      return allowIf(technical);
    case 'scaffolder.template.parameter.read':
    case 'scaffolder.template.step.read':
      return technical ? conditional(SCAFFOLDER.pluginId, SCAFFOLDER.template, notAdminTagged) : DENY;
    case 'scaffolder.action.execute':
      return technical ? conditional(SCAFFOLDER.pluginId, SCAFFOLDER.action, actionCriteria(access)) : DENY;
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
