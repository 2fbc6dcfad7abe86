import { AdpConfigError, NamingTemplates, resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
};

/** Everything the catalog module reads from configuration. */
export interface CatalogModuleConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  naming: NamingTemplates;
}

/**
 * Reads `adp.catalog.schedule` (default: every 30 minutes, 10 minute timeout) and
 * `adp.naming`. A value that is present but wrong stops startup with an error naming the key.
 */
export function readCatalogModuleConfig(config: RootConfigService): CatalogModuleConfig {
  const key = 'adp.catalog.schedule';
  let schedule = DEFAULT_SCHEDULE;
  if (config.has(key)) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig(key));
    } catch (error) {
      throw new AdpConfigError(key, error instanceof Error ? error.message : String(error));
    }
  }
  // An unusable template is an AdpConfigError naming its key (adp.naming.<template>).
  const naming = resolveNamingTemplates(config.getOptionalConfig('adp.naming')?.get<Record<string, string>>() ?? {});
  return { schedule, naming };
}
