import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { ADP_NOTIFICATION_TOPICS, AdpNotificationTopic } from './topics';
import { SentNotifications } from './SentNotifications';

/** One message to people named by catalog entity refs (users, or groups for all their members). */
export interface AdpMessage {
  recipients: string[];
  /** Left out even when a recipient group holds them: usually the person who acted. */
  exclude?: string[];
  topic: AdpNotificationTopic;
  title: string;
  description: string;
  /** A path in the portal (`/adp/production-access`) or a full URL. */
  link: string;
  severity?: NotificationSeverity;
}

/** Where the portal shows a thing, for notification links. */
export const ADP_LINKS = {
  productionAccess: '/adp/production-access',
  projectTeam: (projectName: string) => `/catalog/default/group/${projectName}/adp-team`,
  programme: (programmeName: string) => `/catalog/programme/group/${programmeName}`,
  project: (projectName: string) => `/catalog/default/group/${projectName}`,
};

/** A production access request or grant, as the messages name it. */
export interface ProductionAccessSubject {
  /** Level as people read it ("Deploy", "Admin"). */
  level: string;
  projectTitle: string;
}

/** What a team change now gives the member, one line per system. */
export interface TeamAccessLines {
  github: string;
  entra: string;
  azureDevOps: string;
  sonarCloud: string;
}

export type TeamMembershipChange = 'added' | 'removed' | 'technicalGiven' | 'technicalRemoved' | 'adminGiven' | 'adminRemoved';

const CHANGE_TITLES: Record<TeamMembershipChange, (project: string) => string> = {
  added: p => `You were added to the ${p} team`,
  removed: p => `You were removed from the ${p} team`,
  technicalGiven: p => `You are now a technical team member of ${p}`,
  technicalRemoved: p => `You are no longer a technical team member of ${p}`,
  adminGiven: p => `You are now a team admin of ${p}`,
  adminRemoved: p => `You are no longer a team admin of ${p}`,
};

const dateOf = (at: Date | string) => new Date(at).toISOString().slice(0, 10);
const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/**
 * The portal's notifications, sent through Backstage's notifications backend (the app's bell
 * and notifications page, email where configured). One method per kind of message, each on its
 * own topic. A notification that cannot be sent is logged and never fails the change that
 * caused it: the change is already committed, and the portal's pages show it anyway.
 *
 * Scheduled warnings go through `once` keys remembered in the database, so a warning is sent
 * once however many instances run the schedule and however often it runs.
 */
export class AdpNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly sent: SentNotifications,
    private readonly logger: LoggerService,
  ) {}

  /** Sends one message; false when it could not be sent (logged). */
  async send(message: AdpMessage): Promise<boolean> {
    const recipients = [...new Set(message.recipients)].filter(r => !message.exclude?.includes(r));
    if (recipients.length === 0) return true;
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: recipients, excludeEntityRef: message.exclude },
        payload: {
          title: message.title,
          description: message.description,
          link: message.link,
          topic: message.topic,
          severity: message.severity ?? 'normal',
        },
      });
      return true;
    } catch (error) {
      this.logger.warn(`Notification "${message.title}" (${message.topic}) was not sent: ${String(error)}`);
      return false;
    }
  }

  /**
   * Sends a message at most once for `key`: the caller whose claim lands sends; a failed send
   * gives the claim back so the next scheduled run tries again. True when this call sent it.
   */
  async sendOnce(key: string, message: AdpMessage, now: Date): Promise<boolean> {
    if (!(await this.sent.claim(key, message.topic, now))) return false;
    if (await this.send(message)) return true;
    await this.sent.release(key);
    return false;
  }

  // Production access (the GOV.UK production access rules)

  /** Sponsors: a request awaits their decision. */
  productionAccessAwaitingSponsor(input: ProductionAccessSubject & { sponsors: string[]; requester: string; requesterName: string }) {
    return this.send({
      recipients: input.sponsors,
      exclude: [input.requester],
      topic: ADP_NOTIFICATION_TOPICS.productionAccessRequest,
      title: `${input.requesterName} asks for ${input.level} access to ${input.projectTitle}`,
      description: 'The request awaits a sponsor: check it against the production access rules and approve or refuse it.',
      link: ADP_LINKS.productionAccess,
    });
  }

  /** Requester: the decision on their request. */
  productionAccessDecided(input: ProductionAccessSubject & { requester: string; approved: boolean; deciderName: string; note?: string | null }) {
    const verb = input.approved ? 'approved' : 'refused';
    return this.send({
      recipients: [input.requester],
      topic: ADP_NOTIFICATION_TOPICS.productionAccessDecision,
      title: `Your ${input.level} access to ${input.projectTitle} was ${verb}`,
      description: `${input.deciderName} ${verb} it.${input.note ? ` Note: ${input.note}` : ''}`,
      link: ADP_LINKS.productionAccess,
      severity: input.approved ? 'normal' : 'high',
    });
  }

  /** Holder: their access ends for absence in `daysLeft` days unless they work meanwhile (sent once per key). */
  productionAccessAbsenceWarning(
    input: ProductionAccessSubject & { holder: string; daysLeft: number; revokeAt: Date; once: string },
    now: Date,
  ) {
    return this.sendOnce(
      input.once,
      {
        recipients: [input.holder],
        topic: ADP_NOTIFICATION_TOPICS.productionAccessAbsence,
        title: `Your ${input.level} access to ${input.projectTitle} ends in ${days(input.daysLeft)}`,
        description:
          `No work activity has been recorded for you for almost six weeks; the access is revoked on ${dateOf(input.revokeAt)}. ` +
          'Signing in to Entra ID or using the portal before then keeps it.',
        link: ADP_LINKS.productionAccess,
        severity: input.daysLeft <= 1 ? 'critical' : 'high',
      },
      now,
    );
  }

  /** Holder: their access has ended. */
  productionAccessRevoked(input: ProductionAccessSubject & { holder: string; reason: string }) {
    return this.send({
      recipients: [input.holder],
      topic: ADP_NOTIFICATION_TOPICS.productionAccessRevoked,
      title: `Your ${input.level} access to ${input.projectTitle} has ended`,
      description: input.reason,
      link: ADP_LINKS.productionAccess,
      severity: 'high',
    });
  }

  // Teams

  /** Member: a change to their membership, and what it now gives them in each system. */
  teamMembershipChanged(input: {
    member: string;
    actor: string;
    change: TeamMembershipChange;
    projectName: string;
    projectTitle: string;
    access: TeamAccessLines;
  }) {
    const a = input.access;
    return this.send({
      recipients: [input.member],
      exclude: [input.actor],
      topic: ADP_NOTIFICATION_TOPICS.teamMembership,
      title: CHANGE_TITLES[input.change](input.projectTitle),
      description: `What this gives you now. GitHub: ${a.github} Entra ID: ${a.entra} Azure DevOps: ${a.azureDevOps} SonarCloud: ${a.sonarCloud}`,
      link: ADP_LINKS.projectTeam(input.projectName),
    });
  }

  /** Member: their membership ends on its end date (warning sent once per key). */
  membershipEndWarning(input: { member: string; projectName: string; projectTitle: string; endsOn: Date; daysLeft: number; once: string }, now: Date) {
    return this.sendOnce(
      input.once,
      {
        recipients: [input.member],
        topic: ADP_NOTIFICATION_TOPICS.membershipEnd,
        title: `Your membership of the ${input.projectTitle} team ends in ${days(input.daysLeft)}`,
        description: `It ends on ${dateOf(input.endsOn)}, with the access it gives. A team admin can extend it.`,
        link: ADP_LINKS.projectTeam(input.projectName),
        severity: 'high',
      },
      now,
    );
  }

  /** Member: their membership reached its end date and was removed. */
  membershipEnded(input: { member: string; projectName: string; projectTitle: string; endedOn: Date }) {
    return this.send({
      recipients: [input.member],
      topic: ADP_NOTIFICATION_TOPICS.membershipEnd,
      title: `Your membership of the ${input.projectTitle} team has ended`,
      description: `It reached its end date (${dateOf(input.endedOn)}) and was removed, with the access it gave.`,
      link: ADP_LINKS.projectTeam(input.projectName),
      severity: 'high',
    });
  }

  /** Admins: a review of a team is due in `daysLeft` days (0: overdue); sent once per key. */
  accessReviewDue(input: { admins: string[]; teamTitle: string; link: string; dueOn: Date; daysLeft: number; once: string }, now: Date) {
    return this.sendOnce(
      input.once,
      {
        recipients: input.admins,
        topic: ADP_NOTIFICATION_TOPICS.accessReview,
        title:
          input.daysLeft > 0
            ? `The review of the ${input.teamTitle} team is due in ${days(input.daysLeft)}`
            : `The review of the ${input.teamTitle} team is overdue`,
        description: `Confirm each member by ${dateOf(input.dueOn)}, keeping or removing them; unconfirmed memberships are flagged.`,
        link: input.link,
        severity: input.daysLeft <= 1 ? 'high' : 'normal',
      },
      now,
    );
  }

  /** Team admins: someone asks to join their team. */
  joinRequested(input: { admins: string[]; requester: string; requesterName: string; projectName: string; projectTitle: string; reason: string }) {
    return this.send({
      recipients: input.admins,
      exclude: [input.requester],
      topic: ADP_NOTIFICATION_TOPICS.joinRequest,
      title: `${input.requesterName} asks to join the ${input.projectTitle} team`,
      description: `Reason: ${input.reason}`,
      link: ADP_LINKS.projectTeam(input.projectName),
    });
  }

  /** Requester: the answer to their join request. */
  joinDecided(input: { requester: string; approved: boolean; deciderName: string; projectName: string; projectTitle: string; note?: string | null }) {
    const verb = input.approved ? 'approved' : 'refused';
    return this.send({
      recipients: [input.requester],
      topic: ADP_NOTIFICATION_TOPICS.joinRequest,
      title: `Your request to join the ${input.projectTitle} team was ${verb}`,
      description: `${input.deciderName} ${verb} it.${input.note ? ` Note: ${input.note}` : ''}`,
      link: ADP_LINKS.projectTeam(input.projectName),
    });
  }

  // Provisioning and the delivery structure

  /** Team admins: provisioning in a system has failed since `since` (sent once per failure episode: the key). */
  provisioningFailing(
    input: { admins: string[]; projectName: string; projectTitle: string; system: string; since: Date; error: string; once: string },
    now: Date,
  ) {
    return this.sendOnce(
      input.once,
      {
        recipients: input.admins,
        topic: ADP_NOTIFICATION_TOPICS.provisioningFailure,
        title: `Provisioning of ${input.projectTitle} in ${input.system} has been failing since ${input.since.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        description: `The team's access in ${input.system} may not match the team until it succeeds; it is retried by itself. Last error: ${input.error}`,
        link: ADP_LINKS.project(input.projectName),
        severity: 'high',
      },
      now,
    );
  }

  /** Programme admins: a project was created or archived in their programme. */
  programmeProjectChanged(input: {
    admins: string[];
    actor: string;
    actorName: string;
    change: 'created' | 'archived';
    programmeTitle: string;
    projectName: string;
    projectTitle: string;
  }) {
    return this.send({
      recipients: input.admins,
      exclude: [input.actor],
      topic: ADP_NOTIFICATION_TOPICS.programmeProjects,
      title: `Project ${input.projectTitle} was ${input.change} in ${input.programmeTitle}`,
      description: `${input.actorName} ${input.change} it.`,
      link: input.change === 'created' ? ADP_LINKS.project(input.projectName) : '/adp/projects',
    });
  }
}
