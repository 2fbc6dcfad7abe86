/**
 * Demo-only auth provider `adp-demo`: sign in as a persona named in the
 * `x-adp-demo-persona` header, if it is listed in `adp.demo.personas`.
 *
 * @packageDocumentation
 */
export { authModuleAdpDemoProvider as default } from './module';
export { DEMO_PROVIDER_ID } from './module';
export { PERSONA_HEADER } from './authenticator';
export {
  assertDemoAllowed,
  isDemoEnabled,
  PRODUCTION_DEMO_ERROR,
} from './config';
export type { DemoPersona } from './config';
