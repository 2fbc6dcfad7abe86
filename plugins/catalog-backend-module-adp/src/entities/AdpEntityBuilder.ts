import {
  ADP_ANNOTATIONS as A,
  ADP_ENTITY_NAMESPACES,
  ADP_GROUP_TYPES,
  ADP_LOCATION_TYPE,
  albEntityRef,
  ArmsLengthBody,
  CatalogSource,
  NamingTemplateKey,
  NamingTemplates,
  NamingVariables,
  programmeEntityRef,
  projectEntityRef,
  renderName,
} from '@adp-portal/plugin-adp-common';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  EntityLink,
  GroupEntity,
} from '@backstage/catalog-model';

/** @public */
export type AdpRecordLevel = 'alb' | 'programme' | 'project';

/**
 * Identifies the record an entity came from, so a later change to that record can remove it.
 *
 * @public
 */
export interface RecordKey {
  level: AdpRecordLevel;
  id: string;
}

/** @public */
export interface BuiltEntity {
  key: RecordKey;
  /** The parent record (none for an ALB); removing a parent removes its descendants. */
  parent: RecordKey | null;
  entityRef: string;
  entity: GroupEntity;
}

/** @public */
export interface AdpEntityBuilderOptions {
  /** Base URL of the ADP API (`/api/adp`), used in location annotations. */
  apiBaseUrl: string;
  naming: NamingTemplates;
}

type SourceProgramme = CatalogSource['programmes'][number];
type SourceProject = CatalogSource['projects'][number];

/**
 * Turns ADP records into catalog Group entities: ALB → programme → project, linked
 * through `spec.parent` only. The catalog emits `parentOf` from the child's `spec.parent`
 * as well as `childOf`, so `spec.children` stays empty and a change to one project never
 * needs its programme re-emitted with a recomputed child list.
 *
 * Archived records and records whose parent is missing from the source (archived or
 * not requested) produce no entity.
 *
 * @public
 */
export class AdpEntityBuilder {
  constructor(private readonly options: AdpEntityBuilderOptions) {}

  build(source: CatalogSource): BuiltEntity[] {
    const albs = new Map(source.albs.map(alb => [alb.id, alb]));
    const programmes = new Map<string, SourceProgramme>();
    const result: BuiltEntity[] = [];

    for (const alb of source.albs) {
      result.push(this.albEntity(alb));
    }
    for (const programme of source.programmes) {
      const alb = albs.get(programme.albId);
      if (programme.archivedAt || !alb) continue;
      programmes.set(programme.id, programme);
      result.push(this.programmeEntity(programme, alb));
    }
    for (const project of source.projects) {
      const programme = programmes.get(project.programmeId);
      if (project.archivedAt || !programme) continue;
      result.push(
        this.projectEntity(project, programme, albs.get(programme.albId)!),
      );
    }
    return result;
  }

  private albEntity(alb: ArmsLengthBody): BuiltEntity {
    const entityRef = albEntityRef(alb.name);
    return {
      key: { level: 'alb', id: alb.id },
      parent: null,
      entityRef,
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: alb.name,
          namespace: ADP_ENTITY_NAMESPACES.alb,
          title: alb.title,
          description: alb.description || undefined,
          links: websiteLinks(alb.url),
          annotations: compact({
            ...this.locationAnnotations(`albs/${alb.id}`),
            [A.albId]: alb.id,
            [A.alias]: alb.alias,
          }),
        },
        spec: {
          type: ADP_GROUP_TYPES.alb,
          profile: { displayName: alb.title },
          children: [],
          members: [],
        },
      },
    };
  }

  private programmeEntity(
    programme: SourceProgramme,
    alb: ArmsLengthBody,
  ): BuiltEntity {
    const vars: NamingVariables = {
      alb: alb.name,
      programme: programme.name,
      programmeCode: programme.code,
    };
    const admins = uniqueSorted(programme.admins.map(a => a.userRef));
    return {
      key: { level: 'programme', id: programme.id },
      parent: { level: 'alb', id: alb.id },
      entityRef: programmeEntityRef(programme.name),
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: programme.name,
          namespace: ADP_ENTITY_NAMESPACES.programme,
          title: programme.title,
          description: programme.description || undefined,
          links: websiteLinks(programme.url),
          annotations: compact({
            ...this.locationAnnotations(`programmes/${programme.id}`),
            [A.albId]: alb.id,
            [A.programmeId]: programme.id,
            [A.programmeCode]: programme.code,
            [A.alias]: programme.alias,
            [A.programmeAdmins]: admins.join(',') || null,
            [A.entraAdminGroup]: this.name('entra.programmeAdmin', vars),
          }),
        },
        spec: {
          type: ADP_GROUP_TYPES.programme,
          profile: { displayName: programme.title },
          parent: albEntityRef(alb.name),
          children: [],
          members: admins,
        },
      },
    };
  }

  private projectEntity(
    project: SourceProject,
    programme: SourceProgramme,
    alb: ArmsLengthBody,
  ): BuiltEntity {
    const vars: NamingVariables = {
      alb: alb.name,
      programme: programme.name,
      programmeCode: programme.code,
      project: project.name,
      projectAlias: project.alias,
      projectTitle: project.title,
    };
    const members: string[] = [];
    const technical: string[] = [];
    const admins: string[] = [];
    for (const m of project.members) {
      members.push(m.userRef);
      if (m.technical) technical.push(m.userRef);
      if (m.admin) admins.push(m.userRef);
    }
    const sonarPrefixes =
      project.alias && project.alias !== project.name
        ? [project.name, project.alias].sort()
        : [project.name];
    return {
      key: { level: 'project', id: project.id },
      parent: { level: 'programme', id: programme.id },
      entityRef: projectEntityRef(project.name),
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: project.name,
          namespace: ADP_ENTITY_NAMESPACES.project,
          title: project.title,
          description: project.description || undefined,
          annotations: compact({
            ...this.locationAnnotations(`projects/${project.id}`),
            [A.albId]: alb.id,
            [A.programmeId]: programme.id,
            [A.projectId]: project.id,
            [A.programmeCode]: programme.code,
            [A.alias]: project.alias,
            [A.technicalMembers]: uniqueSorted(technical).join(',') || null,
            [A.teamAdmins]: uniqueSorted(admins).join(',') || null,
            [A.entraNonTechGroup]: this.name('entra.projectNonTech', vars),
            [A.entraTechGroup]: this.name('entra.projectTech', vars),
            [A.entraAdminGroup]: this.name('entra.projectAdmin', vars),
            [A.githubContributorsTeam]: this.name('github.contributors', vars),
            [A.githubAdminsTeam]: this.name('github.admins', vars),
            [A.githubTeamVisibility]: project.githubTeamVisibility,
            [A.azureDevOpsProject]: project.adoProject,
            [A.azureDevOpsContributorsGroup]: this.name(
              'azureDevOps.contributors',
              vars,
            ),
            [A.sonarcloudGroup]: this.name('sonarcloud.projectGroup', vars),
            [A.sonarcloudProjectKeyPrefixes]: sonarPrefixes.join(','),
            [A.teamType]: project.teamType,
            [A.serviceCode]: project.serviceCode,
            [A.costCentre]: project.costCentre,
            [A.serviceOwner]: project.serviceOwner,
          }),
        },
        spec: {
          type: ADP_GROUP_TYPES.project,
          profile: { displayName: project.title },
          parent: programmeEntityRef(programme.name),
          children: [],
          members: uniqueSorted(members),
        },
      },
    };
  }

  private locationAnnotations(path: string): Record<string, string> {
    const location = `${ADP_LOCATION_TYPE}:${this.options.apiBaseUrl}/${path}`;
    return {
      [ANNOTATION_LOCATION]: location,
      [ANNOTATION_ORIGIN_LOCATION]: location,
    };
  }

  /** A template that needs a missing variable (e.g. `{projectAlias}` on a project without one) yields no annotation. */
  private name(key: NamingTemplateKey, vars: NamingVariables): string | null {
    try {
      return renderName(this.options.naming[key], vars);
    } catch {
      return null;
    }
  }
}

function websiteLinks(url: string | null): EntityLink[] | undefined {
  return url
    ? [{ url, title: 'Website', icon: 'web', type: 'website' }]
    : undefined;
}

/** Sorted, without repeats; sorts in place (the arrays are built for this entity). Runs per team on every full refresh. */
function uniqueSorted(values: string[]): string[] {
  values.sort();
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[kept - 1]) values[kept++] = values[i];
  }
  values.length = kept;
  return values;
}

/** Drops empty values, so an absent alias or service code leaves no annotation. */
function compact(
  values: Record<string, string | null | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(values)) {
    const v = values[k];
    if (v !== null && v !== undefined && v !== '') out[k] = v;
  }
  return out;
}
