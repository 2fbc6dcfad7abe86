/**
 * One notifications topic per kind of message, so a person can turn each kind off in the
 * notifications settings (the settings list topics by the sending plugin, `adp`). The strings
 * are what people see there: change one and everyone's setting for it is lost.
 */
export const ADP_NOTIFICATION_TOPICS = {
  /** Sponsors: a production access request awaits their decision. */
  productionAccessRequest: 'Production access requests to sponsor',
  /** Requesters: their production access request was approved or refused. */
  productionAccessDecision: 'Production access decisions',
  /** Holders: 7 days and 1 day before their access is revoked for absence. */
  productionAccessAbsence: 'Production access absence warnings',
  /** Holders: their production access has ended. */
  productionAccessRevoked: 'Production access revoked',
  /** Members: added to or removed from a team, or their technical or admin role changed. */
  teamMembership: 'Team membership changes',
  /** Members: their membership ends on its end date (7 days before, and when it ends). */
  membershipEnd: 'Team membership end dates',
  /** Team and programme admins: a review of their team is due or overdue. */
  accessReview: 'Team access reviews',
  /** Team admins: someone asks to join their team; requesters: the answer. */
  joinRequest: 'Team join requests',
  /** Team admins: their project's provisioning has been failing for a while. */
  provisioningFailure: 'Provisioning failures',
  /** Programme admins: a project was created or archived in their programme. */
  programmeProjects: 'Projects in my programme',
} as const;

/** @public */
export type AdpNotificationTopic = (typeof ADP_NOTIFICATION_TOPICS)[keyof typeof ADP_NOTIFICATION_TOPICS];
