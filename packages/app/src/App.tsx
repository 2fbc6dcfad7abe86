import adpPlugin from '@adp-portal/plugin-adp/alpha';
import { createApp } from '@backstage/frontend-defaults';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import techdocsPlugin from '@backstage/plugin-techdocs/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import { navModule } from './modules/nav';
import { notificationSettingsModule } from './modules/notifications';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    adpPlugin,
    apiDocsPlugin,
    catalogPlugin,
    catalogGraphPlugin,
    notificationsPlugin,
    orgPlugin,
    scaffolderPlugin,
    searchPlugin,
    signalsPlugin,
    techdocsPlugin,
    userSettingsPlugin,
    navModule,
    notificationSettingsModule,
    signInModule,
  ],
});
