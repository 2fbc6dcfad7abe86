import { Config } from '@backstage/config';
import { NamingTemplates, resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import { ScmIntegrations } from '@backstage/integration';

export const DEFAULT_ENVIRONMENTS = ['snd', 'dev', 'tst', 'pre', 'prd'];

export interface GithubConfig {
  host: string;
  organization: string;
  apiBaseUrl: string;
  repositoryCacheMs: number;
  /** Environment of the project repositories whose deployment reviewers are the Production Deploy team. */
  productionEnvironment?: string;
  /** GitHub topics marking the platform's own repositories (ADP-Platform-Admins is admin on them). */
  platformRepositoryTopics: string[];
}

export interface EntraConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphBaseUrl: string;
  authorityHost?: string;
}

export interface AzureDevOpsConfig {
  baseUrl: string;
  graphBaseUrl: string;
  personalAccessToken: string;
  /** Its own full pass: Azure DevOps sends no change feed. */
  fullPassIntervalMinutes: number;
}

export interface SonarCloudConfig {
  baseUrl: string;
  organization: string;
  token: string;
  /** Its own full pass: SonarCloud sends no change feed. */
  fullPassIntervalMinutes: number;
}

export interface ProvisioningConfig {
  enabled: boolean;
  naming: NamingTemplates;
  environments: string[];
  productionEnvironments: string[];
  drainIntervalSeconds: number;
  fullPassIntervalMinutes: number;
  batchSize: number;
  leaseSeconds: number;
  backoff: { baseMs: number; capMs: number };
  /** Undefined: the system is not configured and is reported as such. */
  github?: GithubConfig;
  entra?: EntraConfig;
  azureDevOps?: AzureDevOpsConfig;
  sonarcloud?: SonarCloudConfig;
}

class ProvisioningConfigError extends Error {
  constructor(key: string, message: string) {
    super(`Invalid configuration ${key}: ${message}`);
    this.name = 'ProvisioningConfigError';
  }
}

function url(config: Config, key: string, fallback?: string, prefix = 'adp.provisioning'): string | undefined {
  const value = config.getOptionalString(key) ?? fallback;
  if (value === undefined) return undefined;
  try {
    const parsed = new URL(value);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error('not http(s)');
  } catch {
    throw new ProvisioningConfigError(`${prefix}.${key}`, `"${value}" is not an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}

function positive(config: Config | undefined, key: string, fallback: number, fullKey: string): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ProvisioningConfigError(fullKey, `must be a positive number, got ${value}`);
  return value;
}

/** All of a section's keys or none: a half-configured system is a mistake worth stopping for. */
function complete(section: Config, prefix: string, keys: string[]): boolean {
  const present = keys.filter(k => section.has(k));
  if (present.length === 0) return false;
  const missing = keys.filter(k => !section.has(k));
  if (missing.length) {
    throw new ProvisioningConfigError(`${prefix}.${missing[0]}`, `is required when ${prefix}.${present[0]} is set`);
  }
  return true;
}

/**
 * Reads `adp.provisioning`, `adp.environments` and `adp.naming`. A missing system section
 * means "not configured"; a wrong value stops startup naming the key.
 */
export function readProvisioningConfig(root: Config): ProvisioningConfig {
  const adp = root.getOptionalConfig('adp');
  const p = adp?.getOptionalConfig('provisioning');
  const naming = resolveNamingTemplates(
    (adp?.getOptionalConfig('naming')?.get() as Record<string, string> | undefined) ?? {},
  );
  const environments = adp?.getOptionalStringArray('environments') ?? DEFAULT_ENVIRONMENTS;
  if (!environments.length) throw new ProvisioningConfigError('adp.environments', 'must list at least one environment');
  for (const e of environments) {
    if (!/^[a-z0-9-]{1,20}$/i.test(e)) throw new ProvisioningConfigError('adp.environments', `"${e}" is not a valid environment name`);
  }
  const productionEnvironments =
    p?.getOptionalStringArray('productionEnvironments') ?? environments.filter(e => e === 'prd');
  for (const e of productionEnvironments) {
    if (!environments.includes(e)) {
      throw new ProvisioningConfigError('adp.provisioning.productionEnvironments', `"${e}" is not one of adp.environments`);
    }
  }
  if (p?.has('platformAdmins')) {
    // Removed rather than ignored: ignoring it would silently take platform access from people.
    throw new ProvisioningConfigError(
      'adp.provisioning.platformAdmins',
      'is no longer read: ADP Admins come from adp.platformRoles.adpAdminGroups and stored platform roles; put these users in one of those groups',
    );
  }
  const backoffConfig = p?.getOptionalConfig('backoff');
  const result: ProvisioningConfig = {
    enabled: p?.getOptionalBoolean('enabled') ?? true,
    naming,
    environments,
    productionEnvironments,
    drainIntervalSeconds: positive(p, 'drainIntervalSeconds', 5, 'adp.provisioning.drainIntervalSeconds'),
    fullPassIntervalMinutes: positive(p, 'fullPassIntervalMinutes', 60, 'adp.provisioning.fullPassIntervalMinutes'),
    batchSize: positive(p, 'batchSize', 100, 'adp.provisioning.batchSize'),
    leaseSeconds: positive(p, 'leaseSeconds', 600, 'adp.provisioning.leaseSeconds'),
    backoff: {
      baseMs: positive(backoffConfig, 'baseMilliseconds', 5000, 'adp.provisioning.backoff.baseMilliseconds'),
      capMs: positive(backoffConfig, 'capMilliseconds', 15 * 60_000, 'adp.provisioning.backoff.capMilliseconds'),
    },
  };

  const gh = p?.getOptionalConfig('github');
  if (gh?.has('organization')) {
    const host = gh.getOptionalString('host') ?? 'github.com';
    const integration = ScmIntegrations.fromConfig(root).github.byHost(host);
    if (!integration) {
      throw new ProvisioningConfigError('adp.provisioning.github.host', `no integrations.github entry for host ${host}`);
    }
    result.github = {
      host,
      organization: gh.getString('organization'),
      apiBaseUrl: integration.config.apiBaseUrl ?? `https://api.${host}`,
      repositoryCacheMs: positive(gh, 'repositoryCacheSeconds', 60, 'adp.provisioning.github.repositoryCacheSeconds') * 1000,
      platformRepositoryTopics: gh.getOptionalStringArray('platformRepositoryTopics') ?? ['adp'],
    };
    for (const topic of result.github.platformRepositoryTopics) {
      // GitHub's own rule for topics: lower case letters, digits and hyphens, at most 50.
      if (!/^[a-z0-9][a-z0-9-]{0,49}$/.test(topic)) {
        throw new ProvisioningConfigError('adp.provisioning.github.platformRepositoryTopics', `"${topic}" is not a GitHub topic`);
      }
    }
    const environment = gh.getOptionalString('productionEnvironment');
    if (environment !== undefined) {
      if (!/^[A-Za-z0-9._-]{1,255}$/.test(environment)) {
        throw new ProvisioningConfigError('adp.provisioning.github.productionEnvironment', `"${environment}" is not a GitHub environment name`);
      }
      result.github.productionEnvironment = environment;
    }
  }

  const entra = p?.getOptionalConfig('entra');
  if (entra && complete(entra, 'adp.provisioning.entra', ['tenantId', 'clientId', 'clientSecret'])) {
    result.entra = {
      tenantId: entra.getString('tenantId'),
      clientId: entra.getString('clientId'),
      clientSecret: entra.getString('clientSecret'),
      graphBaseUrl: url(entra, 'graphBaseUrl', 'https://graph.microsoft.com', 'adp.provisioning.entra')!,
      authorityHost: url(entra, 'authorityHost', undefined, 'adp.provisioning.entra'),
    };
  }

  const ado = p?.getOptionalConfig('azureDevOps');
  if (ado && complete(ado, 'adp.provisioning.azureDevOps', ['organization', 'personalAccessToken'])) {
    const org = encodeURIComponent(ado.getString('organization'));
    result.azureDevOps = {
      baseUrl: url(ado, 'baseUrl', `https://dev.azure.com/${org}`, 'adp.provisioning.azureDevOps')!,
      graphBaseUrl: url(ado, 'graphBaseUrl', `https://vssps.dev.azure.com/${org}`, 'adp.provisioning.azureDevOps')!,
      personalAccessToken: ado.getString('personalAccessToken'),
      fullPassIntervalMinutes: positive(ado, 'fullPassIntervalMinutes', 360, 'adp.provisioning.azureDevOps.fullPassIntervalMinutes'),
    };
  }

  const sonar = p?.getOptionalConfig('sonarcloud');
  if (sonar && complete(sonar, 'adp.provisioning.sonarcloud', ['organization', 'token'])) {
    result.sonarcloud = {
      baseUrl: url(sonar, 'baseUrl', 'https://sonarcloud.io', 'adp.provisioning.sonarcloud')!,
      organization: sonar.getString('organization'),
      token: sonar.getString('token'),
      fullPassIntervalMinutes: positive(sonar, 'fullPassIntervalMinutes', 360, 'adp.provisioning.sonarcloud.fullPassIntervalMinutes'),
    };
  }
  return result;
}
