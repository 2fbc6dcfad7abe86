import { AuthenticationError, InputError } from '@backstage/errors';
import {
  AuthResolverContext,
  createProxyAuthenticator,
  ProfileTransform,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import { DemoPersona, normalizeUserRef } from './config';

/** @public */
export const PERSONA_HEADER = 'x-adp-demo-persona';

/** What the authenticator hands to the profile transform and sign-in resolver. */
export interface DemoAuthResult {
  userRef: string;
}

/** The profile comes from the catalog user, so the UI shows the person's name. */
export const demoProfileTransform: ProfileTransform<DemoAuthResult> = async (
  result,
  ctx: AuthResolverContext,
) => {
  const { entity } = await ctx.findCatalogUser({ entityRef: result.userRef });
  const profile = (entity.spec?.profile ?? {}) as {
    displayName?: string;
    email?: string;
    picture?: string;
  };
  return {
    profile: {
      displayName: profile.displayName ?? entity.metadata.title,
      email: profile.email,
      picture: profile.picture,
    },
  };
};

/** Catalog sign-in: ownership refs include the user's groups. */
export const demoSignInResolver: SignInResolver<DemoAuthResult> = async (
  { result },
  ctx,
) => ctx.signInWithCatalogUser({ entityRef: result.userRef });

/** Reads the persona header and accepts only the configured personas. */
export function createDemoAuthenticator(personas: DemoPersona[]) {
  const allowed = new Set(personas.map(p => p.userRef));
  return createProxyAuthenticator<void, DemoAuthResult, undefined>({
    defaultProfileTransform: demoProfileTransform,
    initialize() {},
    async authenticate({ req }) {
      const header = req.header(PERSONA_HEADER);
      if (!header) {
        throw new InputError(`Missing ${PERSONA_HEADER} header`);
      }
      let userRef: string;
      try {
        userRef = normalizeUserRef(header);
      } catch (error) {
        throw new InputError(`Invalid ${PERSONA_HEADER} header`, error);
      }
      if (!allowed.has(userRef)) {
        throw new AuthenticationError(`${userRef} is not a demo persona`);
      }
      return { result: { userRef } };
    },
  });
}
