import {
  createProgrammeSchema,
  DeliveryProgramme,
  DeliveryProgrammeListItem,
  listQuerySchema,
  Page,
  programmeArchivePermission,
  programmeCreatePermission,
  programmeReadPermission,
  programmeUpdatePermission,
  slugify,
  updateProgrammeSchema,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef, userRefOf } from './actor';
import { Authorizer } from './Authorizer';
import { ExternalNames } from './ExternalNames';
import { DeliveryWriter } from './DeliveryWriter';
import { TeamService } from './TeamService';
import { fieldError, parse } from './validation';

export class ProgrammeService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
    private readonly teams: TeamService,
    private readonly names = new ExternalNames(),
  ) {}

  async list(credentials: BackstageCredentials, rawQuery: unknown): Promise<Page<DeliveryProgrammeListItem>> {
    const query = parse(listQuerySchema, rawQuery);
    const filter = await this.authorizer.filter(credentials, programmeReadPermission);
    return this.db.read.programmes.list(query, filter, userRefOf(credentials));
  }

  async get(credentials: BackstageCredentials, id: string): Promise<DeliveryProgramme> {
    const programme = await this.load(id);
    await this.authorizer.require(credentials, programmeReadPermission, programme.id);
    return programme;
  }

  private async load(id: string): Promise<DeliveryProgramme> {
    const programme = await this.db.read.programmes.get(id);
    if (!programme) throw new NotFoundError(`No delivery programme with id ${id}`);
    return programme;
  }

  private async codeClash(code: string, exceptId?: string, stores: Stores = this.db.read): Promise<string | undefined> {
    const other = await stores.programmes.findByCode(code);
    return other && other.id !== exceptId
      ? `The programme code ${code.toUpperCase()} is already used by ${other.title}`
      : undefined;
  }

  private async nameClash(name: string, stores: Stores = this.db.read): Promise<string | undefined> {
    const other = await stores.programmes.findByName(name);
    return other ? `The name ${name} is already used by the programme ${other.title}` : undefined;
  }

  async create(credentials: BackstageCredentials, body: unknown): Promise<DeliveryProgramme> {
    const input = parse(createProgrammeSchema, body);
    await this.authorizer.require(credentials, programmeCreatePermission);
    const name = input.name ?? slugify(input.title);
    const admins = [...new Set(input.admins ?? [])];
    const clash = async (stores: Stores = this.db.read) => (await this.codeClash(input.code, undefined, stores)) ?? (await this.nameClash(name, stores));
    const profiles = await this.teams.profilesFromCatalog(admins);
    return this.writer.write(
      actorRef(credentials),
      async ctx => {
        const { stores, actor, at, record } = ctx;
        const alb = await stores.albs.get(input.albId);
        if (!alb) throw fieldError('albId', 'No Arms Length Body with this id');
        const sentence = await clash(stores);
        if (sentence) throw new ConflictError(sentence);
        const programme: DeliveryProgramme = {
          id: randomUUID(),
          albId: alb.id,
          name,
          title: input.title,
          code: input.code,
          alias: input.alias,
          description: input.description,
          url: input.url,
          archivedAt: null,
          createdAt: at,
          createdBy: actor,
          updatedAt: at,
          updatedBy: actor,
        };
        await stores.programmes.insert(programme);
        await this.names.requireOwn(stores, { programmeId: programme.id });
        record({ kind: 'programme', id: programme.id, albId: alb.id, programmeId: programme.id, projectId: null, action: 'created', before: null, after: programme, reason: 'programme-created' });
        for (const userRef of admins) {
          await this.teams.insertAdmin(ctx, programme, userRef, profiles.get(userRef));
        }
        return programme;
      },
      () => clash(),
    );
  }

  async update(credentials: BackstageCredentials, id: string, body: unknown): Promise<DeliveryProgramme> {
    const input = parse(updateProgrammeSchema, body);
    const existing = await this.load(id);
    await this.authorizer.require(credentials, programmeUpdatePermission, existing.id);
    const clash = async (stores: Stores = this.db.read) => (input.code ? this.codeClash(input.code, id, stores) : undefined);
    return this.writer.write(
      actorRef(credentials),
      async ({ stores, actor, at, record }) => {
        const before = await stores.programmes.get(id);
        if (!before) throw new NotFoundError(`No delivery programme with id ${id}`);
        if (before.archivedAt) throw new ConflictError(`The programme ${before.title} is archived; restore it before editing`);
        const sentence = await clash(stores);
        if (sentence) throw new ConflictError(sentence);
        const has = (k: string) => k in (body as object);
        const after: DeliveryProgramme = {
          ...before,
          title: input.title ?? before.title,
          code: input.code ?? before.code,
          alias: has('alias') ? input.alias : before.alias,
          description: input.description ?? before.description,
          url: has('url') ? input.url : before.url,
          updatedAt: at,
          updatedBy: actor,
        };
        await stores.programmes.update(after);
        // The code is a naming variable: every project's names follow it.
        if (after.code !== before.code) await this.names.requireOwn(stores, { programmeId: id });
        record({ kind: 'programme', id, albId: after.albId, programmeId: id, projectId: null, action: 'updated', before, after, reason: 'programme-updated' });
        return after;
      },
      () => clash(),
    );
  }

  async setArchived(credentials: BackstageCredentials, id: string, archived: boolean): Promise<DeliveryProgramme> {
    const existing = await this.load(id);
    await this.authorizer.require(credentials, programmeArchivePermission, existing.id);
    return this.writer.write(actorRef(credentials), async ({ stores, actor, at, record }) => {
      const before = await stores.programmes.get(id);
      if (!before) throw new NotFoundError(`No delivery programme with id ${id}`);
      if (!!before.archivedAt === archived) {
        throw new ConflictError(`The programme ${before.title} is ${archived ? 'already archived' : 'not archived'}`);
      }
      const after = { ...before, archivedAt: archived ? at : null, updatedAt: at, updatedBy: actor };
      await stores.programmes.update(after);
      record({
        kind: 'programme', id, albId: after.albId, programmeId: id, projectId: null,
        action: archived ? 'archived' : 'restored', before, after, reason: archived ? 'programme-archived' : 'programme-restored',
      });
      return after;
    });
  }
}
