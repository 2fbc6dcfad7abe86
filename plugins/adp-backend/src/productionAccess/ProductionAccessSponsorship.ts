import {
  LEARNING_OBJECTIVE_IDS,
  lineManagerApprovalSchema,
  PRODUCTION_LEVELS,
  ProductionAccessQueue,
  ProductionAccessRequest,
  ProductionAccessReview,
  productionAccessDecisionSchema,
  productionAccessRevokePermission,
  recertifyBy,
  recertifyProductionAccessSchema,
  revokeForAbsenceAt,
  revokeProductionAccessSchema,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { Stores } from '../database/stores';
import { actorRef } from '../service/actor';
import { WriteContext } from '../service/DeliveryWriter';
import { fieldError, parse } from '../service/validation';
import { missingObjectives, objectiveTitles } from './checklist';
import { endProductionAccess } from './endProductionAccess';
import { ProductionAccessDeps } from './ProductionAccessRequests';
import { placeOf, recordStep } from './recordStep';
import { callerRef, loadRecord, nameOf, withoutActivity } from './shared';
import { SponsorRules } from './SponsorRules';

/** The sponsor's side: the line manager's approval, decisions, recertification, revocation, queues. */
export class ProductionAccessSponsorship {
  private readonly sponsors: SponsorRules;

  constructor(private readonly d: ProductionAccessDeps) {
    this.sponsors = new SponsorRules(d.db, d.authorizer, d.isPlatformAdmin);
  }

  private write<T>(credentials: BackstageCredentials, fn: (ctx: WriteContext) => Promise<T>) {
    return this.d.writer.write(actorRef(credentials), fn, undefined, { at: this.d.clock().toISOString() });
  }

  /** Writes a step if the record is still in the status the step started from. */
  private async step(ctx: WriteContext, before: ProductionAccessRequest, after: ProductionAccessRequest, reason: string) {
    if (!(await ctx.stores.productionAccess.updateIfStatus(after, before.status))) {
      throw new ConflictError('This record changed at the same time; reload it and try again');
    }
    recordStep(ctx, await placeOf(ctx.stores, before.projectId), before, after, reason);
    return after;
  }

  /** An apprentice's line manager approves their Production Admin request (the GOV.UK production access rules: "at their Line Manager's discretion"). */
  async approveAsLineManager(credentials: BackstageCredentials, id: string, body: unknown): Promise<ProductionAccessRequest> {
    const input = parse(lineManagerApprovalSchema, body);
    const caller = callerRef(credentials);
    return this.write(credentials, async ctx => {
      const record = await loadRecord(ctx.stores, id);
      const profile = await ctx.stores.profiles.get(record.userRef);
      // Who may act first, then the record's state (as everywhere: 403 before 409).
      // The line manager is a fact of the requester's profile now, not of the request.
      if (!profile?.lineManagerRef || profile.lineManagerRef !== caller) {
        throw new NotAllowedError(`Only ${nameOf(record)}'s line manager can approve this request`);
      }
      if (record.status !== 'pending') throw new ConflictError(`This request is ${record.status}`);
      const apprentice = record.apprentice || !!profile?.apprentice;
      if (PRODUCTION_LEVELS[record.level].apprentices !== 'line-manager-approval' || !apprentice) {
        throw new ConflictError(`This request needs no line manager's approval`);
      }
      if (record.lineManagerApprovedAt) throw new ConflictError(`${nameOf(record)}'s line manager has already approved this request`);
      return this.step(
        ctx,
        record,
        { ...record, lineManagerRef: caller, lineManagerApprovedAt: ctx.at, lineManagerNote: input.note, updatedAt: ctx.at, updatedBy: ctx.actor },
        'production-access-line-manager-approved',
      );
    });
  }

  /** A sponsor approves (confirming what the GOV.UK production access rules say they should ensure) or refuses. */
  async decide(credentials: BackstageCredentials, id: string, body: unknown): Promise<ProductionAccessRequest> {
    const input = parse(productionAccessDecisionSchema, body);
    const stored = await loadRecord(this.d.db.read, id);
    await this.sponsors.require(credentials, stored);
    return this.write(credentials, async ctx => {
      const record = await loadRecord(ctx.stores, id);
      if (record.status !== 'pending') throw new ConflictError(`This request was already ${record.status === 'active' ? 'approved' : record.status}`);
      const decided = { ...record, decidedAt: ctx.at, decidedBy: ctx.actor, updatedAt: ctx.at, updatedBy: ctx.actor };
      if (input.decision === 'refuse') {
        return this.step(ctx, record, { ...decided, status: 'refused', decisionNote: input.note }, 'production-access-refused');
      }
      const level = PRODUCTION_LEVELS[record.level];
      const checks = level.sponsorShouldEnsure.map(c => c.id);
      const unknown = input.confirmations.filter(c => !checks.includes(c));
      if (unknown.length) throw fieldError('confirmations', `Unknown checks for ${level.title}: ${unknown.join(', ')}`);
      const unconfirmed = level.sponsorShouldEnsure.filter(c => !input.confirmations.includes(c.id));
      if (unconfirmed.length) {
        throw fieldError('confirmations', `Confirm that the engineer ${unconfirmed.map(c => c.text).join('; ')}`);
      }
      await this.requireStillEligible(ctx.stores, record);
      let checklist = record.checklist;
      if (level.requiresLearningChecklist) {
        const missing = missingObjectives(record.checklist);
        if (missing.length) throw new ConflictError(`The learning checklist is not complete: ${objectiveTitles(missing)}`);
        const notConfirmed = LEARNING_OBJECTIVE_IDS.filter(o => !(input.checklistConfirmations ?? []).includes(o));
        if (notConfirmed.length) {
          throw fieldError('checklistConfirmations', `Confirm each learning objective you checked: ${objectiveTitles(notConfirmed)}`);
        }
        checklist = record.checklist.map(item => ({ ...item, confirmedAt: ctx.at, confirmedBy: ctx.actor }));
      }
      const after: ProductionAccessRequest = {
        ...decided,
        status: 'active',
        decisionNote: input.note,
        sponsorConfirmations: level.sponsorShouldEnsure.map(c => c.id),
        checklist,
        grantedAt: ctx.at,
      };
      return this.step(ctx, record, after, 'production-access-granted');
    });
  }

  /** What must still hold when a level is granted: membership, required levels, the apprentice rule. */
  private async requireStillEligible(stores: Stores, record: ProductionAccessRequest): Promise<void> {
    const level = PRODUCTION_LEVELS[record.level];
    const project = await stores.projects.get(record.projectId);
    if (!project || project.archivedAt) throw new ConflictError('The project is archived; production access cannot be granted');
    const member = await stores.teams.findMember(record.projectId, record.userRef);
    if (!member?.technical) {
      throw new ConflictError(`${nameOf(record)} is no longer a Technical Team Member of ${project.title}`);
    }
    for (const required of level.requires) {
      const held = await stores.productionAccess.findOpen(record.projectId, record.userRef, required);
      if (held?.status !== 'active') {
        throw new ConflictError(`${level.title} requires ${PRODUCTION_LEVELS[required].title}, which ${nameOf(record)} does not hold on ${project.title}`);
      }
    }
    const profile = await stores.profiles.get(record.userRef);
    const apprentice = record.apprentice || !!profile?.apprentice;
    if (apprentice && level.apprentices === 'line-manager-approval' && !record.lineManagerApprovedAt) {
      throw new NotAllowedError(
        `${nameOf(record)} is an apprentice: apprentices are limited to Production Deploy, and ${level.title} needs their line manager's recorded approval first`,
      );
    }
  }

  /** A sponsor confirms an active grant is still needed (an access review). */
  async recertify(credentials: BackstageCredentials, id: string, body: unknown): Promise<ProductionAccessRequest> {
    const input = parse(recertifyProductionAccessSchema, body);
    const stored = await loadRecord(this.d.db.read, id);
    await this.sponsors.require(credentials, stored);
    return this.write(credentials, async ctx => {
      const record = await loadRecord(ctx.stores, id);
      if (record.status !== 'active') throw new ConflictError(`Only active grants can be recertified; this one is ${record.status}`);
      const after = {
        ...record,
        lastRecertifiedAt: ctx.at,
        lastRecertifiedBy: ctx.actor,
        decisionNote: input.note ?? record.decisionNote,
        updatedAt: ctx.at,
        updatedBy: ctx.actor,
      };
      return this.step(ctx, record, after, 'production-access-recertified');
    });
  }

  /** A sponsor or ADP Admin revokes a grant at any time (taking access away needs no further rule). */
  async revoke(credentials: BackstageCredentials, id: string, body: unknown): Promise<ProductionAccessRequest> {
    const input = parse(revokeProductionAccessSchema, body);
    callerRef(credentials);
    const stored = await loadRecord(this.d.db.read, id);
    await this.d.authorizer.require(credentials, productionAccessRevokePermission, stored.projectId);
    return this.write(credentials, async ctx => {
      const record = await loadRecord(ctx.stores, id);
      if (record.status !== 'active') throw new ConflictError(`Only active grants can be revoked; this one is ${record.status}`);
      const [ended] = await endProductionAccess(ctx, record, { reason: 'revoked-by-sponsor', note: input.reason });
      return ended;
    });
  }

  /** Pending requests awaiting the caller: as a sponsor (never their own) and as a line manager. */
  async queue(credentials: BackstageCredentials): Promise<ProductionAccessQueue> {
    const caller = callerRef(credentials);
    const read = this.d.db.read.productionAccess;
    const [sponsor, managed] = await Promise.all([
      read.list({ statuses: ['pending'], excludeUserRef: caller, scope: await this.sponsors.scope(credentials) }),
      read.list({ statuses: ['pending'], lineManagerRef: caller }),
    ]);
    const waiting = managed.filter(r => PRODUCTION_LEVELS[r.level].apprentices === 'line-manager-approval' && !r.lineManagerApprovedAt);
    // Apprentice when they asked, or since: the same rule decide() applies.
    const apprentices = new Set(
      (await this.d.db.read.profiles.getMany([...new Set(waiting.map(r => r.userRef))])).filter(p => p.apprentice).map(p => p.userRef),
    );
    return {
      sponsor: sponsor.map(withoutActivity),
      lineManager: waiting.filter(r => r.apprentice || apprentices.has(r.userRef)).map(withoutActivity),
    };
  }

  /** Access reviews: every active grant the caller sponsors, with its holder's last activity. */
  async reviews(credentials: BackstageCredentials): Promise<ProductionAccessReview[]> {
    const caller = callerRef(credentials);
    const now = this.d.clock().toISOString();
    const grants = await this.d.db.read.productionAccess.list({
      statuses: ['active'],
      excludeUserRef: caller,
      scope: await this.sponsors.scope(credentials),
    });
    return grants.map(g => {
      const due = recertifyBy(g);
      return { ...g, revokeForAbsenceAt: revokeForAbsenceAt(g, g.lastActiveAt), recertifyBy: due, recertificationDue: due <= now };
    });
  }
}
