import { PRODUCTION_LEVELS, ProductionAccessRequest, ProjectMember, DeliveryProject } from '@adp-portal/plugin-adp-common';
import { DeliveryDatabase } from '../database/stores';
import { RecordChange } from '../service/DeliveryWriter';
import { AdpNotifier, TeamMembershipChange } from './AdpNotifier';
import { TeamAccess } from './TeamAccess';

export interface ChangeNotificationsDeps {
  db: DeliveryDatabase;
  notifier: AdpNotifier;
  /** What a team gives a member in each system; without it the message lists none. */
  teamAccess?: TeamAccess;
  /** ADP Admins by catalog group (the notifications backend sends to the group's members). */
  adpAdminGroups: string[];
}

const PRODUCTION_END_REASONS: Record<string, string> = {
  inactivity: 'It was revoked after more than six weeks without sign-in or portal activity (the GOV.UK production access rules).',
  'left-team': 'You left the project team.',
  'no-longer-technical': 'You are no longer a technical team member of the project.',
  'deploy-revoked': 'Production Admin needs Production Deploy, which ended.',
};

/**
 * Tells people about committed changes that concern them, from the changes a write records
 * (the same before and after images as the history): so every path to a change — the API, the
 * scaffolder, the scheduled revocation, a membership end — notifies alike, and only after the
 * change is committed. Called by DeliveryWriter after commit.
 */
export class ChangeNotifications {
  constructor(private readonly d: ChangeNotificationsDeps) {}

  readonly afterCommit = async (changes: readonly RecordChange[], actor: string): Promise<void> => {
    for (const change of changes) {
      if (change.kind === 'production-access') await this.productionAccess(change, actor);
      else if (change.kind === 'project-member') await this.membership(change, actor);
      else if (change.kind === 'project') await this.project(change, actor);
    }
  };

  private async name(userRef: string): Promise<string> {
    return (await this.d.db.read.profiles.get(userRef))?.displayName ?? userRef;
  }

  private async projectOf(id: string | null): Promise<DeliveryProject | undefined> {
    return id ? this.d.db.read.projects.get(id) : undefined;
  }

  private async productionAccess(change: RecordChange, actor: string) {
    const after = change.after as ProductionAccessRequest;
    const project = await this.projectOf(after.projectId);
    if (!project) return;
    const subject = { level: PRODUCTION_LEVELS[after.level].title, projectTitle: project.title };
    switch (change.reason) {
      case 'production-access-requested':
        await this.d.notifier.productionAccessAwaitingSponsor({
          ...subject,
          sponsors: await this.sponsorsOf(after),
          requester: after.userRef,
          requesterName: await this.name(after.userRef),
        });
        break;
      case 'production-access-granted':
      case 'production-access-refused':
        await this.d.notifier.productionAccessDecided({
          ...subject,
          requester: after.userRef,
          approved: change.reason === 'production-access-granted',
          deciderName: await this.name(actor),
          note: after.decisionNote,
        });
        break;
      case 'production-access-revoked':
        await this.d.notifier.productionAccessRevoked({
          ...subject,
          holder: after.userRef,
          reason:
            PRODUCTION_END_REASONS[after.endReason ?? ''] ??
            `${await this.name(actor)} revoked it.${after.endNote ? ` Note: ${after.endNote}` : ''}`,
        });
        break;
      default:
    }
  }

  /**
   * The GOV.UK production access rules' sponsors: the project's tech leads (technical team
   * admins recorded as civil servants), else the Senior Technologists (ADP Admins), so a
   * request never waits unseen. The requester never sponsors themselves.
   */
  private async sponsorsOf(request: ProductionAccessRequest): Promise<string[]> {
    const members = await this.d.db.read.teams.listMembers(request.projectId);
    const leads: string[] = [];
    for (const m of members) {
      if (!m.technical || !m.admin || m.userRef === request.userRef) continue;
      if ((await this.d.db.read.profiles.get(m.userRef))?.employment === 'civil-servant') leads.push(m.userRef);
    }
    if (leads.length) return leads;
    const stored = (await this.d.db.read.platformRoles.list()).filter(a => a.role === 'adp-admin').map(a => a.userRef);
    return [...stored, ...this.d.adpAdminGroups];
  }

  private async membership(change: RecordChange, actor: string) {
    const before = change.before as ProjectMember | null;
    const after = change.after as ProjectMember | null;
    const row = after ?? before;
    const project = await this.projectOf(change.projectId);
    if (!row || !project) return;
    const kinds: TeamMembershipChange[] = [];
    if (change.reason === 'project-member-added') kinds.push('added');
    else if (change.reason === 'project-member-removed') kinds.push('removed');
    else if (change.reason === 'project-member-ended') {
      await this.d.notifier.membershipEnded({
        member: row.userRef,
        projectName: project.name,
        projectTitle: project.title,
        endedOn: new Date(row.endsAt ?? Date.now()),
      });
      return;
    } else if (before && after) {
      if (before.technical !== after.technical) kinds.push(after.technical ? 'technicalGiven' : 'technicalRemoved');
      if (before.admin !== after.admin) kinds.push(after.admin ? 'adminGiven' : 'adminRemoved');
    }
    if (!kinds.length) return;
    const access = this.d.teamAccess
      ? await this.d.teamAccess.of(project.id, row.userRef)
      : { github: 'see My access.', entra: 'see My access.', azureDevOps: 'see My access.', sonarCloud: 'see My access.' };
    for (const kind of kinds) {
      await this.d.notifier.teamMembershipChanged({
        member: row.userRef,
        actor,
        change: kind,
        projectName: project.name,
        projectTitle: project.title,
        access,
      });
    }
  }

  private async project(change: RecordChange, actor: string) {
    const reason = change.reason;
    if (reason !== 'project-created' && reason !== 'project-archived') return;
    const project = (change.after ?? change.before) as DeliveryProject;
    const programme = await this.d.db.read.programmes.get(project.programmeId);
    if (!programme) return;
    const admins = (await this.d.db.read.teams.listAdmins(programme.id)).map(a => a.userRef);
    await this.d.notifier.programmeProjectChanged({
      admins,
      actor,
      actorName: await this.name(actor),
      change: reason === 'project-created' ? 'created' : 'archived',
      programmeTitle: programme.title,
      projectName: project.name,
      projectTitle: project.title,
    });
  }
}
