/**
 * Test utilities of the ADP backend: loopback fakes of GitHub, Microsoft Graph, Azure DevOps
 * and SonarCloud that provisioning can be pointed at, and the route table of /api/adp.
 *
 * @packageDocumentation
 */
export * from './provisioning/fakes';
export { ROUTES } from './schema/openapi';
export type { RouteDoc, RouteMethod } from './schema/openapi';
export { PROVISIONING_SYSTEMS } from './provisioning/types';
export type { ProvisioningSystem } from './provisioning/types';
export { desiredExternalMemberships } from './provisioning/desired/externalState';
export type { ExternalMembership } from './provisioning/desired/externalState';
