export { AdpNotifier, ADP_LINKS } from './AdpNotifier';
export type { AdpMessage, ProductionAccessSubject, TeamAccessLines, TeamMembershipChange } from './AdpNotifier';
export { ADP_NOTIFICATION_TOPICS } from './topics';
export type { AdpNotificationTopic } from './topics';
export { SentNotifications } from './SentNotifications';
export { ChangeNotifications } from './ChangeNotifications';
export type { ChangeNotificationsDeps } from './ChangeNotifications';
export { TeamAccess } from './TeamAccess';
