import { ADP_RULES, IsInProgrammeParams, IsInProjectParams } from '@adp-portal/plugin-adp-common';
import { PermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { AdpScopeQuery } from '../database/scopeFilter';
import { AdpScopedResource } from './resources';

/**
 * A permission rule over ADP records of resource type `T`, with parameters `P`.
 *
 * @public
 */
export type AdpScopeRule<P extends IsInProjectParams | IsInProgrammeParams, T extends string = string> = PermissionRule<
  AdpScopedResource,
  AdpScopeQuery,
  T,
  P
>;

/**
 * permission-node declares `paramsSchema` with its own copy of zod; letting tsc compare
 * two zod copies structurally takes minutes and gigabytes, so the schema is handed over
 * as the declared type. At run time it is an ordinary zod schema, which the framework accepts.
 */
const params = <P extends IsInProjectParams | IsInProgrammeParams>(schema: z.ZodType<P>) =>
  schema as unknown as Extract<AdpScopeRule<P>, { paramsSchema: unknown }>['paramsSchema'];

/**
 * IS_IN_PROJECT for one resource type: the record belongs to one of the projects.
 *
 * @public
 */
export function isInProjectRule<T extends string>(resourceType: T): AdpScopeRule<IsInProjectParams, T> {
  return {
    name: ADP_RULES.isInProject,
    description: 'Allow records that belong to one of the given delivery projects',
    resourceType,
    paramsSchema: params<IsInProjectParams>(z.object({ projectIds: z.array(z.string()).describe('Project ids') })),
    apply: (resource, { projectIds }) => !!resource.projectId && projectIds.includes(resource.projectId),
    toQuery: ({ projectIds }) => ({ scope: 'project', ids: projectIds }),
  };
}

/**
 * IS_IN_PROGRAMME for one resource type: the record belongs to one of the programmes.
 *
 * @public
 */
export function isInProgrammeRule<T extends string>(resourceType: T): AdpScopeRule<IsInProgrammeParams, T> {
  return {
    name: ADP_RULES.isInProgramme,
    description: 'Allow records that belong to one of the given delivery programmes',
    resourceType,
    paramsSchema: params<IsInProgrammeParams>(z.object({ programmeIds: z.array(z.string()).describe('Programme ids') })),
    apply: (resource, { programmeIds }) => !!resource.programmeId && programmeIds.includes(resource.programmeId),
    toQuery: ({ programmeIds }) => ({ scope: 'programme', ids: programmeIds }),
  };
}
