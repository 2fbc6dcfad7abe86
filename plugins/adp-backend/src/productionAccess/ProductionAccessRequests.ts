import {
  createProductionAccessRequestSchema,
  HistoryEntry,
  MyProductionAccess,
  Page,
  PRODUCTION_LEVELS,
  ProductionAccessRequest,
  productionAccessRequestPermission,
  projectReadPermission,
  updateProductionAccessChecklistSchema,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef } from '../service/actor';
import { Authorizer } from '../service/Authorizer';
import { DeliveryWriter, WriteContext } from '../service/DeliveryWriter';
import { fieldError, parse } from '../service/validation';
import { checklistFrom } from './checklist';
import { endProductionAccess } from './endProductionAccess';
import { placeOf, recordStep } from './recordStep';
import { callerRef, loadRecord, withoutActivity } from './shared';

const pageSchema = z.object({
  offset: z.coerce.number().int().min(0, 'offset must be at least 0').default(0),
  limit: z.coerce.number().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
});

export interface ProductionAccessDeps {
  db: DeliveryDatabase;
  writer: DeliveryWriter;
  authorizer: Authorizer;
  /** ADP Admins are the GOV.UK production access rules' Senior Technologists; decided by the role model. */
  isPlatformAdmin: (credentials: BackstageCredentials) => Promise<boolean>;
  clock: () => Date;
}

/** The engineer's side of production access: requesting, the learning checklist, withdrawing; and reading. */
export class ProductionAccessRequests {
  constructor(private readonly d: ProductionAccessDeps) {}

  private write<T>(credentials: BackstageCredentials, fn: (ctx: WriteContext) => Promise<T>, explain?: () => Promise<string | undefined>) {
    return this.d.writer.write(actorRef(credentials), fn, explain, { at: this.d.clock().toISOString() });
  }

  private today(): string {
    return this.d.clock().toISOString().slice(0, 10);
  }

  /** The caller's requests and grants, where they may request, and the profile facts that matter. */
  async mine(credentials: BackstageCredentials): Promise<MyProductionAccess> {
    const userRef = callerRef(credentials);
    const read = this.d.db.read;
    const [requests, grants, profile] = await Promise.all([
      read.productionAccess.list({ userRef }),
      read.teams.grantRows([userRef]),
      read.profiles.get(userRef),
    ]);
    const technical = grants.members.filter(m => m.technical).map(m => m.projectId);
    const projects = (await read.projects.getMany(technical)).filter(p => !p.archivedAt);
    return {
      requests: requests.map(withoutActivity),
      eligibleProjects: projects.map(p => ({ id: p.id, name: p.name, title: p.title })).sort((a, b) => a.title.localeCompare(b.title)),
      profile: {
        apprentice: profile?.apprentice ?? false,
        lineManagerRef: profile?.lineManagerRef ?? null,
        employment: profile?.employment ?? null,
      },
    };
  }

  async request(credentials: BackstageCredentials, body: unknown): Promise<ProductionAccessRequest> {
    const input = parse(createProductionAccessRequestSchema, body);
    const userRef = callerRef(credentials);
    // The project comes from the database: the id in the body only finds it.
    const project = await this.d.db.read.projects.get(input.projectId);
    if (!project) throw fieldError('projectId', `No delivery project with id ${input.projectId}`);
    await this.d.authorizer.require(credentials, productionAccessRequestPermission, project.id);
    const level = PRODUCTION_LEVELS[input.level];
    const checklist = checklistFrom(input.checklist ?? [], this.today());
    const clash = async (stores: Stores) => {
      const open = await stores.productionAccess.findOpen(project.id, userRef, input.level);
      if (!open) return undefined;
      return open.status === 'active'
        ? `You already hold ${level.title} on ${project.title}`
        : `You already have a pending request for ${level.title} on ${project.title}`;
    };
    return this.write(
      credentials,
      async ctx => {
        const { stores, at, actor } = ctx;
        const current = await stores.projects.get(project.id);
        if (!current || current.archivedAt) throw new ConflictError(`The project ${project.title} is archived; nobody can request production access to it`);
        // The role model also gives ADP Admins the request permission everywhere; a grant
        // only lives as long as a technical membership, so one is needed to ask.
        const member = await stores.teams.findMember(project.id, userRef);
        if (!member?.technical) {
          throw new NotAllowedError(`Only Technical Team Members of ${project.title} can request production access to it`);
        }
        const sentence = await clash(stores);
        if (sentence) throw new ConflictError(sentence);
        for (const required of level.requires) {
          const held = await stores.productionAccess.findOpen(project.id, userRef, required);
          if (held?.status !== 'active') {
            throw new ConflictError(`${level.title} requires ${PRODUCTION_LEVELS[required].title} on ${project.title} first`);
          }
        }
        const profile = await stores.profiles.get(userRef);
        const apprentice = profile?.apprentice ?? false;
        if (apprentice && level.apprentices === 'line-manager-approval' && !profile?.lineManagerRef) {
          throw new ConflictError(
            `Apprentices are limited to Production Deploy; ${level.title} needs your line manager's approval and your profile names no line manager (an ADP Admin can record one)`,
          );
        }
        const record: ProductionAccessRequest = {
          id: randomUUID(),
          projectId: project.id,
          userRef,
          level: level.id,
          justification: input.justification,
          status: 'pending',
          checklist,
          apprentice,
          lineManagerRef: apprentice && level.apprentices === 'line-manager-approval' ? profile!.lineManagerRef : null,
          lineManagerApprovedAt: null,
          lineManagerNote: null,
          sponsorConfirmations: [],
          decidedAt: null,
          decidedBy: null,
          decisionNote: null,
          grantedAt: null,
          lastRecertifiedAt: null,
          lastRecertifiedBy: null,
          endedAt: null,
          endedBy: null,
          endReason: null,
          endNote: null,
          createdAt: at,
          createdBy: actor,
          updatedAt: at,
          updatedBy: actor,
        };
        await stores.productionAccess.insert(record);
        recordStep(ctx, await placeOf(stores, project.id), null, record, 'production-access-requested');
        return (await stores.productionAccess.get(record.id))!;
      },
      () => clash(this.d.db.read),
    );
  }

  /** The requester records learning objectives on their pending Production Admin request. */
  async updateChecklist(credentials: BackstageCredentials, id: string, body: unknown): Promise<ProductionAccessRequest> {
    const input = parse(updateProductionAccessChecklistSchema, body);
    const userRef = callerRef(credentials);
    const record = await loadRecord(this.d.db.read, id);
    if (record.userRef !== userRef) throw new NotAllowedError('Only the requester can change their learning checklist');
    if (!PRODUCTION_LEVELS[record.level].requiresLearningChecklist) {
      throw fieldError('checklist', `${PRODUCTION_LEVELS[record.level].title} has no learning checklist`);
    }
    const checklist = checklistFrom(input.checklist, this.today());
    return this.write(credentials, async ctx => {
      const current = await loadRecord(ctx.stores, id);
      if (current.status !== 'pending') throw new ConflictError(`This request is ${current.status}; its checklist can no longer change`);
      const after = { ...current, checklist, updatedAt: ctx.at, updatedBy: ctx.actor };
      if (!(await ctx.stores.productionAccess.updateIfStatus(after, 'pending'))) {
        throw new ConflictError('This request was decided at the same time; reload it');
      }
      recordStep(ctx, await placeOf(ctx.stores, current.projectId), current, after, 'production-access-checklist-updated');
      return after;
    });
  }

  /** The requester takes back a pending request. */
  async withdraw(credentials: BackstageCredentials, id: string): Promise<ProductionAccessRequest> {
    const userRef = callerRef(credentials);
    const record = await loadRecord(this.d.db.read, id);
    if (record.userRef !== userRef) throw new NotAllowedError('Only the requester can withdraw a request');
    return this.write(credentials, async ctx => {
      const current = await loadRecord(ctx.stores, id);
      if (current.status !== 'pending') throw new ConflictError(`This request is ${current.status}; only pending requests can be withdrawn`);
      const [ended] = await endProductionAccess(ctx, current, { reason: 'withdrawn-by-requester', note: null });
      return ended;
    });
  }

  async get(credentials: BackstageCredentials, id: string): Promise<ProductionAccessRequest> {
    const record = await loadRecord(this.d.db.read, id);
    await this.d.authorizer.require(credentials, projectReadPermission, record.projectId);
    return record;
  }

  /** Every step of one record, newest first. */
  async history(credentials: BackstageCredentials, id: string, rawQuery: unknown): Promise<Page<HistoryEntry>> {
    const { offset, limit } = parse(pageSchema, rawQuery);
    await this.get(credentials, id);
    return this.d.db.read.history.page({ recordKind: 'production-access', recordId: id }, offset, limit);
  }

  /** Who holds which level on a project: its active grants. */
  async listForProject(credentials: BackstageCredentials, projectId: string): Promise<ProductionAccessRequest[]> {
    const project = await this.d.db.read.projects.get(projectId);
    if (!project) throw new NotFoundError(`No delivery project with id ${projectId}`);
    await this.d.authorizer.require(credentials, projectReadPermission, project.id);
    const grants = await this.d.db.read.productionAccess.list({ projectId: project.id, statuses: ['active'] });
    return grants.map(withoutActivity).sort((a, b) => a.userRef.localeCompare(b.userRef) || a.level.localeCompare(b.level));
  }
}
