import { createBackend } from '@backstage/backend-defaults';
import {
  catalogModuleAdpMicrosoftGraphTransformer,
  searchModuleAdpCatalogCollator,
} from '@adp-portal/plugin-catalog-backend-module-adp';
import { notificationsEmailWhenConfigured } from './notificationsEmail';

const backend = createBackend();

// Serves the built app (packages/app/dist) with its runtime config.
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: Microsoft Entra ID in production; demo personas with app-config.demo.yaml
// (the demo provider refuses to start when adp.environment is production).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-microsoft-provider'));
backend.add(import('@adp-portal/plugin-auth-backend-module-adp-demo-provider'));
// GitHub sign-in links a person's GitHub account to their profile (never signs in to the portal);
// idle until auth.providers.github is configured.
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Users and groups from Entra ID; idle until catalog.providers.microsoftGraphOrg is configured.
backend.add(import('@backstage/plugin-catalog-backend-module-msgraph'));
// ALBs, programmes and projects as Group entities, plus ADP user naming for msgraph.
backend.add(import('@adp-portal/plugin-catalog-backend-module-adp'));
backend.add(catalogModuleAdpMicrosoftGraphTransformer);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// adp:* actions: create programmes and projects, grant repositories, await provisioning.
backend.add(import('@adp-portal/plugin-scaffolder-backend-module-adp'));

// The ADP role model is the portal's permission policy.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@adp-portal/plugin-permission-backend-module-adp-policy'));

backend.add(import('@backstage/plugin-events-backend'));
// GitHub organisation webhooks at /api/events/http/github, checked against
// events.modules.github.webhookSecret (no secret: no ingress); provisioning reconciles what they name.
backend.add(import('@backstage/plugin-events-backend-module-github'));

// Notifications (the app's bell and notifications page) with live updates through signals;
// email where notifications.processors.email is configured (app-config.production.yaml).
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(notificationsEmailWhenConfigured);

// Search: PostgreSQL's full-text engine when the database is PostgreSQL (the module stands
// aside otherwise), Lunr in memory for SQLite. Results are checked against the permission
// policy at query time (catalog.entity.read per result).
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// ADP groups are found by alias, programme code and service code too.
backend.add(searchModuleAdpCatalogCollator);
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// TechDocs: serves documentation built and published elsewhere (techdocs.builder: external,
// see docs/decisions.md); nothing is built here, so no mkdocs or Docker is needed.
backend.add(import('@backstage/plugin-techdocs-backend'));

// Delivery data, teams, access and provisioning: /api/adp.
backend.add(import('@adp-portal/plugin-adp-backend'));

backend.start();
