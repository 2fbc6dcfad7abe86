import {
  createProjectSchema,
  DeliveryProgramme,
  DeliveryProject,
  listQuerySchema,
  Page,
  projectArchivePermission,
  projectCreatePermission,
  projectCreateServicePermission,
  projectNamespace,
  projectReadPermission,
  projectUpdatePermission,
  updateProjectSchema,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { bothScopeFilters } from '../database/scopeFilter';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef, userRefOf } from './actor';
import { Authorizer } from './Authorizer';
import { ExternalNames } from './ExternalNames';
import { DeliveryWriter } from './DeliveryWriter';
import { fieldError, parse } from './validation';

export class ProjectService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
    private readonly names = new ExternalNames(),
  ) {}

  async list(credentials: BackstageCredentials, rawQuery: unknown): Promise<Page<DeliveryProject>> {
    const query = parse(listQuerySchema, rawQuery);
    const read = await this.authorizer.filter(credentials, projectReadPermission);
    // `technical`: the projects the policy lets the caller create services for, as a filter,
    // so the list never offers a project the scaffolder's adp:* steps would then refuse.
    const filter = query.technical
      ? bothScopeFilters(read, await this.authorizer.filter(credentials, projectCreateServicePermission))
      : read;
    return this.db.read.projects.list(query, filter, userRefOf(credentials));
  }

  async get(credentials: BackstageCredentials, id: string): Promise<DeliveryProject> {
    const project = await this.load(id);
    await this.authorizer.require(credentials, projectReadPermission, project.id);
    return project;
  }

  private async load(id: string): Promise<DeliveryProject> {
    const project = await this.db.read.projects.get(id);
    if (!project) throw new NotFoundError(`No delivery project with id ${id}`);
    return project;
  }

  private async clash(stores: Stores, programme: DeliveryProgramme, title: string, name?: string, exceptId?: string) {
    const sameTitle = await stores.projects.findByTitle(programme.id, title);
    if (sameTitle && sameTitle.id !== exceptId) {
      return `The programme ${programme.title} already has a project called ${sameTitle.title}`;
    }
    const sameName = name ? await stores.projects.findByName(name) : undefined;
    if (sameName && sameName.id !== exceptId) {
      return `The namespace ${name} is already used by the project ${sameName.title}`;
    }
    return undefined;
  }

  async create(credentials: BackstageCredentials, body: unknown): Promise<DeliveryProject> {
    const input = parse(createProjectSchema, body);
    // Authorize on the programme as stored, never on what the body claims about it.
    const programme = await this.db.read.programmes.get(input.programmeId);
    if (!programme) throw fieldError('programmeId', 'No delivery programme with this id');
    await this.authorizer.require(credentials, projectCreatePermission, programme.id);
    const name = projectNamespace(programme.code, input.title);
    return this.writer.write(
      actorRef(credentials),
      async ({ stores, actor, at, record }) => {
        const parent = await stores.programmes.get(programme.id);
        if (!parent) throw fieldError('programmeId', 'No delivery programme with this id');
        if (parent.archivedAt) throw new ConflictError(`The programme ${parent.title} is archived; restore it before adding projects`);
        const sentence = await this.clash(stores, parent, input.title, name);
        if (sentence) throw new ConflictError(sentence);
        const project: DeliveryProject = {
          id: randomUUID(),
          programmeId: parent.id,
          name,
          title: input.title,
          alias: input.alias,
          description: input.description,
          adoProject: input.adoProject,
          githubTeamVisibility: input.githubTeamVisibility,
          teamType: input.teamType,
          serviceCode: input.serviceCode,
          costCentre: input.costCentre,
          serviceOwner: input.serviceOwner,
          archivedAt: null,
          createdAt: at,
          createdBy: actor,
          updatedAt: at,
          updatedBy: actor,
        };
        await stores.projects.insert(project);
        await this.names.requireOwn(stores, { projectId: project.id });
        record({ kind: 'project', id: project.id, albId: parent.albId, programmeId: parent.id, projectId: project.id, action: 'created', before: null, after: project, reason: 'project-created' });
        return project;
      },
      () => this.clash(this.db.read, programme, input.title, name),
    );
  }

  async update(credentials: BackstageCredentials, id: string, body: unknown): Promise<DeliveryProject> {
    const input = parse(updateProjectSchema, body);
    const existing = await this.load(id);
    await this.authorizer.require(credentials, projectUpdatePermission, existing.id);
    const programme = (await this.db.read.programmes.get(existing.programmeId))!;
    return this.writer.write(
      actorRef(credentials),
      async ({ stores, actor, at, record }) => {
        const before = await stores.projects.get(id);
        if (!before) throw new NotFoundError(`No delivery project with id ${id}`);
        if (before.archivedAt) throw new ConflictError(`The project ${before.title} is archived; restore it before editing`);
        if (input.title) {
          const sentence = await this.clash(stores, programme, input.title, undefined, id);
          if (sentence) throw new ConflictError(sentence);
        }
        const has = (k: string) => k in (body as object);
        const pick = <K extends keyof DeliveryProject>(k: K, v: DeliveryProject[K] | undefined) =>
          has(k) && v !== undefined ? v : before[k];
        // name (the namespace) never changes: a renamed project keeps its catalog and external names.
        const after: DeliveryProject = {
          ...before,
          title: pick('title', input.title),
          alias: pick('alias', input.alias),
          description: pick('description', input.description),
          adoProject: pick('adoProject', input.adoProject),
          githubTeamVisibility: pick('githubTeamVisibility', input.githubTeamVisibility),
          teamType: pick('teamType', input.teamType),
          serviceCode: pick('serviceCode', input.serviceCode),
          costCentre: pick('costCentre', input.costCentre),
          serviceOwner: pick('serviceOwner', input.serviceOwner),
          updatedAt: at,
          updatedBy: actor,
        };
        await stores.projects.update(after);
        // Alias and title are naming variables (the alias also a repository prefix).
        if (after.alias !== before.alias || after.title !== before.title) await this.names.requireOwn(stores, { projectId: id });
        record({ kind: 'project', id, albId: programme.albId, programmeId: before.programmeId, projectId: id, action: 'updated', before, after, reason: 'project-updated' });
        return after;
      },
      async () => (input.title ? this.clash(this.db.read, programme, input.title, undefined, id) : undefined),
    );
  }

  async setArchived(credentials: BackstageCredentials, id: string, archived: boolean): Promise<DeliveryProject> {
    const existing = await this.load(id);
    await this.authorizer.require(credentials, projectArchivePermission, existing.id);
    return this.writer.write(actorRef(credentials), async ({ stores, actor, at, record }) => {
      const before = await stores.projects.get(id);
      if (!before) throw new NotFoundError(`No delivery project with id ${id}`);
      if (!!before.archivedAt === archived) {
        throw new ConflictError(`The project ${before.title} is ${archived ? 'already archived' : 'not archived'}`);
      }
      const programme = await stores.programmes.get(before.programmeId);
      if (!archived && programme?.archivedAt) {
        throw new ConflictError(`The programme ${programme.title} is archived; restore it first`);
      }
      const after = { ...before, archivedAt: archived ? at : null, updatedAt: at, updatedBy: actor };
      await stores.projects.update(after);
      const members = await stores.teams.listMembers(id);
      record({
        kind: 'project', id, albId: programme?.albId ?? null, programmeId: before.programmeId, projectId: id,
        action: archived ? 'archived' : 'restored', before, after,
        reason: archived ? 'project-archived' : 'project-restored',
        userRefs: members.map(m => m.userRef),
      });
      return after;
    });
  }
}
