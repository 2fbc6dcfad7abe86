import { albReadPermission, HistoryEntry, Page, programmeReadPermission, projectReadPermission } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import { DeliveryDatabase } from '../database/stores';
import { Authorizer } from './Authorizer';
import { parse } from './validation';

const pageSchema = z.object({
  offset: z.coerce.number().int().min(0, 'offset must be at least 0').default(0),
  limit: z.coerce.number().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
});

export type HistoryKind = 'albs' | 'programmes' | 'projects';

/** Who changed what and when; an ALB's or programme's history includes everything under it. */
export class HistoryService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly authorizer: Authorizer,
  ) {}

  async page(credentials: BackstageCredentials, kind: HistoryKind, id: string, rawQuery: unknown): Promise<Page<HistoryEntry>> {
    const { offset, limit } = parse(pageSchema, rawQuery);
    const read = this.db.read;
    if (kind === 'albs') {
      if (!(await read.albs.get(id))) throw new NotFoundError(`No Arms Length Body with id ${id}`);
      await this.authorizer.require(credentials, albReadPermission, id);
      return read.history.page({ albId: id }, offset, limit);
    }
    if (kind === 'programmes') {
      if (!(await read.programmes.get(id))) throw new NotFoundError(`No delivery programme with id ${id}`);
      await this.authorizer.require(credentials, programmeReadPermission, id);
      return read.history.page({ programmeId: id }, offset, limit);
    }
    if (!(await read.projects.get(id))) throw new NotFoundError(`No delivery project with id ${id}`);
    await this.authorizer.require(credentials, projectReadPermission, id);
    return read.history.page({ projectId: id }, offset, limit);
  }
}
