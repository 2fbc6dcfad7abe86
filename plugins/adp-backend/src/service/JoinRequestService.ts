import {
  createJoinRequestSchema,
  decideJoinRequestSchema,
  projectMemberCreatePermission,
  projectReadPermission,
  TeamJoinRequest,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef, userRefOf } from './actor';
import { Authorizer } from './Authorizer';
import { DeliveryWriter } from './DeliveryWriter';
import { TeamService } from './TeamService';
import { parse } from './validation';

/** What a join request tells people; the notifier's methods of the same names fit. */
export interface JoinRequestNotices {
  joinRequested(input: { admins: string[]; requester: string; requesterName: string; projectName: string; projectTitle: string; reason: string }): Promise<unknown>;
  joinDecided(input: { requester: string; approved: boolean; deciderName: string; projectName: string; projectTitle: string; note?: string | null }): Promise<unknown>;
}

/**
 * Requests to join a project team: a signed-in person who can see the project asks with a
 * reason; a team admin of THAT project (by the policy, on the stored request's project:
 * `adp.projectMember.create`) approves, which adds the person through the team service, or
 * refuses. Each step is a history row on the project.
 */
export class JoinRequestService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
    private readonly teams: TeamService,
    private readonly logger: LoggerService,
    private notices?: JoinRequestNotices,
  ) {}

  /** Sends through the notifier from now on (it starts after the services). */
  useNotices(notices: JoinRequestNotices): void {
    this.notices = notices;
  }

  async ask(credentials: BackstageCredentials, projectId: string, body: unknown): Promise<TeamJoinRequest> {
    const { reason } = parse(createJoinRequestSchema, body);
    const requester = userRefOf(credentials);
    if (!requester) throw new NotAllowedError('Only a signed-in person asks to join a team');
    const project = await this.db.read.projects.get(projectId);
    if (!project) throw new NotFoundError(`No delivery project with id ${projectId}`);
    await this.authorizer.require(credentials, projectReadPermission, project.id);
    const names = await this.teams.profilesFromCatalog([requester]);
    const clash = async (stores: Stores) =>
      (await stores.joinRequests.findPending(project.id, requester))
        ? `You already asked to join the team of ${project.title}; the team admins have not answered yet`
        : undefined;
    const created = await this.writer.write(
      actorRef(credentials),
      async ({ stores, actor, at, record }) => {
        const current = await stores.projects.get(project.id);
        if (!current || current.archivedAt) throw new ConflictError(`The project ${project.title} is archived; its team cannot change`);
        if (await stores.teams.findMember(project.id, requester)) throw new ConflictError(`You are already on the team of ${project.title}`);
        const sentence = await clash(stores);
        if (sentence) throw new ConflictError(sentence);
        const programme = (await stores.programmes.get(current.programmeId))!;
        const request: TeamJoinRequest = {
          id: randomUUID(), projectId: project.id, userRef: requester, reason, status: 'pending',
          decidedBy: null, decidedAt: null, decisionNote: null, createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor,
        };
        await stores.joinRequests.insert(request);
        record({
          kind: 'join-request', id: request.id, albId: programme.albId, programmeId: programme.id, projectId: project.id,
          action: 'created', before: null, after: request, reason: 'join-requested',
        });
        return request;
      },
      () => clash(this.db.read),
    );
    const admins = (await this.db.read.teams.listMembers(project.id)).filter(m => m.admin).map(m => m.userRef);
    await this.tell(() =>
      this.notices?.joinRequested({
        admins, requester, requesterName: names.get(requester)?.displayName ?? requester,
        projectName: project.name, projectTitle: project.title, reason,
      }),
    );
    return (await this.db.read.joinRequests.get(created.id))!;
  }

  /**
   * A project's requests: pending ones for whoever may add members there (the team admins), and
   * otherwise only the caller's own, whatever their state.
   */
  async list(credentials: BackstageCredentials, projectId: string): Promise<TeamJoinRequest[]> {
    const project = await this.db.read.projects.get(projectId);
    if (!project) throw new NotFoundError(`No delivery project with id ${projectId}`);
    await this.authorizer.require(credentials, projectReadPermission, project.id);
    if (await this.authorizer.isAllowed(credentials, projectMemberCreatePermission, project.id)) {
      return this.db.read.joinRequests.list(project.id, { status: 'pending' });
    }
    const me = userRefOf(credentials);
    return me ? this.db.read.joinRequests.list(project.id, { userRef: me }) : [];
  }

  async decide(credentials: BackstageCredentials, requestId: string, body: unknown): Promise<TeamJoinRequest> {
    const input = parse(decideJoinRequestSchema, body);
    const stored = await this.db.read.joinRequests.get(requestId);
    if (!stored) throw new NotFoundError(`No join request ${requestId}`);
    // The stored request's project decides who may answer: the team admins of that project.
    await this.authorizer.require(credentials, projectMemberCreatePermission, stored.projectId);
    const decider = actorRef(credentials);
    if (decider === stored.userRef) throw new NotAllowedError('Nobody approves their own request to join a team');
    const names = await this.teams.profilesFromCatalog([stored.userRef, decider]);
    const decided = await this.writer.write(decider, async ctx => {
      const { stores, actor, at, record } = ctx;
      const row = await stores.joinRequests.getForUpdate(requestId);
      if (!row) throw new NotFoundError(`No join request ${requestId}`);
      if (row.status !== 'pending') throw new ConflictError(`This request was already ${row.status}`);
      const project = (await stores.projects.get(row.projectId))!;
      const programme = (await stores.programmes.get(project.programmeId))!;
      if (input.decision === 'approve') {
        if (await stores.teams.findMember(row.projectId, row.userRef)) {
          throw new ConflictError(`${names.get(row.userRef)?.displayName ?? row.userRef} is already on the team of ${project.title}; refuse the request instead`);
        }
        await this.teams.insertMember(ctx, row.projectId, { userRef: row.userRef, technical: input.technical, admin: input.admin }, names.get(row.userRef));
      }
      const { user: _user, ...before } = row;
      const after: TeamJoinRequest = {
        ...before, status: input.decision === 'approve' ? 'approved' : 'refused',
        decidedBy: actor, decidedAt: at, decisionNote: input.note || null, updatedAt: at, updatedBy: actor,
      };
      await stores.joinRequests.decide(after);
      record({
        kind: 'join-request', id: row.id, albId: programme.albId, programmeId: programme.id, projectId: row.projectId,
        action: 'updated', before, after, reason: input.decision === 'approve' ? 'join-approved' : 'join-refused',
      });
      return { request: after, project };
    });
    await this.tell(() =>
      this.notices?.joinDecided({
        requester: stored.userRef, approved: decided.request.status === 'approved',
        deciderName: names.get(decider)?.displayName ?? decider,
        projectName: decided.project.name, projectTitle: decided.project.title, note: decided.request.decisionNote,
      }),
    );
    return (await this.db.read.joinRequests.get(requestId))!;
  }

  /** A notice never fails the change that caused it: that is committed already. */
  private async tell(send: () => Promise<unknown> | undefined): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.logger.warn(`A join request notice was not sent: ${error}`);
    }
  }
}
