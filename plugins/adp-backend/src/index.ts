/**
 * ADP delivery data backend: Arms Length Bodies, programmes, projects and teams,
 * stored, validated, authorized on the stored record and served at /api/adp.
 *
 * @packageDocumentation
 */
export { adpPlugin as default } from './plugin';
export {
  albResourceRef,
  programmeResourceRef,
  projectResourceRef,
  projectMemberResourceRef,
  programmeAdminResourceRef,
  type AdpScopedResource,
} from './permissions/resources';
export { isInProjectRule, isInProgrammeRule } from './permissions/rules';
export type { AdpScopeRule } from './permissions/rules';
export type { AdpScopeQuery } from './database/scopeFilter';
export type { OutboxEntry } from './database/ChangeLogStore';
