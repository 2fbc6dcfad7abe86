import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/**
 * A user the demo provider may sign in as, from `adp.demo.personas`.
 *
 * @public
 */
export interface DemoPersona {
  /** Normalised user entity ref, for example `user:default/tess`. */
  userRef: string;
  title: string;
  description: string;
}

/** @public */
export const PRODUCTION_DEMO_ERROR =
  'adp.demo.enabled must not be set in production config: demo personas would let anyone sign in as anyone';

/**
 * True when `adp.demo.enabled` is set; says nothing about whether that is allowed.
 *
 * @public
 */
export function isDemoEnabled(config: Config): boolean {
  return config.getOptionalBoolean('adp.demo.enabled') ?? false;
}

/**
 * Throws when demo sign-in is on in a production deployment. Both signals count:
 * the config may be right while the process runs as a production build, and the
 * other way round.
 *
 * @public
 */
export function assertDemoAllowed(
  config: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): void {
  if (!isDemoEnabled(config)) {
    return;
  }
  const environment = config.getOptionalString('adp.environment');
  if (environment === 'production' || nodeEnv === 'production') {
    throw new Error(PRODUCTION_DEMO_ERROR);
  }
}

/** `tess`, `default/tess` and `user:default/tess` all name the same user. */
export function normalizeUserRef(ref: string): string {
  const parsed = parseEntityRef(ref.trim(), {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new TypeError(`"${ref}" is not a user entity ref`);
  }
  return stringifyEntityRef(parsed);
}

/** A persona's user ref; one that is not a user stops startup, naming the key. */
function readUserRef(ref: string, key: string): string {
  try {
    return normalizeUserRef(ref);
  } catch (error) {
    throw new TypeError(`Invalid configuration ${key}: ${(error as Error).message}`);
  }
}

/**
 * The personas of `adp.demo.personas`. A missing title or description, a ref that is not a
 * user, or an empty list stops startup with the key named.
 */
export function readDemoPersonas(config: Config): DemoPersona[] {
  const personas = (
    config.getOptionalConfigArray('adp.demo.personas') ?? []
  ).map((persona, index) => ({
    userRef: readUserRef(
      persona.getString('userRef'),
      `adp.demo.personas[${index}].userRef`,
    ),
    title: persona.getString('title'),
    description: persona.getString('description'),
  }));
  if (personas.length === 0) {
    throw new Error(
      'adp.demo.enabled is true but adp.demo.personas is empty: nobody could sign in',
    );
  }
  return personas;
}
