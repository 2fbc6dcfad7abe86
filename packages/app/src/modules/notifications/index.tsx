import { createFrontendModule, SubPageBlueprint } from '@backstage/frontend-plugin-api';

/**
 * Settings → Notifications: each kind of ADP message is a topic a person can turn off
 * (the topics are the backend's ADP_NOTIFICATION_TOPICS; the card lists what was sent).
 */
const notificationSettingsPage = SubPageBlueprint.make({
  name: 'notifications',
  params: {
    path: 'notifications',
    title: 'Notifications',
    loader: async () => {
      const [{ UserNotificationSettingsCard }, { Content }] = await Promise.all([
        import('@backstage/plugin-notifications'),
        import('@backstage/core-components'),
      ]);
      return (
        <Content>
          <UserNotificationSettingsCard originNames={{ 'plugin:adp': 'ADP portal' }} />
        </Content>
      );
    },
  },
});

export const notificationSettingsModule = createFrontendModule({
  pluginId: 'user-settings',
  extensions: [notificationSettingsPage],
});
