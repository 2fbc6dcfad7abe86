import { ProjectMember } from '@adp-portal/plugin-adp-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryDatabase } from '../database/stores';
import { dayOf, TeamService } from '../service/TeamService';

/** How long before its end date a member is warned. */
export const MEMBERSHIP_END_WARNING_DAYS = 7;

/** A membership about to end, as its holder is told. */
export interface MembershipEndWarning {
  member: ProjectMember;
  projectId: string;
  projectTitle: string;
}

export interface MembershipEndDeps {
  db: DeliveryDatabase;
  teams: TeamService;
  /** Tells the holder their membership ends soon; without it nobody is warned (and nothing is marked). */
  warn?: (warning: MembershipEndWarning) => Promise<void>;
  logger?: LoggerService;
}

/**
 * Removes every membership whose end date has come (on or before today, UTC), each through the
 * team service's removal path, so history, provisioning and production access follow as for a
 * manual removal. A plain function of `now` so tests own the clock. Returns the removed rows.
 */
export async function endDueMemberships(deps: MembershipEndDeps, now: Date): Promise<ProjectMember[]> {
  const ended: ProjectMember[] = [];
  for (const m of await deps.db.read.teams.endingBy(dayOf(now))) {
    try {
      const removed = await deps.teams.endMembership(m.id, now);
      if (removed) ended.push(removed);
    } catch (error) {
      // One membership that cannot end (its project archived meanwhile) does not stop the others.
      deps.logger?.warn(`Could not end the membership ${m.id} of ${m.userRef}: ${error}`);
    }
  }
  return ended;
}

/**
 * Warns each holder whose membership ends within {@link MEMBERSHIP_END_WARNING_DAYS} days, once
 * per end date (a moved date is warned about again). The warning is claimed in the database
 * before it is sent, so two runs never send it twice; a failed send gives the claim back.
 */
export async function warnEndingMemberships(deps: MembershipEndDeps, now: Date): Promise<MembershipEndWarning[]> {
  if (!deps.warn) return [];
  const horizon = dayOf(new Date(now.getTime() + MEMBERSHIP_END_WARNING_DAYS * 24 * 3600_000));
  const sent: MembershipEndWarning[] = [];
  for (const member of await deps.db.read.teams.endingBy(horizon, { unwarned: true })) {
    if (!(await deps.db.read.teams.markEndWarned(member.id, member.endsAt!, now.toISOString()))) continue;
    const project = await deps.db.read.projects.get(member.projectId);
    const warning = { member, projectId: member.projectId, projectTitle: project?.title ?? member.projectId };
    try {
      await deps.warn(warning);
      sent.push(warning);
    } catch (error) {
      await deps.db.read.teams.clearEndWarning(member.id);
      deps.logger?.warn(`Could not warn ${member.userRef} that their membership ends on ${member.endsAt}: ${error}`);
    }
  }
  return sent;
}
