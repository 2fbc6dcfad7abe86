import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AuthenticationError, InputError } from '@backstage/errors';
import type { z } from 'zod';
import { AdpActionClient } from './AdpActionClient';

/** Parses with an adp-common schema, the same the server applies, for early and clear errors. */
export function validate<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    i => `${i.path.join('.') || 'input'}: ${i.message}`,
  );
  throw new InputError(`${what} is not valid: ${issues.join('; ')}`);
}

/** Drops undefined values, so the server sees exactly what the template gave. */
export function defined<T extends Record<string, unknown>>(
  value: T,
): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** The token every call carries: issued for the initiator, never the scaffolder's own. */
export async function initiatorToken(
  client: AdpActionClient,
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
): Promise<{ token: string }> {
  const credentials = await ctx.getInitiatorCredentials();
  try {
    return await client.tokenFor(credentials);
  } catch (error) {
    throw new AuthenticationError(
      `The ADP actions act as the user who runs the template, and no token could be issued for them: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}

/** Prefixes that mark a project's repositories and SonarCloud projects: namespace, then alias. */
export function projectPrefixes(project: {
  name: string;
  alias: string | null;
}): string[] {
  return project.alias && project.alias !== project.name
    ? [project.name, project.alias]
    : [project.name];
}

/**
 * Where the portal provisions GitHub (adp.provisioning.github): new repositories go there.
 *
 * @public
 */
export interface AdpGithubTarget {
  /** The integrations.github host, e.g. github.com. */
  host: string;
  organization: string;
}

/**
 * Reads adp.provisioning.github (host defaults to github.com); undefined when not configured.
 *
 * @public
 */
export function readGithubTarget(config: Config): AdpGithubTarget | undefined {
  const github = config.getOptionalConfig('adp.provisioning.github');
  if (!github?.has('organization')) return undefined;
  return {
    host: github.getOptionalString('host') ?? 'github.com',
    organization: github.getString('organization'),
  };
}
