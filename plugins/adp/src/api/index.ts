export { adpApiRef } from './AdpApi';
export type { AdpApi, AdpRestApi } from './AdpApi';
export { AdpApiClient } from './AdpApiClient';
export type { AdpApiClientOptions } from './AdpApiClient';
export * from './provisioning';
export { adpApiFactory } from './factory';
