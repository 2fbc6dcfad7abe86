import { coreServices, createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import notificationsModuleEmail from '@backstage/plugin-notifications-backend-module-email';

/**
 * Email for notifications, only where it is configured: Backstage's email module stops the
 * backend when `notifications.processors.email` is missing, and the local and demo
 * configurations have no mail server. app-config.production.yaml sets the sender from
 * NOTIFICATIONS_EMAIL_SENDER, so email is on in production when that is set (docs/install.md).
 */
export const notificationsEmailWhenConfigured = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
  *loader({ config, logger }) {
    if (!config.has('notifications.processors.email.sender')) {
      logger.info('Notifications: no email sender configured (notifications.processors.email.sender); in-app only');
      return;
    }
    yield notificationsModuleEmail;
  },
});
