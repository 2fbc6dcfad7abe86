import { AdpResourceType, ADP_RESOURCE_TYPES } from '@adp-portal/plugin-adp-common';
import { Knex } from 'knex';
import { AdpScopedResource } from './resources';

/**
 * Loads where records sit in the delivery tree, by id, from the database: used by the
 * permission registry (conditional decisions) and the explain API. Never from a request body.
 */
export class ScopeResolver {
  constructor(private readonly knex: Knex) {}

  async resolve(resourceType: AdpResourceType, ids: string[]): Promise<Array<AdpScopedResource | undefined>> {
    if (ids.length === 0) return [];
    const rows = await this.query(resourceType, ids);
    const byId = new Map(rows.map(r => [r.id, r]));
    return ids.map(id => byId.get(id));
  }

  private async query(type: AdpResourceType, ids: string[]): Promise<AdpScopedResource[]> {
    const k = this.knex;
    switch (type) {
      case ADP_RESOURCE_TYPES.alb:
        return (await k('albs').whereIn('id', ids).select('id')).map(r => ({ id: r.id, albId: r.id, programmeId: null, projectId: null }));
      case ADP_RESOURCE_TYPES.programme:
        return (await k('programmes').whereIn('id', ids).select('id', 'alb_id')).map(r => ({ id: r.id, albId: r.alb_id, programmeId: r.id, projectId: null }));
      case ADP_RESOURCE_TYPES.project:
        return (
          await k('projects').join('programmes', 'programmes.id', 'projects.programme_id').whereIn('projects.id', ids).select('projects.id', 'projects.programme_id', 'programmes.alb_id')
        ).map(r => ({ id: r.id, albId: r.alb_id, programmeId: r.programme_id, projectId: r.id }));
      case ADP_RESOURCE_TYPES.projectMember:
        return (
          await k('project_members')
            .join('projects', 'projects.id', 'project_members.project_id')
            .join('programmes', 'programmes.id', 'projects.programme_id')
            .whereIn('project_members.id', ids)
            .select('project_members.id', 'project_members.project_id', 'projects.programme_id', 'programmes.alb_id')
        ).map(r => ({ id: r.id, albId: r.alb_id, programmeId: r.programme_id, projectId: r.project_id }));
      case ADP_RESOURCE_TYPES.programmeAdmin:
        return (
          await k('programme_admins').join('programmes', 'programmes.id', 'programme_admins.programme_id').whereIn('programme_admins.id', ids).select('programme_admins.id', 'programme_admins.programme_id', 'programmes.alb_id')
        ).map(r => ({ id: r.id, albId: r.alb_id, programmeId: r.programme_id, projectId: null }));
      default:
        return [];
    }
  }
}
