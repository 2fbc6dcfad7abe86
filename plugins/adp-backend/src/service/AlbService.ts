import {
  albCreatePermission,
  albReadPermission,
  albUpdatePermission,
  ArmsLengthBody,
  createAlbSchema,
  listQuerySchema,
  Page,
  slugify,
  updateAlbSchema,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef } from './actor';
import { Authorizer } from './Authorizer';
import { ExternalNames } from './ExternalNames';
import { DeliveryWriter } from './DeliveryWriter';
import { parse } from './validation';

export class AlbService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
    private readonly names = new ExternalNames(),
  ) {}

  async list(credentials: BackstageCredentials, rawQuery: unknown): Promise<Page<ArmsLengthBody>> {
    const query = parse(listQuerySchema, rawQuery);
    if (!(await this.authorizer.filter(credentials, albReadPermission))) {
      return { items: [], totalCount: 0, offset: query.offset, limit: query.limit };
    }
    return this.db.read.albs.list(query);
  }

  async get(credentials: BackstageCredentials, id: string): Promise<ArmsLengthBody> {
    const alb = await this.db.read.albs.get(id);
    if (!alb) throw new NotFoundError(`No Arms Length Body with id ${id}`);
    await this.authorizer.require(credentials, albReadPermission, alb.id);
    return alb;
  }

  async create(credentials: BackstageCredentials, body: unknown): Promise<ArmsLengthBody> {
    const input = parse(createAlbSchema, body);
    await this.authorizer.require(credentials, albCreatePermission);
    const name = input.name ?? slugify(input.title);
    const clash = async (stores: Stores = this.db.read) => {
      const other = await stores.albs.findByName(name);
      return other ? `The name ${name} is already used by the Arms Length Body ${other.title}` : undefined;
    };
    return this.writer.write(
      actorRef(credentials),
      async ({ stores, actor, at, record }) => {
        const sentence = await clash(stores);
        if (sentence) throw new ConflictError(sentence);
        const alb: ArmsLengthBody = {
          id: randomUUID(),
          name,
          title: input.title,
          alias: input.alias,
          description: input.description,
          url: input.url,
          createdAt: at,
          createdBy: actor,
          updatedAt: at,
          updatedBy: actor,
        };
        await stores.albs.insert(alb);
        await this.names.requireOwn(stores, { albId: alb.id });
        record({ kind: 'alb', id: alb.id, albId: alb.id, programmeId: null, projectId: null, action: 'created', before: null, after: alb, reason: 'alb-created' });
        return alb;
      },
      () => clash(),
    );
  }

  async update(credentials: BackstageCredentials, id: string, body: unknown): Promise<ArmsLengthBody> {
    const input = parse(updateAlbSchema, body);
    const existing = await this.db.read.albs.get(id);
    if (!existing) throw new NotFoundError(`No Arms Length Body with id ${id}`);
    await this.authorizer.require(credentials, albUpdatePermission, existing.id);
    return this.writer.write(actorRef(credentials), async ({ stores, actor, at, record }) => {
      const before = await stores.albs.get(id);
      if (!before) throw new NotFoundError(`No Arms Length Body with id ${id}`);
      // The name is immutable: it names catalog entities and external groups.
      const after: ArmsLengthBody = {
        ...before,
        title: input.title ?? before.title,
        alias: 'alias' in (body as object) ? input.alias : before.alias,
        description: input.description ?? before.description,
        url: 'url' in (body as object) ? input.url : before.url,
        updatedAt: at,
        updatedBy: actor,
      };
      await stores.albs.update(after);
      record({ kind: 'alb', id, albId: id, programmeId: null, projectId: null, action: 'updated', before, after, reason: 'alb-updated' });
      return after;
    });
  }
}
