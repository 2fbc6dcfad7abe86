import { ConfigApi, IdentityApi } from '@backstage/frontend-plugin-api';

/** A demo persona from `adp.demo.personas` (frontend-visible config). */
export interface Persona {
  userRef: string;
  /** The person's name, e.g. "Tess Technical". */
  displayName: string;
  /** The role they play, e.g. "Technical Team Member". */
  title: string;
  description: string;
}

export const PERSONA_HEADER = 'x-adp-demo-persona';
const STORAGE_KEY = 'adp-demo-persona';

export function isDemoSignIn(config: ConfigApi): boolean {
  return config.getOptionalBoolean('adp.demo.enabled') ?? false;
}

export function readPersonas(config: ConfigApi): Persona[] {
  return (config.getOptionalConfigArray('adp.demo.personas') ?? []).map(p => {
    const userRef = p.getString('userRef');
    return {
      userRef,
      // The name is optional in config; the ref's name part is a fair stand-in.
      displayName:
        p.getOptionalString('displayName') ?? userRef.replace(/^.*[:/]/, ''),
      title: p.getString('title'),
      description: p.getString('description'),
    };
  });
}

/** The chosen persona lives for the browser tab, so a reload keeps the session. */
export const personaStorage = {
  load(personas: Persona[]): Persona | undefined {
    const ref = window.sessionStorage.getItem(STORAGE_KEY);
    return personas.find(p => p.userRef === ref);
  },
  save(persona: Persona) {
    window.sessionStorage.setItem(STORAGE_KEY, persona.userRef);
  },
  clear() {
    window.sessionStorage.removeItem(STORAGE_KEY);
  },
};

/** Signing out forgets the persona, so the app returns to the chooser. */
export function forgetPersonaOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      personaStorage.clear();
      await identity.signOut();
    },
  };
}
