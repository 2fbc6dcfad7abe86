import {
  DEFAULT_NAMING_TEMPLATES,
  describeNameClash,
  findNameClash,
  NamingTemplates,
} from '@adp-portal/plugin-adp-common';
import { ConflictError } from '@backstage/errors';
import { Stores } from '../database/stores';
import { DEFAULT_ENVIRONMENTS } from '../provisioning/config';

/**
 * Refuses a write that would make a record render an external group, team or repository
 * prefix that another record (or the platform) already has. Called inside the write's
 * transaction after the change, so it sees the record as it would be stored; writers are
 * serialised by the revision lock, so two writes cannot both pass with the same name.
 */
export class ExternalNames {
  constructor(
    private readonly templates: NamingTemplates = { ...DEFAULT_NAMING_TEMPLATES },
    private readonly environments: readonly string[] = DEFAULT_ENVIRONMENTS,
  ) {}

  /** The record that changed; a changed ALB or programme renames all that it holds. */
  async requireOwn(stores: Stores, changed: { albId?: string; programmeId?: string; projectId?: string }): Promise<void> {
    // One after another: a transaction is one connection.
    const albs = await stores.albs.all();
    const programmes = await stores.programmes.all();
    const projects = await stores.projects.all();
    const inProgrammes = new Set(programmes.filter(p => p.id === changed.programmeId || p.albId === changed.albId).map(p => p.id));
    const owners = new Set([
      `alb:${changed.albId}`,
      ...[...inProgrammes].map(id => `programme:${id}`),
      ...projects.filter(d => d.id === changed.projectId || inProgrammes.has(d.programmeId)).map(d => `project:${d.id}`),
    ]);
    const clash = findNameClash({ albs, programmes, projects }, this.templates, this.environments, owners);
    if (clash) throw new ConflictError(describeNameClash(clash));
  }
}
