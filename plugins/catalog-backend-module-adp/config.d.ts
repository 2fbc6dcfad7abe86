import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  adp?: {
    catalog?: {
      /**
       * How often the ADP entity provider replaces all its Group entities (repairing drift).
       * Changes are applied at once through events regardless. Default: every 30 minutes,
       * 10 minute timeout; the first run is at startup.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** Naming templates (see @adp-portal/plugin-adp-common `DEFAULT_NAMING_TEMPLATES`). */
    naming?: { [key: string]: string };
  };
}
